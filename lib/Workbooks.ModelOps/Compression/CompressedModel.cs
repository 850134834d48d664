using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A compressed variant of a <see cref="TrainedModel"/>: the model's own ML.NET feature preparation (missing numbers
/// replaced, categories one-hot encoded, scaled for linear models) followed by an <see cref="IPreparedScorer"/> in
/// place of the trainer's scoring: a compiled, pruned, quantised or distilled tree ensemble, or a quantised, pruned or
/// low-rank linear model. It predicts, saves and loads like any model (<see cref="IPredictiveModel"/>); the file is an
/// ML.NET zip of the feature preparation alone, with the scorer and a manifest (task, columns, classes, technique)
/// inside, so its size is what the compression bought.
/// </summary>
public sealed class CompressedModel : IPredictiveModel
{
    /// <summary>Entries inside the model zip beside ML.NET's own.</summary>
    public const string ManifestEntry = "workbooks/compressed.json", ScorerEntry = "workbooks/scorer.bin";

    private sealed record Manifest(int Format, ModelTask Task, string? Label, IReadOnlyList<ModelColumn> Schema, IReadOnlyList<string> Classes,
        string FeatureColumn, string Technique, string Parameters, string Source);

    private readonly MLContext _ml;
    private readonly DataViewSchema _inputSchema;

    private CompressedModel(MLContext ml, ITransformer preparation, DataViewSchema inputSchema, IPreparedScorer scorer, string featureColumn,
        ModelTask task, string? label, IReadOnlyList<ModelColumn> schema, IReadOnlyList<string> classes, string technique, string parameters, string source)
    {
        _ml = ml; Preparation = preparation; _inputSchema = inputSchema; Scorer = scorer; FeatureColumn = featureColumn;
        _compiledPreparation = new Lazy<CompiledPreparation?>(() => CompiledPreparation.TryCompile(preparation, inputSchema, schema, featureColumn, scorer.FeatureCount));
        Task = task; Label = label; Schema = schema; Classes = classes; Technique = technique; Parameters = parameters; Source = source;
    }

    /// <summary>The ML.NET transforms that prepare the feature vector.</summary>
    public ITransformer Preparation { get; }
    /// <summary>The same preparation compiled (see <see cref="Compression.CompiledPreparation"/>), or null when it does not compile.
    /// Prediction uses it when there is one.</summary>
    public CompiledPreparation? CompiledPreparation => _compiledPreparation.Value;
    private readonly Lazy<CompiledPreparation?> _compiledPreparation;
    public IPreparedScorer Scorer { get; }
    /// <summary>The prepared feature column the scorer reads.</summary>
    public string FeatureColumn { get; }
    public ModelTask Task { get; }
    public string? Label { get; }
    public IReadOnlyList<ModelColumn> Schema { get; }
    public IReadOnlyList<string> Classes { get; }
    /// <summary>How it was made from the original (compile, prune, quantize, distill, ...) and with what settings.</summary>
    public string Technique { get; }
    public string Parameters { get; }
    public string Source { get; }

    /// <summary>The scorer when it is a compiled tree ensemble (the compile, prune and distill techniques give one).</summary>
    public CompiledEnsemble Ensemble => Scorer as CompiledEnsemble
        ?? throw new InvalidOperationException($"The model '{Source}' scores with {Scorer.Kind}, not a compiled tree ensemble.");

    /// <summary><paramref name="model"/>'s feature preparation followed by <paramref name="scorer"/>.</summary>
    public static CompressedModel From(TrainedModel model, IPreparedScorer scorer, string technique, string parameters)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(scorer);
        var parts = ModelParts.Of(model);
        if (scorer.FeatureCount != parts.FeatureCount || scorer.Task != model.Task)
            throw new ArgumentException($"The scorer reads {scorer.FeatureCount} features for a {scorer.Task.Name()} task; '{model.Source}' prepares {parts.FeatureCount} for {model.Task.Name()}.");
        return new CompressedModel(new MLContext(1), parts.Preparation, model.InputSchema, scorer, parts.FeatureColumn, model.Task, model.Label,
            model.Schema, model.Classes, technique, parameters, $"{model.Source}, {technique} {parameters}".TrimEnd());
    }

    /// <summary>The same feature preparation with another scorer.</summary>
    public CompressedModel With(IPreparedScorer scorer, string technique, string parameters) =>
        scorer.FeatureCount == Scorer.FeatureCount && scorer.Task == Task
            ? new CompressedModel(_ml, Preparation, _inputSchema, scorer, FeatureColumn, Task, Label, Schema, Classes, technique, parameters, Source)
            : throw new ArgumentException($"The scorer reads {scorer.FeatureCount} features for a {scorer.Task.Name()} task; this model prepares {Scorer.FeatureCount} for {Task.Name()}.");

    /// <summary>Checks <paramref name="table"/>'s columns as <see cref="TrainedModel.CheckColumns(Table)"/> does.</summary>
    public void CheckColumns(Table table) => TrainedModel.CheckColumns(Schema, _inputSchema, Source, table);

    /// <summary>A reader of the prepared features of <paramref name="table"/>'s rows (one per thread): the
    /// <see cref="CompiledPreparation"/> when there is one and <paramref name="compiled"/> is true, else ML.NET's transforms.</summary>
    public PreparedFeatures Prepare(Table table, bool compiled = true)
    {
        CheckColumns(table);
        return new PreparedFeatures(Preparation, _inputSchema, table, FeatureColumn, Scorer.FeatureCount, compiled ? CompiledPreparation : null);
    }

    /// <summary>A thread-safe single-row predictor of <paramref name="table"/>'s rows (one feature reader and buffer per
    /// thread), with the <see cref="CompiledPreparation"/> when there is one.</summary>
    public Func<int, PredictionView> CreatePredictor(Table table) => CreatePredictor(table, compiledPreparation: true);

    /// <summary>A thread-safe single-row predictor of <paramref name="table"/>'s rows, preparing features as
    /// <see cref="Prepare"/> does (<paramref name="compiledPreparation"/> false: ML.NET's transforms, to compare).</summary>
    public Func<int, PredictionView> CreatePredictor(Table table, bool compiledPreparation)
    {
        CheckColumns(table);
        var compiled = compiledPreparation ? CompiledPreparation : null;
        var state = new ThreadLocal<(PreparedFeatures Features, float[] Vector, float[] Scores)>(() =>
            (new PreparedFeatures(Preparation, _inputSchema, table, FeatureColumn, Scorer.FeatureCount, compiled), new float[Scorer.FeatureCount], new float[Scorer.ScoreCount]));
        return row =>
        {
            var (features, vector, scores) = state.Value;
            features.Read(row, vector);
            Scorer.Score(vector, scores);
            return View(scores);
        };
    }

    /// <summary>The prediction for one row (prepares a new feature reader; use <see cref="CreatePredictor(Table)"/> in a loop).</summary>
    public PredictionView Predict(Table table, int row) => CreatePredictor(table)(row);

    /// <summary>Predictions for every row: features prepared once, then scored row by row into one buffer.</summary>
    public PredictionView[] Predict(Table table)
    {
        var features = Prepare(table).ReadAll();
        int f = Scorer.FeatureCount, k = Scorer.ScoreCount;
        var scores = new float[k];
        var result = new PredictionView[table.RowCount];
        for (int r = 0; r < result.Length; r++)
        {
            Scorer.Score(features.AsSpan(r * f, f), scores);
            result[r] = View(scores);
        }
        return result;
    }

    /// <summary>The scores of <see cref="Predict(Table)"/>: the value (regression) or P(positive) (binary).</summary>
    public double[] PredictScores(Table table) => Predict(table).Select(p => p.Score).ToArray();

    // Binary: positive above the scorer's threshold (ML.NET's raw score > 0); multiclass: the first highest score.
    private PredictionView View(ReadOnlySpan<float> scores)
    {
        switch (Task)
        {
            case ModelTask.Regression: return new PredictionView(null, scores[0]);
            case ModelTask.Binary: return new PredictionView(scores[0] > Scorer.BinaryThreshold ? Classes[1] : Classes[0], scores[0]);
            default:
                int best = 0;
                for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
                return new PredictionView(Classes[best], scores[best]);
        }
    }

    /// <summary>The model file's bytes (what <see cref="Save"/> writes).</summary>
    public byte[] ToBytes()
    {
        using var file = new MemoryStream();
        _ml.Model.Save(Preparation, _inputSchema, file);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(ManifestEntry).Open())
                entry.Write(TrainedModel.ManifestBytes(new Manifest(1, Task, Label, Schema, Classes, FeatureColumn, Technique, Parameters, Source)));
            using var scorer = new BinaryWriter(zip.CreateEntry(ScorerEntry).Open());
            PreparedScorers.Write(Scorer, scorer);
        }
        return file.ToArray();
    }

    /// <summary>Writes the model as one file, complete or not at all.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllBytes(Path.GetFullPath(path), ToBytes());
    }

    /// <summary>Loads a model written by <see cref="Save"/>. A missing file is a <see cref="FileNotFoundException"/>,
    /// anything else unreadable an <see cref="InvalidDataException"/>, both naming the file.</summary>
    public static CompressedModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file '{path}'.", path);
        Manifest manifest;
        IPreparedScorer scorer;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            manifest = TrainedModel.ReadManifest<Manifest>(zip.GetEntry(ManifestEntry)
                ?? throw new InvalidDataException($"'{path}' has no {ManifestEntry}: not a compressed model."));
            using var s = new BinaryReader(zip.GetEntry(ScorerEntry)?.Open() ?? throw new InvalidDataException($"'{path}' has no {ScorerEntry}."));
            scorer = PreparedScorers.Read(s, path);
        }
        catch (Exception e) when (e is EndOfStreamException or NotSupportedException || e is InvalidDataException && !e.Message.StartsWith('\''))
        {
            throw new InvalidDataException($"'{path}' is not a compressed model file: {e.Message}", e);
        }
        var ml = new MLContext(1);
        ITransformer preparation;
        DataViewSchema input;
        try { preparation = ml.Model.Load(path, out input); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model zip: {e.Message}", e);
        }
        return new CompressedModel(ml, preparation, input, scorer, manifest.FeatureColumn, manifest.Task, manifest.Label, manifest.Schema,
            manifest.Classes, manifest.Technique, manifest.Parameters, path);
    }

    /// <summary>Loads any model file of the library: a compressed variant when it has the compressed manifest, else a <see cref="TrainedModel"/>.</summary>
    public static IPredictiveModel LoadAny(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file '{path}'.", path);
        bool compressed;
        try { using var zip = ZipFile.OpenRead(path); compressed = zip.GetEntry(ManifestEntry) is not null; }
        catch (InvalidDataException e) { throw new InvalidDataException($"'{path}' is not a model file (an ML.NET zip): {e.Message}", e); }
        return compressed ? Load(path) : TrainedModel.Load(path);
    }
}
