namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// The standard error of each metric on a chunk of n rows, learned once from the labelled reference set.
/// Every confusion-matrix metric is a ratio of row sums, M = Σa/Σb (accuracy: a = correct, b = 1; precision:
/// a = TP, b = predicted positive; recall: a = TP, b = positive; specificity: a = TN, b = negative; F1: a = 2TP,
/// b = 2TP + FP + FN). By the delta method its standard error on n rows is σ/√n with σ = sd(a − M·b) / mean(b)
/// over the reference rows: for accuracy the usual sd(correct)/√n, for precision sd(correct | predicted
/// positive)/√(n · share predicted positive), the same figures NannyML derives. Macro averages add the
/// per-class terms row by row before taking the sd. ROC AUC uses Hanley and McNeil's (1982) formula with the
/// reference AUC and class share. MAE: σ = sd(|error|); RMSE: σ = sd(error²) / (2·RMSE).
/// </summary>
/// <example>
/// <code>
/// var model = SamplingErrorModel.ForBinary([1, 0, 1, 0], [1, 0, 0, 0], [0.9, 0.1, 0.4, 0.3]);
/// Console.WriteLine(model.StandardError(PerformanceMetric.Accuracy, 100).ToString("0.0000"));
/// // prints: 0.0433
/// </code>
/// </example>
public sealed class SamplingErrorModel
{
    private readonly Dictionary<PerformanceMetric, double> _sigma;
    private readonly (double Auc, double Share)[] _aucClasses;

    private SamplingErrorModel(Dictionary<PerformanceMetric, double> sigma, (double, double)[] aucClasses)
    {
        _sigma = sigma; _aucClasses = aucClasses;
    }

    /// <summary>The standard error of <paramref name="metric"/> on a chunk of <paramref name="rows"/> rows.</summary>
    public double StandardError(PerformanceMetric metric, int rows)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A chunk needs at least one row.");
        if (metric == PerformanceMetric.RocAuc && _aucClasses.Length > 0)
        {
            double sumSq = 0;
            foreach (var (auc, share) in _aucClasses) { var se = HanleyMcNeil(auc, share, rows); sumSq += se * se; }
            return Math.Sqrt(sumSq) / _aucClasses.Length;
        }
        if (!_sigma.TryGetValue(metric, out var sigma))
            throw new ArgumentException($"No sampling-error model for {metric.Name()} here.", nameof(metric));
        return sigma / Math.Sqrt(rows);
    }

    /// <summary>From reference labels and predictions (1 = positive) and the model's scores.</summary>
    public static SamplingErrorModel ForBinary(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, ReadOnlySpan<double> scores)
    {
        var y = Indicator(labels, 1);
        var p = Indicator(predictions, 1);
        var correct = new double[y.Length];
        for (int i = 0; i < y.Length; i++) correct[i] = y[i] == p[i] ? 1 : 0;
        return FromClasses(correct, [(y, p, scores.ToArray())]);
    }

    /// <summary>From reference class indices, predicted class indices and one score column per class (macro averages).</summary>
    public static SamplingErrorModel ForMulticlass(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, IReadOnlyList<double[]> classScores)
    {
        var correct = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++) correct[i] = labels[i] == predictions[i] ? 1 : 0;
        var classes = new List<(double[], double[], double[])>();
        for (int k = 0; k < classScores.Count; k++)
            classes.Add((Indicator(labels, k), Indicator(predictions, k), classScores[k]));
        return FromClasses(correct, classes);
    }

    /// <summary>From reference errors (prediction − target) of a regression model.</summary>
    public static SamplingErrorModel ForRegression(ReadOnlySpan<double> errors)
    {
        var abs = new double[errors.Length];
        var sq = new double[errors.Length];
        for (int i = 0; i < errors.Length; i++) { abs[i] = Math.Abs(errors[i]); sq[i] = errors[i] * errors[i]; }
        double rmse = Math.Sqrt(sq.Average());
        return new SamplingErrorModel(new Dictionary<PerformanceMetric, double>
        {
            [PerformanceMetric.Mae] = PopulationSd(abs),
            [PerformanceMetric.Rmse] = rmse > 0 ? PopulationSd(sq) / (2 * rmse) : 0,
        }, []);
    }

    private static SamplingErrorModel FromClasses(double[] correct, IReadOnlyList<(double[] Y, double[] P, double[] Scores)> classes)
    {
        int n = correct.Length, k = classes.Count;
        var sigma = new Dictionary<PerformanceMetric, double> { [PerformanceMetric.Accuracy] = PopulationSd(correct) };
        foreach (var metric in new[] { PerformanceMetric.Precision, PerformanceMetric.Recall, PerformanceMetric.Specificity, PerformanceMetric.F1 })
        {
            var influence = new double[n];
            foreach (var (y, p, _) in classes)
            {
                var (a, b) = RatioTerms(metric, y, p);
                double sumA = a.Sum(), sumB = b.Sum();
                if (sumB <= 0) continue;
                double ratio = sumA / sumB, meanB = sumB / n;
                for (int i = 0; i < n; i++) influence[i] += (a[i] - ratio * b[i]) / meanB / k;
            }
            sigma[metric] = Math.Sqrt(influence.Sum(v => v * v) / n);   // influence has mean 0 by construction
        }
        var auc = new List<(double, double)>();
        foreach (var (y, _, scores) in classes)
        {
            double share = y.Average();
            if (share is > 0 and < 1) auc.Add((ExpectedRocAuc.Compute(scores, y)!.Value, share));
        }
        return new SamplingErrorModel(sigma, auc.ToArray());
    }

    private static (double[] A, double[] B) RatioTerms(PerformanceMetric metric, double[] y, double[] p)
    {
        int n = y.Length;
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            double tp = y[i] * p[i], fp = (1 - y[i]) * p[i], fn = y[i] * (1 - p[i]), tn = (1 - y[i]) * (1 - p[i]);
            (a[i], b[i]) = metric switch
            {
                PerformanceMetric.Precision => (tp, tp + fp),
                PerformanceMetric.Recall => (tp, tp + fn),
                PerformanceMetric.Specificity => (tn, tn + fp),
                _ => (2 * tp, 2 * tp + fp + fn),
            };
        }
        return (a, b);
    }

    /// <summary>Hanley &amp; McNeil (1982), Radiology 143:29-36, eq. 2, with Q1 = A/(2−A), Q2 = 2A²/(1+A).</summary>
    internal static double HanleyMcNeil(double auc, double positiveShare, int rows)
    {
        double nPos = Math.Max(1, rows * positiveShare), nNeg = Math.Max(1, rows * (1 - positiveShare));
        double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg);
        return Math.Sqrt(Math.Max(0, variance));
    }

    private static double[] Indicator(ReadOnlySpan<int> values, int target)
    {
        var r = new double[values.Length];
        for (int i = 0; i < r.Length; i++) r[i] = values[i] == target ? 1 : 0;
        return r;
    }

    private static double PopulationSd(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
