using System.Diagnostics;
using System.Globalization;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Gpu;

namespace Workbooks.GpuBench;

/// <summary>
/// MMD with permutations, the 5k x 5k x 500 case: the CPU path on every core and, with a device, the GPU kernel
/// on the same rows, with their statistics and p-values side by side. Shared by this app and the training verb of
/// Workbooks.Benchmarks (linked source), so both report the same measurement.
/// </summary>
public static class MmdRows
{
    public static void Run(int perSide, IReadOnlyList<int> dimensions, GpuDevice? gpu, int permutations = 500)
    {
        foreach (int dims in dimensions)
        {
            var random = new Random(5);
            var x = Enumerable.Range(0, perSide * dims).Select(_ => random.NextDouble()).ToArray();
            var y = Enumerable.Range(0, perSide * dims).Select(i => random.NextDouble() + (i % dims == 0 ? 0.05 : 0)).ToArray();
            var options = new MmdOptions { Permutations = permutations, MaxRowsPerSide = perSide };
            Console.WriteLine($"\n## MMD, {perSide:N0} x {perSide:N0} rows of {dims} features, {permutations} permutations");
            var clock = Stopwatch.StartNew();
            var cpuTime = Process.GetCurrentProcess().TotalProcessorTime;
            var cpu = MaximumMeanDiscrepancy.Test(x, y, dims, options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU path, {Environment.ProcessorCount} cores: {clock.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpuTime).TotalSeconds:0.0} s CPU; MMD² {cpu.Mmd2:R}, p {cpu.PValue:0.000}"));
            if (gpu is null) continue;
            MmdKernel.Test(gpu, x.AsSpan(0, 20 * dims).ToArray(), y.AsSpan(0, 20 * dims).ToArray(), dims, options with { Permutations = 3 });   // compile
            clock.Restart();
            var g = MmdKernel.Test(gpu, x, y, dims, options);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GPU ({gpu.Accelerator.AcceleratorType}): {seconds:0.00} s wall; MMD² {g.Mmd2:R}, p {g.PValue:0.000}; relative difference {Math.Abs(g.Mmd2 - cpu.Mmd2) / Math.Abs(cpu.Mmd2):E1}, equal p: {g.PValue == cpu.PValue}"));
        }
    }
}
