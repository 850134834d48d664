using System.Diagnostics;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.Benchmarks;

/// <summary>
/// A load-insensitive companion to <see cref="DriftBenchmarks"/>: on a shared, oversubscribed machine wall time
/// says little, so this runs the same 1M x 20 computation and reports process CPU time (user + system) per run;
/// CPU time / cores is what the run would take on that many idle cores (if it parallelises perfectly), and
/// peak working set against the raw column data. Run:
/// <c>dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- drift-cpu [ROWS] [RUNS]</c>
/// </summary>
public static class DriftCpuTime
{
    public static void Run(int rows, int runs)
    {
        var r = DriftBenchmarkData.Columns(rows, DriftBenchmarks.ColumnCount, current: false, seed: 1);
        var c = DriftBenchmarkData.Columns(rows, DriftBenchmarks.ColumnCount, current: true, seed: 2);
        var reference = new Table(r.Select((v, j) => TableColumn.Numerical($"c{j}", v)), "reference");
        var current = new Table(c.Select((v, j) => TableColumn.Numerical($"c{j}", v)), "current");
        double rawMb = 2.0 * rows * DriftBenchmarks.ColumnCount * sizeof(double) / (1 << 20);
        foreach (var (name, action) in new (string, Func<object>)[]
        {
            ("SequentialArraySortWasserstein (baseline)", () => SequentialBaseline(reference, current)),
            ("DefaultTests", () => DataDrift.Compute(reference, current)),
            ("KsAllColumns", () => DataDrift.Compute(reference, current, new DriftOptions { TestForAll = "ks" })),
        })
        {
            action(); // warm-up (JIT)
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++) action();
            wall.Stop();
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / runs;
            Console.WriteLine($"{name,-44} wall {wall.Elapsed.TotalSeconds / runs,7:F3} s   CPU {cpu,7:F3} s   (CPU/2 cores {cpu / 2:F3} s)");
        }
        var p = Process.GetCurrentProcess();
        p.Refresh();
        Console.WriteLine($"raw column data {rawMb:F0} MiB, peak working set {p.PeakWorkingSet64 / (1 << 20)} MiB ({p.PeakWorkingSet64 / (1 << 20) / rawMb:F2}x, includes the generator's arrays and the runtime)");
    }

    private static double SequentialBaseline(Table reference, Table current)
    {
        double total = 0;
        for (int j = 0; j < reference.Columns.Count; j++)
        {
            var a = (double[])reference.Columns[j].Numbers!.Clone();
            var b = (double[])current.Columns[j].Numbers!.Clone();
            Array.Sort(a); Array.Sort(b);
            total += Workbooks.ModelOps.Statistics.CdfDistances.Wasserstein(a, b);
        }
        return total;
    }
}
