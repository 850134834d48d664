using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.Benchmarks.Monitoring;

/// <summary>
/// The monitor's cost on the calling thread: a monitored call against the bare predictor (a small linear
/// model over 8 features). Drop keeps the caller from ever waiting on the background thread, so it shows the
/// hot path alone; Block shows the sustained cost when the background thread must keep up.
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*MonitorOverhead*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class MonitorOverheadBenchmarks
{
    private static readonly float[] Weights = [0.5f, -1.25f, 0.75f, 2f, -0.5f, 1f, 0.25f, -2f];
    private readonly float[] _input = [1, 2, 3, 4, 5, 6, 7, 8];
    private Func<float[], float> _bare = null!;
    private ModelMonitor<float[], float> _dropping = null!;
    private ModelMonitor<float[], float> _blocking = null!;

    private static float Linear(float[] x)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++) s += Weights[i] * x[i];
        return s;
    }

    [GlobalSetup]
    public void Setup()
    {
        _bare = Linear;
        var window = WindowSpec.ByCount(100_000);
        _dropping = new ModelMonitor<float[], float>(Linear, new MonitorOptions { BackPressure = BackPressure.Drop, Window = window, KeepWindowCalls = false, PendingLabelCapacity = 1024 });
        _blocking = new ModelMonitor<float[], float>(Linear, new MonitorOptions { BackPressure = BackPressure.Block, Window = window, KeepWindowCalls = false, PendingLabelCapacity = 1024 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// drop monitor: {_dropping.Counts}");
        Console.WriteLine($"// block monitor: {_blocking.Counts}");
        _dropping.Dispose();
        _blocking.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float Bare() => _bare(_input);

    [Benchmark]
    public float MonitoredDrop() => _dropping.Predict(_input);

    [Benchmark]
    public float MonitoredBlock() => _blocking.Predict(_input);
}

/// <summary>In-process (no separate build, which times out on a loaded 2-core machine), 3 warmups, 10 iterations.</summary>
public sealed class InProcessShortConfig : ManualConfig
{
    public InProcessShortConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
}
