using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Models;

/// <summary>One input column of a model: a table column it reads by name, and how (numbers or categories).</summary>
public sealed record ModelColumn(string Name, ColumnKind Kind);

/// <summary>
/// The one model type of the library: a trained ML.NET transformer with its <see cref="Task"/>, its input
/// <see cref="Schema"/> (table columns read by name), its feature preparation (ML.NET transforms inside the
/// transformer: numbers with missing values replaced by the training mean, categories one-hot encoded, scaled
/// for linear trainers), its <see cref="Trainer"/> and hyperparameters. Training, replay, estimation and the
/// monitor all use it. <see cref="Predict(Table, int)"/> predicts one row, <see cref="Predict(Table)"/> a batch
/// (both read the table through the same getters, so they agree exactly); <see cref="Save"/> writes one file,
/// the ML.NET zip with a small JSON manifest inside, and <see cref="Load"/> also takes a plain ML.NET zip.
/// Prediction is thread-safe.
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
/// var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("y", [.. x.Select(v => v &lt; 100 ? 0.0 : 10.0)])]);
/// var model = TrainedModel.Train(table, "y", ["x"], task: ModelTask.Regression);
/// Console.WriteLine($"{model.Task} {Math.Round(model.Predict(table, 0).Score)} {Math.Round(model.Predict(table)[^1].Score)}");
/// // prints: Regression 0 10
/// </code>
/// </example>
public sealed partial class TrainedModel : IHtmlRenderable, IPredictiveModel
{
    internal const string LabelColumn = "__label", FeaturesColumn = "__features";
    private readonly MLContext _ml;
    private readonly DataViewSchema _inputSchema;
    private readonly string[] _outputs;
    private Bound? _lastBound;   // the predictor of the table Predict(table, row) saw last

    private sealed record Bound(Table Table, Func<int, PredictionView> Predict);

    private TrainedModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, ModelTask task, string? label,
        IReadOnlyList<ModelColumn> schema, IReadOnlyList<string> classes, TrainerOptions? trainer, int trainingRows,
        IReadOnlyDictionary<string, double> metrics, string source)
    {
        _ml = ml; Transformer = transformer; _inputSchema = inputSchema; Task = task; Label = label; Schema = schema; Classes = classes;
        Trainer = trainer; TrainingRows = trainingRows; Metrics = metrics; Source = source;
        _outputs = OutputsOf(transformer, inputSchema, task, source);
    }

    /// <summary>The trained ML.NET transformer: feature preparation plus the trained predictor.</summary>
    public ITransformer Transformer { get; }
    /// <summary>The ML.NET input schema the transformer was fitted on (what a table is seen as).</summary>
    internal DataViewSchema InputSchema => _inputSchema;
    public ModelTask Task { get; }
    /// <summary>The label column it was trained on (null for a plain ML.NET zip).</summary>
    public string? Label { get; }
    /// <summary>The table columns it reads, by name.</summary>
    public IReadOnlyList<ModelColumn> Schema { get; }
    public IReadOnlyList<string> Features => Schema.Select(c => c.Name).ToList();
    /// <summary>Binary: [negative, positive]; multiclass: every class; regression: none.</summary>
    public IReadOnlyList<string> Classes { get; }
    public string? PositiveClass => Task == ModelTask.Binary ? Classes[1] : null;
    public string? NegativeClass => Task == ModelTask.Binary ? Classes[0] : null;
    /// <summary>The trainer family and hyperparameters (null for a plain ML.NET zip: unknown).</summary>
    public TrainerOptions? Trainer { get; }
    public int TrainingRows { get; }
    /// <summary>Quality measured on validation data, by metric name (empty until <see cref="WithMetrics"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }
    /// <summary>Where the model came from: its file, or what it was trained on (named in errors).</summary>
    public string Source { get; }

    /// <summary>The slots of the prepared feature vector (a one-hot category is one slot per value).</summary>
    public IReadOnlyList<string> FeatureSlots
    {
        get
        {
            var column = Transformer.GetOutputSchema(_inputSchema).GetColumnOrNull(FeaturesColumn);
            if (column is not { } c || !c.HasSlotNames()) return [];
            VBuffer<ReadOnlyMemory<char>> names = default;
            c.GetSlotNames(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToList();
        }
    }

    /// <summary>Trains on every row of <paramref name="table"/>: <paramref name="label"/> is the target (task inferred
    /// by <see cref="ModelTasks.Infer"/> unless given), <paramref name="features"/> the columns read.</summary>
    public static TrainedModel Train(Table table, string label, IReadOnlyList<string> features, TrainerOptions? trainer = null,
        ModelTask? task = null, string? positiveClass = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var column = table[label];
        if (features.Contains(label)) throw new ArgumentException($"{table.Source}: the label '{label}' cannot also be a feature.");
        int missing = Array.FindIndex(column.AsLabels(), v => v is null);
        if (missing >= 0) throw new ArgumentException($"{table.Source}: label column '{label}' has a missing value at row {missing + 1}; drop or fill such rows first.");
        task ??= ModelTasks.Infer(column);
        var text = column.AsLabels();
        switch (task.Value)
        {
            case ModelTask.Regression:
                return Fit(table, label, features, column.RequireNumbers().Select(v => (float)v).ToArray(), ModelTask.Regression, [], trainer);
            case ModelTask.Binary:
                var classes = text.Select(v => v!).Distinct().Order(StringComparer.Ordinal).ToList();
                positiveClass ??= classes[^1];
                if (!classes.Contains(positiveClass))
                    throw new ArgumentException($"{table.Source}: the positive class '{positiveClass}' does not occur in column '{label}' (classes: {string.Join(", ", classes)}).");
                if (classes.Count != 2) throw new ArgumentException($"{table.Source}: a binary model needs two classes in column '{label}', found {classes.Count} ({string.Join(", ", classes.Take(5))}).");
                return Fit(table, label, features, text.Select(v => v == positiveClass).ToArray(), ModelTask.Binary, [classes.First(c => c != positiveClass), positiveClass], trainer);
            default:
                return Fit(table, label, features, text.Select(v => v!).ToArray(), ModelTask.Multiclass, text.Distinct().Order(StringComparer.Ordinal).ToList()!, trainer);
        }
    }

    /// <summary>Trains a regressor of <paramref name="target"/> (one finite value per table row), e.g. a derived target.</summary>
    public static TrainedModel TrainRegression(Table table, IReadOnlyList<string> features, double[] target, TrainerOptions? trainer = null)
    {
        ArgumentNullException.ThrowIfNull(table); ArgumentNullException.ThrowIfNull(target);
        for (int i = 0; i < target.Length; i++)
            if (!double.IsFinite(target[i])) throw new ArgumentException($"{table.Source}: the regression target is {target[i]} at row {i}; drop or fill such rows first.");
        return Fit(table, null, features, target.Select(v => (float)v).ToArray(), ModelTask.Regression, [], trainer);
    }

    /// <summary>Trains a binary classifier of <paramref name="target"/>; its classes are "False" and "True", its score P(True).</summary>
    public static TrainedModel TrainBinary(Table table, IReadOnlyList<string> features, bool[] target, TrainerOptions? trainer = null)
    {
        ArgumentNullException.ThrowIfNull(table); ArgumentNullException.ThrowIfNull(target);
        return Fit(table, null, features, target, ModelTask.Binary, ["False", "True"], trainer);
    }

    /// <summary>The same model with validation metrics attached (saved in its manifest).</summary>
    public TrainedModel WithMetrics(IReadOnlyDictionary<string, double> metrics) =>
        new(_ml, Transformer, _inputSchema, Task, Label, Schema, Classes, Trainer, TrainingRows, new Dictionary<string, double>(metrics), Source);

    /// <summary>The same binary model with its classes named (a plain ML.NET zip only knows false and true).</summary>
    public TrainedModel WithClasses(string negative, string positive) => Task == ModelTask.Binary
        ? new(_ml, Transformer, _inputSchema, Task, Label, Schema, [negative, positive], Trainer, TrainingRows, Metrics, Source)
        : throw new InvalidOperationException($"Only a binary model's classes can be renamed; '{Source}' is a {Task.Name()} model.");

    /// <summary>The prediction for row <paramref name="row"/> of <paramref name="table"/>.</summary>
    public PredictionView Predict(Table table, int row)
    {
        var bound = _lastBound;
        if (bound is null || !ReferenceEquals(bound.Table, table)) _lastBound = bound = new Bound(table, CreatePredictor(table));
        return bound.Predict(row);
    }

    /// <summary>A thread-safe predictor of rows of <paramref name="table"/> (one ML.NET row mapper per thread).
    /// The table is checked against <see cref="Schema"/> first: a missing or incompatible column is an
    /// <see cref="ArgumentException"/> naming it, the table and the model's file.</summary>
    public Func<int, PredictionView> CreatePredictor(Table table)
    {
        CheckColumns(table);
        var view = new TableDataView(table, _inputSchema);
        var engines = new ThreadLocal<(TableDataView.TableRow Row, Func<PredictionView> Read)>(() =>
        {
            var mapper = Transformer.GetRowToRowMapper(_inputSchema);
            var row = view.Row();
            var output = mapper.GetRow(row, _outputs.Select(n => mapper.OutputSchema[n]));
            return (row, Reader(output));
        });
        return r =>
        {
            if ((uint)r >= (uint)table.RowCount) throw new ArgumentOutOfRangeException(nameof(r), r, $"{table.Source} has {table.RowCount} rows.");
            var (row, read) = engines.Value;
            row.MoveTo(r);
            return read();
        };
    }

    /// <summary>Predictions for every row of <paramref name="table"/> (ML.NET's batch transform).</summary>
    public PredictionView[] Predict(Table table)
    {
        CheckColumns(table);
        var scored = Transformer.Transform(new TableDataView(table, _inputSchema));
        var result = new PredictionView[table.RowCount];
        using var cursor = scored.GetRowCursor(_outputs.Select(n => scored.Schema[n]));
        var read = Reader(cursor);
        for (int i = 0; cursor.MoveNext(); i++) result[i] = read();
        return result;
    }

    /// <summary>The scores of <see cref="Predict(Table)"/>: the value (regression) or P(positive) (binary).</summary>
    public double[] PredictScores(Table table) => Predict(table).Select(p => p.Score).ToArray();

    public string ToHtml() => HtmlTable.Render("Model", ["", ""], Describe().Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value]).ToList());

    public override string ToString() => string.Join(", ", Describe().Select(kv => $"{kv.Key} {kv.Value}"));

    private IEnumerable<KeyValuePair<string, string>> Describe()
    {
        yield return new("task", Task.Name() + (Label is null ? "" : $" of '{Label}'") + (Task == ModelTask.Binary ? $" (positive: {PositiveClass})" : ""));
        yield return new("trainer", Trainer?.ToString() ?? "unknown (a plain ML.NET zip)");
        yield return new("features", string.Join(", ", Features));
        if (TrainingRows > 0) yield return new("training rows", TrainingRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (k, v) in Metrics) yield return new($"validation {k}", v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        yield return new("source", Source);
    }
}
