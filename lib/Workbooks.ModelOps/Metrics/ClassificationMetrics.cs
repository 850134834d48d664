namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// Classification metrics over whole arrays, agreeing with scikit-learn 1.2 to 1e-9 relative (see the tests'
/// fixtures). Classes are indices <c>0..k-1</c>; in binary problems class 1 is the positive class and scores
/// are P(class 1). Counting metrics go through <see cref="ConfusionMatrix"/> and probabilistic ones through
/// <see cref="BinaryProbabilityAccumulator"/>, the same code a monitor runs per window.
/// Bad input (different lengths, empty arrays, a label outside 0/1, a probability outside [0, 1], NaN)
/// throws <see cref="ArgumentException"/> naming the row.
/// </summary>
/// <example>
/// <code>
/// int[] actual = { 0, 0, 1, 1 };
/// double[] score = { 0.1, 0.4, 0.35, 0.8 };
/// Console.WriteLine(ClassificationMetrics.RocAuc(actual, score));
/// // prints: 0.75
/// </code>
/// </example>
public static class ClassificationMetrics
{
    /// <summary>Counts (actual, predicted) pairs; <paramref name="classCount"/> defaults to the largest index + 1 (at least 2).</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int? classCount = null, IReadOnlyList<string>? classNames = null)
    {
        RequireSameLength(actual.Length, predicted.Length);
        int k = classCount ?? Math.Max(2, Math.Max(Max(actual), Max(predicted)) + 1);
        var cm = new ConfusionMatrix(k, classNames);
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
                throw new ArgumentException($"Row {i}: class index {((uint)actual[i] >= (uint)k ? actual[i] : predicted[i])} is outside 0..{k - 1}.");
            cm.Add(actual[i], predicted[i]);
        }
        return cm;
    }

    public static double Accuracy(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted) => Confusion(actual, predicted).Accuracy;
    public static double Precision(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, Averaging averaging = Averaging.Binary) => Confusion(actual, predicted).Precision(averaging);
    public static double Recall(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, Averaging averaging = Averaging.Binary) => Confusion(actual, predicted).Recall(averaging);
    public static double F1(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, Averaging averaging = Averaging.Binary) => Confusion(actual, predicted).F1(averaging);
    public static double MatthewsCorrelation(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted) => Confusion(actual, predicted).MatthewsCorrelation;

    /// <summary>Area under the ROC curve. Tied scores form one step of the curve, crossed diagonally
    /// (trapezoid), so a tie between a positive and a negative counts one half, as in scikit-learn's
    /// <c>roc_auc_score</c>. Needs both classes among the labels.</summary>
    public static double RocAuc(ReadOnlySpan<int> actual, ReadOnlySpan<double> score)
    {
        var (tps, fps, positives, negatives) = ThresholdCounts(actual, score, nameof(RocAuc));
        if (negatives == 0) throw new ArgumentException("ROC AUC is undefined when every label is 1: the labels need both classes.");
        // Twice the trapezoid area in integer counts, divided once at the end.
        long area2 = 0, prevTp = 0, prevFp = 0;
        for (int i = 0; i < tps.Length; i++)
        {
            area2 += (fps[i] - prevFp) * (tps[i] + prevTp);
            prevTp = tps[i]; prevFp = fps[i];
        }
        return area2 / (2.0 * positives * negatives);
    }

    /// <summary>Average precision: Σ over descending distinct thresholds of (R_n − R_{n−1}) · P_n, the
    /// step (non-interpolated) sum of scikit-learn's <c>average_precision_score</c>.</summary>
    public static double AveragePrecision(ReadOnlySpan<int> actual, ReadOnlySpan<double> score)
    {
        var (tps, fps, positives, _) = ThresholdCounts(actual, score, nameof(AveragePrecision));
        double ap = 0; long prevTp = 0;
        for (int i = 0; i < tps.Length; i++)
        {
            if (tps[i] != prevTp) ap += (double)(tps[i] - prevTp) / positives * (tps[i] / (double)(tps[i] + fps[i]));
            prevTp = tps[i];
        }
        return ap;
    }

    /// <summary>Binary log loss of P(class 1), clipped to [ε, 1−ε] as scikit-learn's <c>log_loss</c>.</summary>
    public static double LogLoss(ReadOnlySpan<int> actual, ReadOnlySpan<double> probability) => Probabilistic(actual, probability).LogLoss;

    /// <summary>Multiclass log loss: <paramref name="probabilities"/>[i][c] = P(row i is class c). Each row is clipped
    /// to [ε, 1−ε] and renormalised to sum to 1, as scikit-learn's <c>log_loss</c> does.</summary>
    public static double LogLoss(ReadOnlySpan<int> actual, IReadOnlyList<double[]> probabilities)
    {
        RequireSameLength(actual.Length, probabilities.Count);
        const double eps = BinaryProbabilityAccumulator.MachineEpsilon;
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            var row = probabilities[i];
            if ((uint)actual[i] >= (uint)row.Length) throw new ArgumentException($"Row {i}: class index {actual[i]} has no probability column (the row has {row.Length}).");
            double total = 0;
            foreach (var p in row)
            {
                if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Row {i}: probability {p} is outside [0, 1].");
                total += Math.Clamp(p, eps, 1 - eps);
            }
            sum -= Math.Log(Math.Clamp(row[actual[i]], eps, 1 - eps) / total);
        }
        return sum / actual.Length;
    }

    /// <summary>Mean squared difference between the label (0/1) and P(class 1): scikit-learn's <c>brier_score_loss</c>.</summary>
    public static double Brier(ReadOnlySpan<int> actual, ReadOnlySpan<double> probability) => Probabilistic(actual, probability).Brier;

    /// <summary>Expected calibration error over <paramref name="binCount"/> equal-width bins; see <see cref="BinaryProbabilityAccumulator"/>.</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<int> actual, ReadOnlySpan<double> probability, int binCount = BinaryProbabilityAccumulator.DefaultBinCount)
        => Probabilistic(actual, probability, binCount).ExpectedCalibrationError;

    /// <summary>Feeds a whole array into a <see cref="BinaryProbabilityAccumulator"/>, naming the bad row on error.</summary>
    public static BinaryProbabilityAccumulator Probabilistic(ReadOnlySpan<int> actual, ReadOnlySpan<double> probability, int binCount = BinaryProbabilityAccumulator.DefaultBinCount)
    {
        RequireSameLength(actual.Length, probability.Length);
        var acc = new BinaryProbabilityAccumulator(binCount);
        for (int i = 0; i < actual.Length; i++)
        {
            try { acc.Add(actual[i], probability[i]); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"Row {i}: {e.Message.Split(" (Parameter")[0]} (got {e.ActualValue}).", e); }
        }
        return acc;
    }

    // Cumulative true/false positive counts at each distinct score, from the highest score down.
    private static (long[] Tps, long[] Fps, long Positives, long Negatives) ThresholdCounts(ReadOnlySpan<int> actual, ReadOnlySpan<double> score, string metric)
    {
        RequireSameLength(actual.Length, score.Length);
        var order = new int[actual.Length];
        for (int i = 0; i < order.Length; i++)
        {
            if (actual[i] is not (0 or 1)) throw new ArgumentException($"Row {i}: a binary label must be 0 or 1, got {actual[i]}.");
            if (double.IsNaN(score[i])) throw new ArgumentException($"Row {i}: the score is NaN.");
            order[i] = i;
        }
        var scores = score.ToArray();
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
        var tps = new List<long>(); var fps = new List<long>();
        long tp = 0, fp = 0;
        for (int j = 0; j < order.Length; j++)
        {
            if (actual[order[j]] == 1) tp++; else fp++;
            if (j == order.Length - 1 || scores[order[j + 1]] != scores[order[j]]) { tps.Add(tp); fps.Add(fp); }
        }
        if (tp == 0) throw new ArgumentException($"{metric} is undefined when no label is 1: the labels need both classes.");
        return (tps.ToArray(), fps.ToArray(), tp, fp);
    }

    internal static void RequireSameLength(int a, int b)
    {
        if (a != b) throw new ArgumentException($"The arrays have different lengths: {a} labels and {b} predictions.");
        if (a == 0) throw new ArgumentException("No rows: metrics are undefined on empty input.");
    }

    private static int Max(ReadOnlySpan<int> values)
    {
        int m = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0) throw new ArgumentException($"Row {i}: class index {values[i]} is negative.");
            m = Math.Max(m, values[i]);
        }
        return m;
    }
}
