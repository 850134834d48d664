namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// Counts of (actual class, predicted class) pairs over class indices <c>0..ClassCount-1</c>, and every
/// metric that follows from those counts: accuracy, precision, recall, F1 (binary, macro, micro, weighted)
/// and the Matthews correlation, all as scikit-learn defines them (a 0/0 ratio counts as 0, as
/// scikit-learn's <c>zero_division=0</c>). It is also the streaming accumulator a monitor keeps per
/// window: <see cref="Add"/> allocates nothing. <see cref="Add"/> is not thread-safe; use
/// <see cref="AddConcurrent"/> when several threads add to one matrix.
/// </summary>
/// <example>
/// <code>
/// var cm = new ConfusionMatrix(2);
/// cm.Add(actual: 1, predicted: 1); cm.Add(1, 0); cm.Add(0, 0); cm.Add(0, 1);
/// Console.WriteLine($"{cm.Accuracy} {cm.Precision()} {cm[1, 0]}");
/// // prints: 0.5 0.5 1
/// </code>
/// </example>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts; // row-major: actual * ClassCount + predicted

    /// <summary>An empty matrix for <paramref name="classCount"/> classes (at least 2).</summary>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="classNames">Optional names of the classes, for reports; index i names class i.</param>
    public ConfusionMatrix(int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A confusion matrix needs at least 2 classes.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"{classNames.Count} class names given for {classCount} classes.", nameof(classNames));
        ClassCount = classCount;
        ClassNames = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        _counts = new long[classCount * classCount];
    }

    public int ClassCount { get; }
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How many items of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[Index(actual, predicted)];

    /// <summary>Total number of items counted.</summary>
    public long Total { get { long t = 0; foreach (var c in _counts) t += c; return t; } }

    /// <summary>Counts one prediction. Not thread-safe; allocation-free.</summary>
    public void Add(int actual, int predicted) => _counts[Index(actual, predicted)]++;

    /// <summary>Counts one prediction atomically, for several threads adding to one matrix.</summary>
    public void AddConcurrent(int actual, int predicted) => Interlocked.Increment(ref _counts[Index(actual, predicted)]);

    /// <summary>Adds another matrix's counts to this one (windows or threads merged).</summary>
    public void Merge(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ClassCount != ClassCount) throw new ArgumentException($"Cannot merge a {other.ClassCount}-class matrix into a {ClassCount}-class one.", nameof(other));
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
    }

    /// <summary>Clears every count (start of a new window).</summary>
    public void Reset() => Array.Clear(_counts);

    /// <summary>The counts as a <c>[actual][predicted]</c> array (a copy).</summary>
    public long[][] ToArray() => Enumerable.Range(0, ClassCount).Select(a => Enumerable.Range(0, ClassCount).Select(p => this[a, p]).ToArray()).ToArray();

    /// <summary>Fraction of items predicted correctly; 0 when the matrix is empty.</summary>
    public double Accuracy
    {
        get { long correct = 0; for (int c = 0; c < ClassCount; c++) correct += this[c, c]; return Ratio(correct, Total); }
    }

    public double Precision(Averaging averaging = Averaging.Binary) => Average(averaging, PerClass.Precision);
    public double Recall(Averaging averaging = Averaging.Binary) => Average(averaging, PerClass.Recall);
    public double F1(Averaging averaging = Averaging.Binary) => Average(averaging, PerClass.F1);

    /// <summary>Matthews correlation coefficient, multiclass form (Gorodkin's R_K, as scikit-learn);
    /// 0 when a denominator term is 0 (all items in one actual or one predicted class).</summary>
    public double MatthewsCorrelation
    {
        get
        {
            double n = Total, correct = 0, sumTP = 0, sumTT = 0, sumPP = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                double t = ActualCount(c), p = PredictedCount(c);
                correct += this[c, c]; sumTP += t * p; sumTT += t * t; sumPP += p * p;
            }
            double cov = correct * n - sumTP, varPred = n * n - sumPP, varTrue = n * n - sumTT;
            return varPred * varTrue == 0 ? 0.0 : cov / Math.Sqrt(varTrue * varPred);
        }
    }

    /// <summary>Number of items whose actual class is <paramref name="c"/> (the class's support).</summary>
    public long ActualCount(int c) { long s = 0; for (int p = 0; p < ClassCount; p++) s += this[c, p]; return s; }

    /// <summary>Number of items predicted as class <paramref name="c"/>.</summary>
    public long PredictedCount(int c) { long s = 0; for (int a = 0; a < ClassCount; a++) s += this[a, c]; return s; }

    private enum PerClass { Precision, Recall, F1 }

    private double Average(Averaging averaging, PerClass metric)
    {
        switch (averaging)
        {
            case Averaging.Binary:
                if (ClassCount != 2) throw new InvalidOperationException($"Binary averaging needs 2 classes, this matrix has {ClassCount}; use Macro, Micro or Weighted.");
                return Score(metric, this[1, 1], PredictedCount(1) - this[1, 1], ActualCount(1) - this[1, 1]);
            case Averaging.Micro:
            {
                long tp = 0; for (int c = 0; c < ClassCount; c++) tp += this[c, c];
                long total = Total; // every error is one false positive and one false negative
                return Score(metric, tp, total - tp, total - tp);
            }
            case Averaging.Macro:
            case Averaging.Weighted:
            {
                double sum = 0, weights = 0;
                for (int c = 0; c < ClassCount; c++)
                {
                    long tp = this[c, c], actual = ActualCount(c), predicted = PredictedCount(c);
                    if (actual == 0 && predicted == 0) continue; // scikit-learn averages over labels present in y_true or y_pred
                    double w = averaging == Averaging.Macro ? 1.0 : actual;
                    sum += w * Score(metric, tp, predicted - tp, actual - tp);
                    weights += w;
                }
                return weights == 0 ? 0.0 : sum / weights;
            }
            default: throw new ArgumentOutOfRangeException(nameof(averaging), averaging, null);
        }
    }

    private static double Score(PerClass metric, long tp, long fp, long fn)
    {
        double precision = Ratio(tp, tp + fp), recall = Ratio(tp, tp + fn);
        return metric switch
        {
            PerClass.Precision => precision,
            PerClass.Recall => recall,
            _ => precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall),
        };
    }

    internal static double Ratio(double numerator, double denominator) => denominator == 0 ? 0.0 : numerator / denominator;

    private int Index(int actual, int predicted)
    {
        if ((uint)actual >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Class index must be in 0..{ClassCount - 1}.");
        if ((uint)predicted >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"Class index must be in 0..{ClassCount - 1}.");
        return actual * ClassCount + predicted;
    }
}
