using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Workbooks.ModelOps.Detectors;

namespace Workbooks.Benchmarks;

/// <summary>
/// Updates per second of each streaming detector on a Bernoulli error stream whose rate changes
/// (so detectors warn, drift and reset as in use). Baseline: a plain running mean over the same values,
/// i.e. the cost of reading the stream and one division. Single thread.
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*DetectorUpdate*'
/// </summary>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class DetectorUpdateBenchmarks
{
    // In-process and short: the shared 2-core machine makes separate benchmark builds time out.
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8));
    }

    private const int StreamLength = 100_000;
    private double[] _stream = [];
    private DriftDetector _detector = null!;

    [Params("adwin", "ddm", "eddm", "hddm_a", "hddm_w", "kswin", "page_hinkley")]
    public string Detector { get; set; } = "ddm";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        _stream = new double[StreamLength];
        for (int i = 0; i < StreamLength; i++)
        {
            double rate = (i / 10_000) % 2 == 0 ? 0.1 : 0.3;
            _stream[i] = rng.NextDouble() < rate ? 1 : 0;
        }
        _detector = Detector == "kswin"
            ? DetectorCatalog.Create(Detector, new Dictionary<string, string> { ["seed"] = "1" })
            : DetectorCatalog.Create(Detector);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
    public double RunningMeanBaseline()
    {
        var mean = new RunningMean();
        foreach (var x in _stream) mean.Update(x);
        return mean.Mean;
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public bool Update()
    {
        var detector = _detector;
        bool any = false;
        foreach (var x in _stream)
        {
            detector.Update(x);
            any |= detector.DriftDetected;
        }
        return any;
    }
}
