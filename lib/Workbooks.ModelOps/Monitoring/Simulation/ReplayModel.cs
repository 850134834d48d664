using Microsoft.ML;
using Microsoft.ML.Data;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// An ML.NET model over a <see cref="FeatureEncoder"/>'s vector, for replays: FastTree for binary and
/// regression tasks, LightGBM for multiclass. Saved as the ML.NET zip plus <c>.features.json</c> beside it.
/// <see cref="Load"/> also takes any regression or binary-classification ML.NET zip bound to a dataset's columns by name.
/// </summary>
public sealed class ReplayModel
{
    private sealed class Input { public float[] Features = []; }
    private sealed class BinaryLabelled { public float[] Features = []; public bool Label; }
    private sealed class FloatLabelled { public float[] Features = []; public float Label; }
    private sealed class StringLabelled { public float[] Features = []; public string Label = ""; }
#pragma warning disable CS0649 // set by ML.NET through reflection
    private sealed class BinaryOut { public bool PredictedLabel; public float Probability; }
    private sealed class MultiOut { public string PredictedLabel = ""; public float[] Score = []; }
    private sealed class RegressionOut { public float Score; }
#pragma warning restore CS0649

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _inputSchema;
    private readonly SchemaBoundModel? _bound;   // a plain model zip reading table columns by name

    private ReplayModel(MLContext ml, ITransformer model, FeatureEncoder encoder, ReplayTask task, string? positiveClass, string? negativeClass, SchemaBoundModel? bound = null)
    {
        _ml = ml; _model = model; Encoder = encoder; Task = task; PositiveClass = positiveClass; NegativeClass = negativeClass; _bound = bound;
        _inputSchema = VectorSchema<Input>(encoder.Width);
    }

    public FeatureEncoder Encoder { get; }
    public ReplayTask Task { get; }
    public string? PositiveClass { get; }
    public string? NegativeClass { get; }

    /// <summary>Trains on rows [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="data"/>.</summary>
    public static ReplayModel Train(ReplayDataset data, int from, int to, int seed = 1)
    {
        if (to - from < 20) throw new ArgumentException($"Training needs at least 20 rows; rows {from}..{to} of {data.Table.Source} hold {to - from}.");
        var ml = new MLContext(seed);
        var encoder = FeatureEncoder.Fit(data.Table, data.FeatureNames, from, to);
        var labels = data.Table[data.Label];
        var rows = Enumerable.Range(from, to - from);
        string? negative = data.Task == ReplayTask.Binary ? labels.AsLabels().First(l => l != data.PositiveClass) : null;
        ITransformer model;
        switch (data.Task)
        {
            case ReplayTask.Binary:
                var b = ml.Data.LoadFromEnumerable(rows.Select(i => new BinaryLabelled { Features = encoder.Encode(data.Table, i), Label = labels.AsLabels()[i] == data.PositiveClass }).ToList(), VectorSchema<BinaryLabelled>(encoder.Width));
                model = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 16, numberOfTrees: 50).Fit(b);
                break;
            case ReplayTask.Regression:
                var numbers = labels.RequireNumbers();
                var r = ml.Data.LoadFromEnumerable(rows.Select(i => new FloatLabelled { Features = encoder.Encode(data.Table, i), Label = (float)numbers[i] }).ToList(), VectorSchema<FloatLabelled>(encoder.Width));
                model = ml.Regression.Trainers.FastTree(numberOfLeaves: 32, numberOfTrees: 100).Fit(r);
                break;
            default:
                var text = labels.AsLabels();
                var m = ml.Data.LoadFromEnumerable(rows.Select(i => new StringLabelled { Features = encoder.Encode(data.Table, i), Label = text[i]! }).ToList(), VectorSchema<StringLabelled>(encoder.Width));
                model = ml.Transforms.Conversion.MapValueToKey("Label")
                    .Append(ml.MulticlassClassification.Trainers.LightGbm(numberOfLeaves: 16, numberOfIterations: 50))
                    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(m);
                break;
        }
        return new ReplayModel(ml, model, encoder, data.Task, data.PositiveClass, negative);
    }

    /// <summary>Saves the model zip and its feature encoding (<c>FILE.features.json</c>).</summary>
    public void Save(string path)
    {
        if (_bound is not null) throw new InvalidOperationException("A plain model zip is replayed as it is; only trained replay models are saved.");
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Input>(), _inputSchema).Schema;
        _ml.Model.Save(_model, schema, path);
        Encoder.Save(path + ".features.json");
        File.WriteAllText(path + ".task", $"{Task}\n{PositiveClass}\n{NegativeClass}\n");
    }

    /// <summary>Loads a model saved by <see cref="Save"/>, or, when <paramref name="data"/> is given and the zip has no
    /// <c>.task</c> file beside it, any ML.NET model zip whose input columns <paramref name="data"/>'s table has by name
    /// (a missing or incompatible column is an <see cref="ArgumentException"/> naming it and the file).</summary>
    public static ReplayModel Load(string path, ReplayDataset? data = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file '{path}'.", path);
        var ml = new MLContext(1);
        ITransformer model;
        DataViewSchema inputSchema;
        try { model = ml.Model.Load(path, out inputSchema); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model zip: {e.Message}", e);
        }
        var taskFile = path + ".task";
        if (!File.Exists(taskFile) && data is not null)
        {
            var bound = SchemaBoundModel.Bind(model, inputSchema, data, path);
            string? negative = data.Task == ReplayTask.Binary ? data.Table[data.Label].AsLabels().First(l => l is not null && l != data.PositiveClass) : null;
            return new ReplayModel(ml, model, FeatureEncoder.Fit(data.Table, bound.ColumnsRead, 0, data.RowCount), data.Task, data.PositiveClass, negative, bound);
        }
        if (!File.Exists(taskFile)) throw new FileNotFoundException($"'{taskFile}' (the task saved beside the model) is missing; retrain with --train --save-model.", taskFile);
        var lines = File.ReadAllLines(taskFile);
        var task = Enum.Parse<ReplayTask>(lines[0]);
        return new ReplayModel(ml, model, FeatureEncoder.Load(path + ".features.json"), task, NullIfEmpty(lines.ElementAtOrDefault(1)), NullIfEmpty(lines.ElementAtOrDefault(2)));
    }

    /// <summary>A thread-safe predictor of replayed rows: the encoded vector for trained models, the table row for plain zips.</summary>
    public Func<ReplayRow, PredictionView> CreateRowPredictor()
    {
        if (_bound is not null) { var byRow = _bound.CreatePredictor(PositiveClass, NegativeClass); return r => byRow(r.Row); }
        var predict = CreatePredictor();
        return r => predict(r.Features);
    }

    /// <summary>A thread-safe predictor (one prediction engine per thread).</summary>
    public Func<float[], PredictionView> CreatePredictor()
    {
        if (_bound is not null) throw new InvalidOperationException("A plain model zip reads table rows, not encoded vectors; use CreateRowPredictor.");
        switch (Task)
        {
            case ReplayTask.Binary:
                var b = Engines<BinaryOut>();
                string pos = PositiveClass!, neg = NegativeClass!;
                return x => { var o = b.Value!.Predict(new Input { Features = x }); return new PredictionView(o.PredictedLabel ? pos : neg, o.Probability); };
            case ReplayTask.Regression:
                var r = Engines<RegressionOut>();
                return x => new PredictionView(null, r.Value!.Predict(new Input { Features = x }).Score);
            default:
                var m = Engines<MultiOut>();
                return x => { var o = m.Value!.Predict(new Input { Features = x }); return new PredictionView(o.PredictedLabel, o.Score.Length == 0 ? double.NaN : o.Score.Max()); };
        }
    }

    /// <summary>The quality evaluator matching the task.</summary>
    public Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>> Evaluator() => Task switch
    {
        ReplayTask.Binary => QualityEvaluators.Binary(PositiveClass!),
        ReplayTask.Regression => QualityEvaluators.Regression(),
        _ => QualityEvaluators.Multiclass(),
    };

    /// <summary>Quality on rows [<paramref name="from"/>, <paramref name="to"/>), e.g. a holdout before the replay.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(ReplayDataset data, int from, int to)
    {
        var predict = CreateRowPredictor();
        var views = Enumerable.Range(from, to - from).Select(i => predict(new ReplayRow(i, Encoder.Encode(data.Table, i)))).ToList();
        var truths = Enumerable.Range(from, to - from).Select(data.TruthAt).ToList();
        return Evaluator()(views, truths);
    }

    private ThreadLocal<PredictionEngine<Input, TOut>> Engines<TOut>() where TOut : class, new() =>
        new(() => _ml.Model.CreatePredictionEngine<Input, TOut>(_model, inputSchemaDefinition: _inputSchema));

    private static SchemaDefinition VectorSchema<T>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
