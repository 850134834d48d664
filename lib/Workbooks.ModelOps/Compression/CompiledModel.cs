using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A tree model whose trainer's scoring is replaced by its <see cref="CompiledEnsemble"/>: rows are read from a table
/// and prepared by the model's own ML.NET transforms (<see cref="PreparedFeatures"/>), then scored by the flat
/// trees. Predictions match <see cref="TrainedModel.Predict(Table, int)"/> to float precision. When the caller
/// already holds prepared vectors, <see cref="Ensemble"/> scores them directly, skipping the transforms.
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
/// var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("y", [.. x.Select(v => v &lt; 100 ? 0.0 : 10.0)])]);
/// var model = TrainedModel.Train(table, "y", ["x"], new FastTreeOptions { Trees = 5 }, ModelTask.Regression);
/// var compiled = CompiledModel.Compile(model);
/// Console.WriteLine($"{compiled.Ensemble.TreeCount} {compiled.Predict(table, 150).Score == model.Predict(table, 150).Score}");
/// // prints: 5 True
/// </code>
/// </example>
public sealed class CompiledModel
{
    private CompiledModel(TrainedModel model, CompiledEnsemble ensemble, string featureColumn)
    {
        Model = model; Ensemble = ensemble; FeatureColumn = featureColumn;
    }

    /// <summary>The model whose feature preparation this uses (and whose scoring it replaces).</summary>
    public TrainedModel Model { get; }
    public CompiledEnsemble Ensemble { get; }
    /// <summary>The prepared feature column the trees read.</summary>
    public string FeatureColumn { get; }

    /// <summary>Compiles <paramref name="model"/>'s trees; a model that is not a FastTree or LightGBM ensemble is a <see cref="NotSupportedException"/>.</summary>
    public static CompiledModel Compile(TrainedModel model)
    {
        var (ensemble, column) = TreeModelReader.Compile(model);
        return new CompiledModel(model, ensemble, column);
    }

    /// <summary>The same feature preparation with other trees (a pruned or re-fitted ensemble).</summary>
    public CompiledModel With(CompiledEnsemble ensemble) =>
        ensemble.FeatureCount == Ensemble.FeatureCount && ensemble.Task == Ensemble.Task
            ? new CompiledModel(Model, ensemble, FeatureColumn)
            : throw new ArgumentException($"The ensemble reads {ensemble.FeatureCount} features for a {ensemble.Task.Name()} task; this model prepares {Ensemble.FeatureCount} for {Ensemble.Task.Name()}.");

    /// <summary>A reader of the prepared features of <paramref name="table"/>'s rows (one per thread).</summary>
    public PreparedFeatures Prepare(Table table) => new(Model, table, FeatureColumn, Ensemble.FeatureCount);

    /// <summary>A thread-safe single-row predictor of <paramref name="table"/>'s rows (one feature reader and buffer per thread).</summary>
    public Func<int, PredictionView> CreatePredictor(Table table)
    {
        Model.CheckColumns(table);
        var state = new ThreadLocal<(PreparedFeatures Features, float[] Vector, float[] Scores)>(() =>
            (Prepare(table), new float[Ensemble.FeatureCount], new float[Ensemble.ScoreCount]));
        return row =>
        {
            var (features, vector, scores) = state.Value;
            features.Read(row, vector);
            Ensemble.Score(vector, scores);
            return View(scores);
        };
    }

    /// <summary>The prediction for one row (prepares a new feature reader per table; use <see cref="CreatePredictor"/> in a loop).</summary>
    public PredictionView Predict(Table table, int row) => CreatePredictor(table)(row);

    /// <summary>Predictions for every row: features prepared once, then scored as a batch.</summary>
    public PredictionView[] Predict(Table table)
    {
        var features = Prepare(table).ReadAll();
        var scores = new float[table.RowCount * Ensemble.ScoreCount];
        Ensemble.ScoreBatch(features, table.RowCount, scores);
        var result = new PredictionView[table.RowCount];
        for (int r = 0; r < result.Length; r++) result[r] = View(scores.AsSpan(r * Ensemble.ScoreCount, Ensemble.ScoreCount));
        return result;
    }

    /// <summary>The scores of <see cref="Predict(Table)"/>: the value (regression) or P(positive) (binary).</summary>
    public double[] PredictScores(Table table) => Predict(table).Select(p => p.Score).ToArray();

    // Scores as the model's PredictionView. Binary: ML.NET's label is raw score > 0, i.e. probability above the Platt
    // curve's value at 0 (the curve rises: its slope is negative). Multiclass: the first highest score.
    private PredictionView View(ReadOnlySpan<float> scores)
    {
        switch (Ensemble.Task)
        {
            case ModelTask.Regression: return new PredictionView(null, scores[0]);
            case ModelTask.Binary:
                return new PredictionView(scores[0] > (Ensemble.Calibration[0] is { } p ? Threshold(p) : 0f) ? Model.Classes[1] : Model.Classes[0], scores[0]);
            default:
                int best = 0;
                for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
                return new PredictionView(Model.Classes[best], scores[best]);
        }
    }

    private static float Threshold(PlattScaling p) => p.Probability(0f);
}
