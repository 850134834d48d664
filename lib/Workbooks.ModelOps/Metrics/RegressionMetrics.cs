namespace Workbooks.ModelOps.Metrics;

/// <summary>MAE, RMSE, MAPE and R² of one set of predictions, as scikit-learn computes them.</summary>
/// <example>
/// <code>
/// var r = RegressionMetrics.Evaluate(new[] { 1.0, 2 }, new[] { 1.0, 3 });
/// Console.WriteLine($"{r.Count} {r.Mae} {r.Mape}");
/// // prints: 2 0.5 0.25
/// </code>
/// </example>
public sealed record RegressionReport(long Count, double Mae, double Rmse, double Mape, double R2);

/// <summary>
/// Regression metrics over whole arrays, through the same <see cref="RegressionAccumulator"/> a monitor runs
/// per window. Agrees with scikit-learn 1.2 to 1e-9 relative (see the tests' fixtures). A NaN or infinite
/// value throws <see cref="ArgumentException"/> naming the row.
/// </summary>
/// <example>
/// <code>
/// var r = RegressionMetrics.Evaluate(new[] { 3, -0.5, 2, 7 }, new[] { 2.5, 0.0, 2, 8 });
/// Console.WriteLine($"{r.Mae} {r.Rmse:F4}");
/// // prints: 0.5 0.6124
/// </code>
/// </example>
public static class RegressionMetrics
{
    public static RegressionReport Evaluate(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        var acc = Accumulate(actual, predicted);
        return new RegressionReport(acc.Count, acc.MeanAbsoluteError, acc.RootMeanSquaredError, acc.MeanAbsolutePercentageError, acc.RSquared);
    }

    public static double MeanAbsoluteError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted) => Accumulate(actual, predicted).MeanAbsoluteError;
    public static double RootMeanSquaredError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted) => Accumulate(actual, predicted).RootMeanSquaredError;
    public static double MeanAbsolutePercentageError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted) => Accumulate(actual, predicted).MeanAbsolutePercentageError;
    public static double RSquared(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted) => Accumulate(actual, predicted).RSquared;

    /// <summary>Feeds the arrays into a fresh <see cref="RegressionAccumulator"/>.</summary>
    public static RegressionAccumulator Accumulate(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        ClassificationMetrics.RequireSameLength(actual.Length, predicted.Length);
        var acc = new RegressionAccumulator();
        for (int i = 0; i < actual.Length; i++)
        {
            try { acc.Add(actual[i], predicted[i]); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"Row {i}: {e.Message.Split(" (Parameter")[0]} (got {e.ActualValue}).", e); }
        }
        return acc;
    }
}
