using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.Benchmarks;

/// <summary>
/// Issue #3's scale target: 1,000,000 rows x 20 numerical columns on each side. <c>DefaultTests</c> is the
/// automatic choice (normed Wasserstein for a reference over 1000 rows), <c>KsAllColumns</c> forces KS.
/// The baseline is the straightforward way: copy, <see cref="Array.Sort(Array)"/> and the same Wasserstein per
/// column, one column after the other. Run:
/// <c>dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*DriftBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcess))]
public class DriftBenchmarks
{
    private Table _reference = null!, _current = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    public const int ColumnCount = 20;

    [GlobalSetup]
    public void Setup()
    {
        var r = DriftBenchmarkData.Columns(Rows, ColumnCount, current: false, seed: 1);
        var c = DriftBenchmarkData.Columns(Rows, ColumnCount, current: true, seed: 2);
        _reference = new Table(r.Select((v, j) => TableColumn.Numerical($"c{j}", v)), "reference");
        _current = new Table(c.Select((v, j) => TableColumn.Numerical($"c{j}", v)), "current");
    }

    [Benchmark(Baseline = true)]
    public double SequentialArraySortWasserstein()
    {
        double total = 0;
        for (int j = 0; j < ColumnCount; j++)
        {
            var a = (double[])_reference.Columns[j].Numbers!.Clone();
            var b = (double[])_current.Columns[j].Numbers!.Clone();
            Array.Sort(a); Array.Sort(b);
            total += CdfDistances.Wasserstein(a, b) / Math.Max(CdfDistances.PopulationStd(a), 0.001);
        }
        return total;
    }

    [Benchmark]
    public int DefaultTests() => DataDrift.Compute(_reference, _current).NumberOfDriftedColumns;

    [Benchmark]
    public int KsAllColumns() => DataDrift.Compute(_reference, _current, new DriftOptions { TestForAll = "ks" }).NumberOfDriftedColumns;

    [Benchmark]
    public int DefaultTestsSingleThread() => DataDrift.Compute(_reference, _current, new DriftOptions { MaxDegreeOfParallelism = 1 }).NumberOfDriftedColumns;

    /// <summary>One warm-up and five measured iterations, in process: the shared machine builds a separate
    /// benchmark executable too slowly for BenchmarkDotNet's build timeout.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
    }
}
