using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// The realized metrics of a chunk with labels, from the shared calculators in <see cref="Workbooks.ModelOps.Metrics"/>
/// (scikit-learn's definitions: macro averages over classes present in labels or predictions, ROC AUC
/// undefined, here null, when a class is absent). Specificity is the recall of the negative class, per class for macro.
/// </summary>
internal static class RealizedMetrics
{
    public static Dictionary<PerformanceMetric, double?> Binary(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, ReadOnlySpan<double> scores, IReadOnlyList<PerformanceMetric> metrics)
    {
        var cm = ClassificationMetrics.Confusion(labels, predictions, 2);
        var result = new Dictionary<PerformanceMetric, double?>();
        foreach (var m in metrics)
            result[m] = m switch
            {
                PerformanceMetric.Accuracy => cm.Accuracy,
                PerformanceMetric.Precision => cm.Precision(),
                PerformanceMetric.Recall => cm.Recall(),
                PerformanceMetric.F1 => cm.F1(),
                PerformanceMetric.Specificity => Specificity(cm, 1),
                PerformanceMetric.RocAuc => cm.ActualCount(0) > 0 && cm.ActualCount(1) > 0 ? ClassificationMetrics.RocAuc(labels, scores) : null,
                _ => throw new ArgumentOutOfRangeException(nameof(metrics), m, "Not a classification metric."),
            };
        return result;
    }

    public static Dictionary<PerformanceMetric, double?> Multiclass(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, IReadOnlyList<double[]> scores, int start, IReadOnlyList<PerformanceMetric> metrics)
    {
        int k = scores.Count;
        var cm = ClassificationMetrics.Confusion(labels, predictions, k);
        var result = new Dictionary<PerformanceMetric, double?>();
        foreach (var m in metrics)
            result[m] = m switch
            {
                PerformanceMetric.Accuracy => cm.Accuracy,
                PerformanceMetric.Precision => cm.Precision(Averaging.Macro),
                PerformanceMetric.Recall => cm.Recall(Averaging.Macro),
                PerformanceMetric.F1 => cm.F1(Averaging.Macro),
                PerformanceMetric.Specificity => MacroSpecificity(cm),
                PerformanceMetric.RocAuc => MacroRocAuc(cm, labels, scores, start),
                _ => throw new ArgumentOutOfRangeException(nameof(metrics), m, "Not a classification metric."),
            };
        return result;
    }

    /// <summary>TN / (TN + FP) of class <paramref name="c"/> against the rest.</summary>
    private static double Specificity(ConfusionMatrix cm, int c)
    {
        long tp = cm[c, c], fp = cm.PredictedCount(c) - tp, tn = cm.Total - cm.ActualCount(c) - cm.PredictedCount(c) + tp;
        return tn + fp == 0 ? 0.0 : (double)tn / (tn + fp);
    }

    private static double MacroSpecificity(ConfusionMatrix cm)
    {
        var present = Enumerable.Range(0, cm.ClassCount).Where(c => cm.ActualCount(c) > 0 || cm.PredictedCount(c) > 0).ToList();
        return present.Count == 0 ? 0.0 : present.Average(c => Specificity(cm, c));
    }

    private static double? MacroRocAuc(ConfusionMatrix cm, ReadOnlySpan<int> labels, IReadOnlyList<double[]> scores, int start)
    {
        for (int c = 0; c < cm.ClassCount; c++)
            if (cm.ActualCount(c) == 0 || cm.ActualCount(c) == cm.Total) return null;
        var isClass = new int[labels.Length];
        double sum = 0;
        for (int c = 0; c < cm.ClassCount; c++)
        {
            for (int i = 0; i < labels.Length; i++) isClass[i] = labels[i] == c ? 1 : 0;
            sum += ClassificationMetrics.RocAuc(isClass, scores[c].AsSpan(start, labels.Length));
        }
        return sum / cm.ClassCount;
    }
}
