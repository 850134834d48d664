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
/// (ML.NET row mapper); a hit is the row key (canonical bytes + XXH128) and a HybridCache L1 lookup; the key alone is
/// shown too. Goal: a hit at least 10x cheaper than the model.
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*ServingCache*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class ServingCacheBenchmarks
{
    private ServedModel _model = null!;
    private ServedRow _row = null!;
    private PredictionCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = BikeServingScenario.Load();
        _model = new ServedModel(scenario.Champion, "bike", "1");
        int row = scenario.Rows2012[100];
        _row = ServedRow.Of(scenario.Champion.Schema, BikeServingScenario.Features.ToDictionary(f => f, f => (object?)scenario.Table[f].RequireNumbers()[row]));
        _cache = new PredictionCache(CacheMode.Memory, 64L << 20, TimeSpan.FromHours(1));
        _cache.GetOrPredictAsync(_model, _row).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// cache: {_cache.Counts}");
        _cache.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double ModelPredict() => _model.Predict(_row).Score;

    [Benchmark]
    public double CacheHit()
    {
        var task = _cache.GetOrPredictAsync(_model, _row);
        return (task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult()).Prediction.Score;
    }

    [Benchmark]
    public string RowKeyOnly() => RowKey.Of("bike", "1", _row);
}
