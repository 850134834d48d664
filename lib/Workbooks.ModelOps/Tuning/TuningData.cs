using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Simulation;

namespace Workbooks.ModelOps.Tuning;

/// <summary>
/// What a search tunes on: a dataset's label, features and task (a <see cref="ReplayDataset"/>), the rows it may use,
/// whether they are in time order, and the metric a search optimizes: ROC AUC for binary, MAE for regression,
/// accuracy for multiclass. Time-ordered data is held out at its end and validated with
/// <see cref="Folds.TimeOrdered"/>; other data is held out and folded at random (seeded).
/// </summary>
/// <example>
/// <code>
/// var days = ReplayDataset.Create(DatasetCatalog.LoadTable("bike_sharing_day"), "cnt", time: "dteday", drop: ["instant", "casual", "registered"]);
/// var data = TuningData.Create(days, timeOrdered: true);
/// Console.WriteLine($"{data.Metric} {data.HigherIsBetter} {data.TimeOrdered} {data.Rows.Count}");
/// // prints: mae False True 731
/// </code>
/// </example>
public sealed class TuningData
{
    private TuningData(ReplayDataset data, bool timeOrdered, int[] rows)
    {
        Data = data; TimeOrdered = timeOrdered; Rows = rows;
        (Metric, HigherIsBetter) = data.Task switch
        {
            ModelTask.Binary => ("roc_auc", true),
            ModelTask.Regression => ("mae", false),
            _ => ("accuracy", true),
        };
    }

    public ReplayDataset Data { get; }
    /// <summary>Whether the rows are in time order (then no validation ever trains on rows later than it scores).</summary>
    public bool TimeOrdered { get; }
    /// <summary>The row indices of <see cref="ReplayDataset.Table"/> a search may use, in order.</summary>
    public IReadOnlyList<int> Rows { get; }
    public string Metric { get; }
    public bool HigherIsBetter { get; }

    /// <summary>Wraps <paramref name="data"/>; <paramref name="maxRows"/> keeps the first rows of time-ordered data, or a seeded sample of
    /// the others (a quick search on a large table).</summary>
    public static TuningData Create(ReplayDataset data, bool timeOrdered, int? maxRows = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = Enumerable.Range(0, data.RowCount).ToArray();
        if (maxRows is { } m && m < rows.Length)
        {
            if (m < 50) throw new ArgumentException($"A search needs at least 50 rows, not {m}.");
            if (timeOrdered) rows = rows[..m];
            else { new SeededRandom(seed).Shuffle(rows); rows = rows[..m]; Array.Sort(rows); }
        }
        return new TuningData(data, timeOrdered, rows);
    }

    /// <summary>Whether <paramref name="a"/> is a better metric value than <paramref name="b"/>.</summary>
    public bool IsBetter(double a, double b) => HigherIsBetter ? a > b : a < b;

    /// <summary>Splits <see cref="Rows"/> into the rows a search sees and the held-out rows it never sees: the last
    /// <paramref name="fraction"/> of time-ordered data, a seeded random share of other data.</summary>
    public (int[] Search, int[] Holdout) Split(double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentException($"The held-out share must be between 0 and 1, not {fraction}.");
        var rows = Rows.ToArray();
        int holdout = Math.Max(1, (int)Math.Round(rows.Length * fraction));
        if (!TimeOrdered) new SeededRandom(seed).Shuffle(rows);
        var search = rows[..^holdout]; var held = rows[^holdout..];
        if (!TimeOrdered) { Array.Sort(search); Array.Sort(held); }
        return (search, held);
    }

    /// <summary>Validation folds over <paramref name="search"/> (row indices of the table).</summary>
    public IReadOnlyList<Fold> Folds(int[] search, int k, int seed)
    {
        var positions = TimeOrdered ? Tuning.Folds.TimeOrdered(search.Length, k) : Tuning.Folds.KFold(search.Length, k, seed);
        return positions.Select(f => new Fold(f.Train.Select(i => search[i]).ToArray(), f.Validate.Select(i => search[i]).ToArray())).ToList();
    }

    /// <summary>A model trained on <paramref name="rows"/> (table row indices).</summary>
    public TrainedModel Train(IReadOnlyList<int> rows, TrainerOptions trainer)
    {
        var table = Data.Table.Rows(rows, $"{Data.Table.Source} ({rows.Count} rows)");
        return TrainedModel.Train(table, Data.Label, Data.FeatureNames, trainer, Data.Task, Data.PositiveClass);
    }

    /// <summary><see cref="Metric"/> of <paramref name="model"/> on <paramref name="rows"/>.</summary>
    public double Score(TrainedModel model, IReadOnlyList<int> rows) =>
        Score(model.Predict(Data.Table.Rows(rows, $"{Data.Table.Source} ({rows.Count} rows)")), rows.Select(Data.TruthAt).ToList());

    /// <summary><see cref="Metric"/> of <paramref name="predictions"/> against <paramref name="truths"/>.</summary>
    public double Score(IReadOnlyList<PredictionView> predictions, IReadOnlyList<GroundTruth> truths)
    {
        var metrics = Data.Evaluator()(predictions, truths);
        return metrics.TryGetValue(Metric, out var v) ? v
            : throw new ArgumentException($"{Data.Table.Source}: {Metric} cannot be measured on {truths.Count} rows (a binary ROC AUC needs both classes among them).");
    }
}
