using BenchmarkDotNet.Attributes;
using Workbooks.Benchmarks.Monitoring;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving;
using Workbooks.Serving.Caching;
using Workbooks.Serving.Hosting;
using Workbooks.Serving.Load;
using Workbooks.Serving.Rows;

namespace Workbooks.Benchmarks.Serving;

/// <summary>
/// The prediction cache's hit path against the model, in process, for one Bike Sharing row (the champion of
/// <see cref="BikeServingScenario"/>: FastTree, 60 trees, 12 features): the baseline is <see cref="ServedModel.Predict"/>
/// (ML.NET row mapper); a hit is the row's hash (canonical bytes + XXH128) and a read of the hot table in front of HybridCache (rows
/// answered within the last second; otherwise the key string and HybridCache's L1 lookup); the key alone is
/// shown too, and the model with the monitor's per-call record (the monitor's overhead per request). Goal: a hit at
/// least 10x cheaper than the model.
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*ServingCache*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class ServingCacheBenchmarks
{
    private ServedModel _model = null!;
    private ServedRow _row = null!;
    private PredictionCache _cache = null!;
    private ModelMonitor<ServedRow, PredictionView> _monitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = BikeServingScenario.Load();
        _model = new ServedModel(scenario.Champion, "bike", "1");
        int row = scenario.Rows2012[100];
        _row = ServedRow.Of(scenario.Champion.Schema, BikeServingScenario.Features.ToDictionary(f => f, f => (object?)scenario.Table[f].RequireNumbers()[row]));
        _cache = new PredictionCache(CacheMode.Memory, 64L << 20, TimeSpan.FromHours(1));
        _cache.GetOrPredictAsync(_model, _row).AsTask().GetAwaiter().GetResult();
        _monitor = new ModelMonitor<ServedRow, PredictionView>(_model.Predict, new MonitorOptions { ModelVersion = "1", BackPressure = BackPressure.Drop,
            Window = WindowSpec.ByCount(100_000), KeepWindowCalls = false, PendingLabelCapacity = 1024 }, v => v);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// cache: {_cache.Counts}");
        Console.WriteLine($"// monitor: {_monitor.Counts}");
        _cache.Dispose();
        _monitor.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double ModelPredict() => _model.Predict(_row).Score;

    [Benchmark]
    public double CacheHit()
    {
        var task = _cache.GetOrPredictAsync(_model, _row);
        return (task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult()).Prediction.Score;
    }

    /// <summary>What the service does per answered row with the monitor on: the model, then <c>ModelMonitor.Record</c>.</summary>
    [Benchmark]
    public double ModelPredictMonitored()
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var p = _model.Predict(_row);
        _monitor.Record(_row, p, start, "1");
        return p.Score;
    }

    /// <summary>The full key HybridCache is asked with on a miss of the hot table (hash, then the key string).</summary>
    [Benchmark]
    public string RowKeyOnly() => RowKey.Of("bike", "1", _row);

    /// <summary>The row's hash alone: what a hit of the hot table costs besides one array read.</summary>
    [Benchmark]
    public UInt128 RowHashOnly() => RowKey.Hash128(_row);
}
