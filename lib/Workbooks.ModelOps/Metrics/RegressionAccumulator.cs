namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// Streaming sums for regression quality: MAE, RMSE, MAPE and R², updated per prediction without allocating,
/// so a monitor keeps one per window. MAPE is a fraction (not a percentage) and divides by
/// max(|actual|, ε) with ε = machine epsilon, exactly as scikit-learn's
/// <c>mean_absolute_percentage_error</c>. R² uses Welford's running mean and variance of the actual values
/// (numerically stable in one pass); with constant actual values it is 1 for a perfect fit and 0 otherwise,
/// as scikit-learn's <c>r2_score</c>. Not thread-safe: one per writer, combined with <see cref="Merge"/>.
/// </summary>
/// <example>
/// <code>
/// var acc = new RegressionAccumulator();
/// acc.Add(actual: 3, predicted: 2.5); acc.Add(-0.5, 0); acc.Add(2, 2); acc.Add(7, 8);
/// Console.WriteLine($"{acc.MeanAbsoluteError} {acc.RSquared:F4}");
/// // prints: 0.5 0.9486
/// </code>
/// </example>
public sealed class RegressionAccumulator
{
    private double _sumAbs, _sumSquared, _sumAbsFraction;
    private double _mean, _m2; // Welford over the actual values

    public long Count { get; private set; }

    /// <summary>Adds one (actual, predicted) pair. Both must be finite.</summary>
    public void Add(double actual, double predicted)
    {
        if (!double.IsFinite(actual)) throw new ArgumentOutOfRangeException(nameof(actual), actual, "The actual value must be a finite number.");
        if (!double.IsFinite(predicted)) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, "The prediction must be a finite number.");
        double error = actual - predicted, abs = Math.Abs(error);
        _sumAbs += abs;
        _sumSquared += error * error;
        _sumAbsFraction += abs / Math.Max(Math.Abs(actual), BinaryProbabilityAccumulator.MachineEpsilon);
        Count++;
        double delta = actual - _mean;
        _mean += delta / Count;
        _m2 += delta * (actual - _mean);
    }

    public double MeanAbsoluteError { get { Require(); return _sumAbs / Count; } }
    public double MeanSquaredError { get { Require(); return _sumSquared / Count; } }
    public double RootMeanSquaredError => Math.Sqrt(MeanSquaredError);
    /// <summary>Mean absolute percentage error as a fraction (0.1 = 10%).</summary>
    public double MeanAbsolutePercentageError { get { Require(); return _sumAbsFraction / Count; } }

    /// <summary>Coefficient of determination 1 − SS_res / SS_tot.</summary>
    public double RSquared
    {
        get
        {
            Require();
            if (_m2 == 0) return _sumSquared == 0 ? 1.0 : 0.0;
            return 1 - _sumSquared / _m2;
        }
    }

    /// <summary>Combines another accumulator's sums into this one (Chan et al.'s parallel variance update).</summary>
    public void Merge(RegressionAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return;
        long n = Count + other.Count;
        double delta = other._mean - _mean;
        _m2 += other._m2 + delta * delta * Count * other.Count / n;
        _mean += delta * other.Count / n;
        _sumAbs += other._sumAbs; _sumSquared += other._sumSquared; _sumAbsFraction += other._sumAbsFraction;
        Count = n;
    }

    public void Reset() { _sumAbs = _sumSquared = _sumAbsFraction = _mean = _m2 = 0; Count = 0; }

    private void Require()
    {
        if (Count == 0) throw new InvalidOperationException("Regression metrics are undefined for an empty window: no labelled predictions were added.");
    }
}
