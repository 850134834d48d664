namespace Workbooks.ModelOps.Detectors;

/// <summary>A running mean updated exactly as <c>river.stats.Mean</c> (same floating-point order).</summary>
/// <example>
/// <code>
/// var mean = new RunningMean();
/// foreach (var x in new[] { -5.0, -3, -1, 1, 3, 5 }) mean.Update(x);
/// Console.WriteLine($"{mean.N} {mean.Mean}");
/// // prints: 6 0
/// </code>
/// </example>
public struct RunningMean
{
    /// <summary>Count (River keeps it as a float).</summary>
    public double N;
    /// <summary>Current mean.</summary>
    public double Mean;

    /// <summary>Adds one value: n += 1; mean += (1 / n) · (x − mean).</summary>
    public void Update(double x)
    {
        N += 1.0;
        Mean += 1.0 / N * (x - Mean);
    }
}
