using System.Globalization;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Metrics;

/// <summary>Reads typed columns for <see cref="TableMetrics"/>, with errors naming the file, column and row.</summary>
internal sealed class TableColumnReader(Table table, MetricColumns columns)
{
    public Table Table { get; } = table;
    public MetricColumns Columns { get; } = columns;

    /// <summary>True when the column exists; a missing column the user named explicitly is an error.</summary>
    public bool Has(string property, string name)
    {
        if (Table.HasColumn(name)) return true;
        if (Columns.Explicit.Contains(property)) throw MissingColumn(name);
        return false;
    }

    public InvalidDataException MissingColumn(string name) =>
        new($"{Table.Source}: no column '{name}'. Columns: {string.Join(", ", Table.ColumnNames)}.");

    public double[] Numbers(string name)
    {
        if (!Table.HasColumn(name)) throw MissingColumn(name);
        var column = Table[name];
        if (column.Numbers is null)
        {
            int bad = Array.FindIndex(column.Labels!, v => v is not null && !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            throw new InvalidDataException($"{At(name, bad)}: '{column.Labels![bad]}' is not a number.");
        }
        int missing = Array.FindIndex(column.Numbers, double.IsNaN);
        if (missing >= 0) throw new InvalidDataException($"{At(name, missing)}: the value is missing.");
        int infinite = Array.FindIndex(column.Numbers, double.IsInfinity);
        if (infinite >= 0) throw new InvalidDataException($"{At(name, infinite)}: the value is infinite; metrics need finite numbers.");
        return column.Numbers;
    }

    public string[] Labels(string name)
    {
        if (!Table.HasColumn(name)) throw MissingColumn(name);
        var labels = Table[name].AsLabels();
        int missing = Array.FindIndex(labels, v => v is null);
        if (missing >= 0) throw new InvalidDataException($"{At(name, missing)}: the value is missing.");
        return labels!;
    }

    /// <summary>A 0/1 column; also accepts false/true.</summary>
    public int[] Binary(string name)
    {
        var labels = Labels(name);
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            result[i] = labels[i].ToLowerInvariant() switch
            {
                "0" or "false" => 0,
                "1" or "true" => 1,
                _ => throw new InvalidDataException($"{At(name, i)}: a binary label must be 0 or 1 (or false/true), got '{labels[i]}'."),
            };
        }
        return result;
    }

    /// <summary>"FILE, column 'c', row r (line l)" for a 0-based data row.</summary>
    public string At(string column, int row) => $"{Table.Source}, column '{column}', row {row + 1} (line {row + 2})";
}

/// <summary>The per-task bodies of <see cref="TableMetrics.Evaluate"/>.</summary>
internal static class TableMetricsTasks
{
    public static void Binary(TableMetrics m, TableColumnReader r)
    {
        var c = r.Columns;
        int[] y = r.Binary(c.Label);
        double[]? score = r.Has(nameof(c.Score), c.Score) ? r.Numbers(c.Score) : null;
        if (score is not null)
        {
            int bad = Array.FindIndex(score, p => !(p >= 0 && p <= 1));
            if (bad >= 0) throw new InvalidDataException($"{r.At(c.Score, bad)}: the score must be a probability in [0, 1], got {score[bad].ToString(CultureInfo.InvariantCulture)}.");
        }
        int[] predicted;
        if (r.Has(nameof(c.Prediction), c.Prediction)) predicted = r.Binary(c.Prediction);
        else if (score is not null) predicted = score.Select(p => p >= 0.5 ? 1 : 0).ToArray();
        else throw new InvalidDataException($"{r.Table.Source}: binary metrics need a prediction column ('{c.Prediction}') or a score column ('{c.Score}'); found neither. Columns: {string.Join(", ", r.Table.ColumnNames)}.");

        var cm = ClassificationMetrics.Confusion(y, predicted, 2);
        m.Add("accuracy", cm.Accuracy);
        m.Add("precision", cm.Precision());
        m.Add("recall", cm.Recall());
        m.Add("f1", cm.F1());
        m.Add("mcc", cm.MatthewsCorrelation);
        if (score is not null)
        {
            // One class among the labels: the ranking metrics are undefined and named as such; the rest still hold.
            bool oneClass = y.Distinct().Count() < 2;
            string why = $"every label in column '{c.Label}' is {y[0]}; it needs both classes";
            if (oneClass) m.Undefined("roc_auc", why); else m.Add("roc_auc", ClassificationMetrics.RocAuc(y, score));
            if (!y.Contains(1)) m.Undefined("average_precision", why); else m.Add("average_precision", ClassificationMetrics.AveragePrecision(y, score));
            var probabilistic = ClassificationMetrics.Probabilistic(y, score);
            m.Add("log_loss", probabilistic.LogLoss);
            m.Add("brier", probabilistic.Brier);
            m.Add("ece", probabilistic.ExpectedCalibrationError);
            m.Add("ece_bins", (long)probabilistic.BinCount); // equal-width bins over [0, 1]
        }
        m.Add("confusion_matrix", cm.ToArray());
    }

    public static void Multiclass(TableMetrics m, TableColumnReader r)
    {
        var c = r.Columns;
        string[] y = r.Labels(c.Label), predicted = r.Labels(c.Prediction);
        var classes = y.Concat(predicted).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray(); // sorted, as scikit-learn's unique_labels
        if (classes.Length == 1)
        {
            // Labels and predictions all one class: every prediction is right. Accuracy and the per-class
            // ratios are 1 (scikit-learn averages over the classes present); correlation and log loss are 0/0.
            string why = $"columns '{c.Label}' and '{c.Prediction}' hold a single class '{classes[0]}'";
            m.Add("classes", classes);
            m.Add("accuracy", 1.0);
            foreach (var suffix in new[] { "macro", "micro", "weighted" })
                foreach (var metric in new[] { "precision", "recall", "f1" }) m.Add($"{metric}_{suffix}", 1.0);
            m.Undefined("mcc", $"{why}; the correlation is 0/0");
            m.Undefined("log_loss", $"{why}; log loss needs at least two");
            m.Add("confusion_matrix", new[] { new long[] { y.Length } });
            return;
        }
        var index = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        int[] yi = y.Select(v => index[v]).ToArray(), pi = predicted.Select(v => index[v]).ToArray();
        var cm = ClassificationMetrics.Confusion(yi, pi, classes.Length, classes);
        m.Add("classes", classes);
        m.Add("accuracy", cm.Accuracy);
        foreach (var (suffix, avg) in new[] { ("macro", Averaging.Macro), ("micro", Averaging.Micro), ("weighted", Averaging.Weighted) })
        {
            m.Add($"precision_{suffix}", cm.Precision(avg));
            m.Add($"recall_{suffix}", cm.Recall(avg));
            m.Add($"f1_{suffix}", cm.F1(avg));
        }
        m.Add("mcc", cm.MatthewsCorrelation);
        var probabilityColumns = classes.Select(k => c.Score + k).ToArray();
        if (probabilityColumns.All(r.Table.HasColumn))
        {
            var columns = probabilityColumns.Select(r.Numbers).ToArray();
            var rows = Enumerable.Range(0, y.Length).Select(i => columns.Select(col => col[i]).ToArray()).ToList();
            m.Add("log_loss", ClassificationMetrics.LogLoss(yi, rows));
        }
        else if (c.Explicit.Contains(nameof(c.Score)))
            throw r.MissingColumn(probabilityColumns.First(n => !r.Table.HasColumn(n)));
        m.Add("confusion_matrix", cm.ToArray());
    }

    public static void Regression(TableMetrics m, TableColumnReader r)
    {
        var report = RegressionMetrics.Evaluate(r.Numbers(r.Columns.Label), r.Numbers(r.Columns.Prediction));
        m.Add("mae", report.Mae);
        m.Add("rmse", report.Rmse);
        m.Add("mape", report.Mape);
        m.Add("r2", report.R2);
    }

    public static void Ranking(TableMetrics m, TableColumnReader r)
    {
        var c = r.Columns;
        double[] relevance = r.Numbers(c.Label);
        int negative = Array.FindIndex(relevance, v => v < 0);
        if (negative >= 0) throw new InvalidDataException($"{r.At(c.Label, negative)}: relevance must be >= 0, got {relevance[negative].ToString(CultureInfo.InvariantCulture)}.");
        var report = RankingMetrics.Evaluate(r.Labels(c.Query), relevance, r.Numbers(c.Score), c.K);
        m.Add("k", (long)report.K);
        m.Add("queries", (long)report.QueryCount);
        m.Add("precision_at_k", report.PrecisionAtK);
        m.Add("recall_at_k", report.RecallAtK);
        m.Add("map_at_k", report.MapAtK);
        m.Add("ndcg_at_k", report.NdcgAtK);
    }
}
