namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// Streaming sums for the probabilistic quality of a binary classifier: log loss, Brier score and expected
/// calibration error (ECE), so a monitor can update them per prediction without allocating.
/// <para>Log loss clips the probability to <c>[ε, 1-ε]</c> with ε = machine epsilon (2.22e-16), as
/// scikit-learn's <c>log_loss</c> does. ECE uses <see cref="BinCount"/> equal-width bins over [0, 1] with
/// the edges and bin assignment of scikit-learn's <c>calibration_curve(strategy="uniform")</c> (edges
/// <c>i/BinCount</c>; a probability on an inner edge falls in the lower bin) and is
/// Σ over non-empty bins of (bin count / n) · |fraction of positives − mean probability|.</para>
/// Not thread-safe: one accumulator per window per writer, merged with <see cref="Merge"/>.
/// </summary>
/// <example>
/// <code>
/// var acc = new BinaryProbabilityAccumulator();
/// acc.Add(1, 0.8); acc.Add(0, 0.2);
/// Console.WriteLine($"{acc.Brier:F2} {acc.ExpectedCalibrationError:F2}");
/// // prints: 0.04 0.20
/// </code>
/// </example>
public sealed class BinaryProbabilityAccumulator
{
    /// <summary>Default number of equal-width calibration bins.</summary>
    public const int DefaultBinCount = 10;
    internal const double MachineEpsilon = 2.220446049250313e-16; // np.finfo(np.float64).eps, what scikit-learn clips with

    private readonly double[] _innerEdges;
    private readonly long[] _binCount;
    private readonly double[] _binPositives;
    private readonly double[] _binProbability;
    private double _logLossSum, _brierSum;

    public BinaryProbabilityAccumulator(int binCount = DefaultBinCount)
    {
        if (binCount < 1) throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "At least one calibration bin is needed.");
        BinCount = binCount;
        double step = 1.0 / binCount; // numpy's linspace: edge i = i * step
        _innerEdges = Enumerable.Range(1, binCount - 1).Select(i => i * step).ToArray();
        _binCount = new long[binCount];
        _binPositives = new double[binCount];
        _binProbability = new double[binCount];
    }

    public int BinCount { get; }
    public long Count { get; private set; }

    /// <summary>Adds one labelled prediction: <paramref name="label"/> 0 or 1, <paramref name="probability"/> =
    /// predicted P(label = 1) in [0, 1].</summary>
    public void Add(int label, double probability)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "A binary label must be 0 or 1.");
        if (!(probability >= 0.0 && probability <= 1.0)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must be in [0, 1].");
        double clipped = Math.Clamp(probability, MachineEpsilon, 1 - MachineEpsilon);
        _logLossSum -= Math.Log(label == 1 ? clipped : 1 - clipped);
        double residual = label - probability;
        _brierSum += residual * residual;
        int bin = Bin(probability);
        _binCount[bin]++;
        _binPositives[bin] += label;
        _binProbability[bin] += probability;
        Count++;
    }

    /// <summary>Mean negative log-likelihood of the labels; the error names the empty window when Count is 0.</summary>
    public double LogLoss { get { RequireCount(nameof(LogLoss)); return _logLossSum / Count; } }

    /// <summary>Mean squared difference between label and probability.</summary>
    public double Brier { get { RequireCount(nameof(Brier)); return _brierSum / Count; } }

    /// <summary>Expected calibration error over the equal-width bins (see the type's summary).</summary>
    public double ExpectedCalibrationError
    {
        get
        {
            RequireCount(nameof(ExpectedCalibrationError));
            double ece = 0;
            for (int b = 0; b < BinCount; b++)
            {
                if (_binCount[b] == 0) continue;
                double n = _binCount[b];
                ece += n / Count * Math.Abs(_binPositives[b] / n - _binProbability[b] / n);
            }
            return ece;
        }
    }

    /// <summary>Per-bin (count, fraction of positives, mean probability) for reliability diagrams; empty bins are skipped.</summary>
    public IReadOnlyList<(int Bin, long Count, double FractionPositive, double MeanProbability)> ReliabilityBins() =>
        Enumerable.Range(0, BinCount).Where(b => _binCount[b] > 0)
            .Select(b => (b, _binCount[b], _binPositives[b] / _binCount[b], _binProbability[b] / _binCount[b])).ToList();

    public void Merge(BinaryProbabilityAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BinCount != BinCount) throw new ArgumentException($"Cannot merge {other.BinCount} bins into {BinCount}.", nameof(other));
        for (int b = 0; b < BinCount; b++)
        {
            _binCount[b] += other._binCount[b]; _binPositives[b] += other._binPositives[b]; _binProbability[b] += other._binProbability[b];
        }
        _logLossSum += other._logLossSum; _brierSum += other._brierSum; Count += other.Count;
    }

    public void Reset()
    {
        Array.Clear(_binCount); Array.Clear(_binPositives); Array.Clear(_binProbability);
        _logLossSum = _brierSum = 0; Count = 0;
    }

    // Number of inner edges strictly below p: numpy's searchsorted(edges, p, side="left").
    private int Bin(double p)
    {
        int b = Math.Min((int)(p * BinCount), BinCount - 1);
        while (b > 0 && _innerEdges[b - 1] >= p) b--;
        while (b < BinCount - 1 && _innerEdges[b] < p) b++;
        return b;
    }

    private void RequireCount(string metric)
    {
        if (Count == 0) throw new InvalidOperationException($"{metric} is undefined for an empty window: no labelled predictions were added.");
    }
}
