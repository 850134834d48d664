namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// A binary confusion matrix whose cells are sums of probabilities: with calibrated probabilities q of
/// the positive class they are the <em>expected</em> counts (CBPE); with q = the 0/1 label they are the
/// realized counts. Metrics are ratios of these cells; a zero denominator gives 0, as scikit-learn's
/// <c>zero_division=0</c>.
/// </summary>
/// <example>
/// <code>
/// var m = ExpectedConfusion.From([0.9, 0.2, 0.6, 0.3], [1, 0, 1, 0]);
/// Console.WriteLine($"{m.TruePositive} {m.Accuracy}");
/// // prints: 1.5 0.75
/// </code>
/// </example>
public readonly record struct ExpectedConfusion(double TruePositive, double FalsePositive, double FalseNegative, double TrueNegative)
{
    public double Total => TruePositive + FalsePositive + FalseNegative + TrueNegative;
    public double Accuracy => Ratio(TruePositive + TrueNegative, Total);
    public double Precision => Ratio(TruePositive, TruePositive + FalsePositive);
    public double Recall => Ratio(TruePositive, TruePositive + FalseNegative);
    public double Specificity => Ratio(TrueNegative, TrueNegative + FalsePositive);
    public double F1 => Ratio(2 * TruePositive, 2 * TruePositive + FalsePositive + FalseNegative);

    /// <summary>The value of a confusion-matrix metric (not ROC AUC, which needs the scores).</summary>
    public double Metric(PerformanceMetric metric) => metric switch
    {
        PerformanceMetric.Accuracy => Accuracy,
        PerformanceMetric.Precision => Precision,
        PerformanceMetric.Recall => Recall,
        PerformanceMetric.F1 => F1,
        PerformanceMetric.Specificity => Specificity,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a confusion-matrix metric."),
    };

    /// <summary>Sums q·pred, (1−q)·pred, q·(1−pred), (1−q)·(1−pred) over the rows.</summary>
    /// <param name="positiveProbability">Probability that each row is positive (or its 0/1 label).</param>
    /// <param name="predictedPositive">1 where the model predicted the positive class, else 0.</param>
    public static ExpectedConfusion From(ReadOnlySpan<double> positiveProbability, ReadOnlySpan<int> predictedPositive)
    {
        if (positiveProbability.Length != predictedPositive.Length)
            throw new ArgumentException($"{positiveProbability.Length} probabilities but {predictedPositive.Length} predictions.");
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < positiveProbability.Length; i++)
        {
            double q = positiveProbability[i];
            if (predictedPositive[i] != 0) { tp += q; fp += 1 - q; }
            else { fn += q; tn += 1 - q; }
        }
        return new ExpectedConfusion(tp, fp, fn, tn);
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0.0;
}

/// <summary>ROC AUC where each row counts as positive with weight q and negative with weight 1 − q.</summary>
/// <example>
/// <code>
/// Console.WriteLine(ExpectedRocAuc.Compute([0.8, 0.3], [1.0, 0.0]));   // labels as weights: a perfect ranking
/// // prints: 1
/// </code>
/// </example>
public static class ExpectedRocAuc
{
    /// <summary>
    /// Area under the ROC curve traced by thresholds on <paramref name="scores"/>, with expected true- and
    /// false-positive counts Σq and Σ(1−q) above each threshold (tied scores move together, so with 0/1
    /// labels this is exactly scikit-learn's <c>roc_auc_score</c>). Null when every q is 0 or every q is 1:
    /// the curve is undefined with one class.
    /// </summary>
    public static double? Compute(ReadOnlySpan<double> scores, ReadOnlySpan<double> positiveProbability)
    {
        if (scores.Length != positiveProbability.Length)
            throw new ArgumentException($"{scores.Length} scores but {positiveProbability.Length} probabilities.");
        var keys = new double[scores.Length];
        var weights = positiveProbability.ToArray();
        for (int i = 0; i < keys.Length; i++) keys[i] = -scores[i];   // descending by score
        Array.Sort(keys, weights);
        double totalPos = 0, totalNeg = 0;
        foreach (var q in weights) { totalPos += q; totalNeg += 1 - q; }
        if (totalPos <= 0 || totalNeg <= 0) return null;

        double tp = 0, fp = 0, prevTpr = 0, prevFpr = 0, area = 0;
        for (int i = 0; i < keys.Length;)
        {
            double key = keys[i];
            for (; i < keys.Length && keys[i] == key; i++) { tp += weights[i]; fp += 1 - weights[i]; }
            double tpr = tp / totalPos, fpr = fp / totalNeg;
            area += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevTpr = tpr; prevFpr = fpr;
        }
        return area;
    }
}
