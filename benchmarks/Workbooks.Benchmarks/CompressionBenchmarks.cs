using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Onnx;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Walkthroughs;

namespace Workbooks.Benchmarks;

/// <summary>
/// Single-row latency of the three compression examples (100 trees each, see <see cref="CompressionExamples"/>):
/// ML.NET's <c>PredictionEngine</c> with a typed input object (the baseline, <see cref="PredictionEngineBaseline"/>),
/// ML.NET's row-to-row mapper over a table row (what <c>TrainedModel</c> uses), ONNX Runtime on ML.NET's ONNX export, the compiled ensemble behind the model's own ML.NET feature preparation and
/// behind the compiled preparation, and the compiled ensemble on an already-prepared feature vector (QuickScorer, and the
/// four-trees-at-once walk). Each call predicts the next of the 1,000 held-out rows.
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*Compression*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class CompressionBenchmarks
{
    // In process: on the shared 2-core machine the generated project's build outlasts BenchmarkDotNet's 2-minute limit.
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
    }

    private Func<int, PredictionView> _mlnet = null!, _mlnetPrepared = null!, _compiled = null!;
    private CompiledEnsemble _ensemble = null!, _interleaved = null!;
    private OnnxModel _onnx = null!;
    private PredictionEngineBaseline _engine = null!;
    private Workbooks.ModelOps.Data.Table _heldOut = null!;
    private float[] _prepared = [], _scores = [];
    private int _rows, _row, _features;

    [Params("adult", "insects", "bike")]
    public string Model { get; set; } = "adult";

    [GlobalSetup]
    public void Setup()
    {
        var example = CompressionExamples.Load(Model);
        var compiled = CompiledModel.Compile(example.Model);
        _mlnet = example.Model.CreatePredictor(example.HeldOut);
        _mlnetPrepared = compiled.CreatePredictor(example.HeldOut, compiledPreparation: false);
        _compiled = compiled.CreatePredictor(example.HeldOut);
        _ensemble = compiled.Ensemble;
        _interleaved = _ensemble.With(TreeTraversal.Interleaved);
        _onnx = OnnxModel.Export(example.Model, example.Train);
        _engine = PredictionEngineBaseline.For(example);
        _heldOut = example.HeldOut;
        _prepared = compiled.Prepare(example.HeldOut).ReadAll();
        _scores = new float[_ensemble.ScoreCount];
        _rows = example.HeldOut.RowCount;
        _features = _ensemble.FeatureCount;
        for (int r = 0; r < _rows; r++)
            if (_mlnet(r) != _compiled(r) && Math.Abs(_mlnet(r).Score - _compiled(r).Score) > 1e-6 * Math.Max(1, Math.Abs(_mlnet(r).Score)))
                throw new InvalidOperationException($"{Model} row {r}: ML.NET {_mlnet(r)}, compiled {_compiled(r)}");
    }

    private int Next() => _row = _row + 1 == _rows ? 0 : _row + 1;

    [Benchmark(Baseline = true, Description = "ML.NET PredictionEngine (typed row object)")]
    public double PredictionEngine() => _engine.Predict(Next());

    [Benchmark(Description = "ML.NET row mapper over a table row (TrainedModel.CreatePredictor)")]
    public double MlNet() => _mlnet(Next()).Score;

    [Benchmark(Description = "ML.NET feature preparation + compiled trees")]
    public double CompiledWithMlNetPreparation() => _mlnetPrepared(Next()).Score;

    [Benchmark(Description = "compiled preparation + compiled trees")]
    public double CompiledWithPreparation() => _compiled(Next()).Score;

    [Benchmark(Description = "ONNX Runtime (ML.NET's ONNX export)")]
    public double Onnx() => _onnx.Predict(_heldOut, Next()).Score;

    [Benchmark(Description = "compiled trees (QuickScorer) on a prepared vector")]
    public float CompiledPrepared()
    {
        _ensemble.Score(_prepared.AsSpan(Next() * _features, _features), _scores);
        return _scores[0];
    }

    [Benchmark(Description = "compiled trees (four interleaved walks) on a prepared vector")]
    public float InterleavedPrepared()
    {
        _interleaved.Score(_prepared.AsSpan(Next() * _features, _features), _scores);
        return _scores[0];
    }
}
