using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HdrHistogram;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.Benchmarks;

/// <summary>
/// Cost per recorded value of the monitor's hot-path metric updates, against a baseline of a plain
/// interlocked increment (the least a thread-safe counter can cost). Each invocation processes a batch of
/// <see cref="Batch"/> values so the per-call timer overhead does not dominate.
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*MetricsRecording*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class MetricsRecordingBenchmarks
{
    private const int Batch = 1024;
    private readonly long[] _latencies = new long[Batch];
    private readonly double[] _actual = new double[Batch], _predicted = new double[Batch], _probability = new double[Batch];
    private readonly int[] _label = new int[Batch], _class = new int[Batch];
    private readonly LatencyRecorder _recorder = new();
    private readonly LongHistogram _plainHistogram = new(1, LatencyRecorder.HighestTrackableMicroseconds, 3);
    private readonly ConfusionMatrix _confusion = new(4);
    private readonly RegressionAccumulator _regression = new();
    private readonly BinaryProbabilityAccumulator _probabilistic = new();
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        for (int i = 0; i < Batch; i++)
        {
            _latencies[i] = 20 + (long)Math.Exp(rng.NextDouble() * 10);
            _actual[i] = rng.NextDouble() * 500; _predicted[i] = _actual[i] + rng.NextDouble() * 40 - 20;
            _probability[i] = rng.NextDouble(); _label[i] = rng.Next(2); _class[i] = rng.Next(4);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void InterlockedIncrement()
    {
        for (int i = 0; i < Batch; i++) Interlocked.Add(ref _counter, _latencies[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LatencyRecorder_RecordMicroseconds()
    {
        for (int i = 0; i < Batch; i++) _recorder.RecordMicroseconds(_latencies[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LatencyRecorder_RecordElapsedSince()
    {
        for (int i = 0; i < Batch; i++) _recorder.RecordElapsedSince(Stopwatch.GetTimestamp() - _latencies[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void PlainLongHistogram_NotThreadSafe()
    {
        for (int i = 0; i < Batch; i++) _plainHistogram.RecordValue(_latencies[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ConfusionMatrix_Add()
    {
        for (int i = 0; i < Batch; i++) _confusion.Add(_class[i], _label[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ConfusionMatrix_AddConcurrent()
    {
        for (int i = 0; i < Batch; i++) _confusion.AddConcurrent(_class[i], _label[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void RegressionAccumulator_Add()
    {
        for (int i = 0; i < Batch; i++) _regression.Add(_actual[i], _predicted[i]);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void BinaryProbabilityAccumulator_Add()
    {
        for (int i = 0; i < Batch; i++) _probabilistic.Add(_label[i], _probability[i]);
    }
}

/// <summary>A short job run in-process: on the shared 2-core machine, building BenchmarkDotNet's separate
/// boilerplate project can exceed its 2-minute build timeout, and nanosecond-scale loops need no isolation.</summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig() =>
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
}
