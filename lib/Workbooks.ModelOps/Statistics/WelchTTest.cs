namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Welch's unequal-variance two-sample t-test (SciPy's <c>ttest_ind(a, b, equal_var=False)</c>): sample
/// variances with ddof = 1, Welch-Satterthwaite degrees of freedom, two-sided p-value from Student's t.
/// </summary>
/// <example>
/// <code>
/// var r = WelchTTest.Test(new double[] { 1, 2, 3, 4 }, new double[] { 2, 4, 6, 8, 10 });
/// Console.WriteLine($"{r.Statistic:F6} {r.PValue:F6}");   // -2.251436 0.069134
/// </code>
/// </example>
public static class WelchTTest
{
    /// <summary>Needs at least two values on each side and some variance; the drift test handles the rest.</summary>
    public static TestOutcome Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length < 2 || b.Length < 2) throw new ArgumentException("Welch's t-test needs at least two values on each side.");
        var (m1, v1) = MeanVariance(a);
        var (m2, v2) = MeanVariance(b);
        double s1 = v1 / a.Length, s2 = v2 / b.Length;
        double se2 = s1 + s2;
        if (se2 == 0) throw new ArgumentException("Welch's t-test is undefined when both samples are constant.");
        double t = (m1 - m2) / Math.Sqrt(se2);
        double dof = se2 * se2 / (s1 * s1 / (a.Length - 1) + s2 * s2 / (b.Length - 1));
        return new TestOutcome(t, Distributions.StudentTTwoSided(t, dof), $"welch, df={dof:G6}");
    }

    /// <summary>Mean and sample variance (ddof = 1), two-pass for accuracy.</summary>
    public static (double Mean, double Variance) MeanVariance(ReadOnlySpan<double> x)
    {
        double mean = System.Numerics.Tensors.TensorPrimitives.Sum(x) / x.Length;
        double ss = 0, comp = 0;
        foreach (var v in x) { double d = v - mean; ss += d * d; comp += d; }
        // comp corrects the rounding left in the mean (the "corrected two-pass" algorithm).
        return (mean, (ss - comp * comp / x.Length) / (x.Length - 1));
    }
}
