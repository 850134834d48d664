using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// The two-sided two-sample Kolmogorov-Smirnov test for two samples of the same size n, computed as
/// <c>scipy.stats.ks_2samp(a, b, method="auto")</c> computes it for n ≤ 10,000: the statistic
/// D = h / n with h the largest gap between the two empirical CDFs counted in values, and the exact
/// p-value P(D ≥ h / n) from the lattice-path count (Hodges 1957), summed Horner-style as SciPy's
/// <c>_compute_prob_outside_square</c> does, then clipped to [0, 1]. KSWIN's equal-size front over the shared
/// <see cref="KolmogorovSmirnov"/> code: the gap counted in values keeps its state an integer. Allocation-free:
/// sorts the spans in place.
/// </summary>
/// <example>
/// <code>
/// double[] a = [1, 2, 3, 4, 5], b = [6, 7, 8, 9, 10];
/// var (d, p) = KsEqualSizeTest.Run(a, b);
/// Console.WriteLine($"{d} {p:R}");
/// // prints: 1 0.007936507936507936
/// </code>
/// </example>
public static class KsEqualSizeTest
{
    /// <summary>Largest sample size handled exactly (SciPy switches to the asymptotic method beyond it).</summary>
    public const int MaxExactSize = 10_000;

    /// <summary>Runs the test; both spans are sorted in place.</summary>
    public static (double Statistic, double PValue) Run(Span<double> a, Span<double> b)
    {
        int n = a.Length;
        if (n == 0 || b.Length != n)
            throw new ArgumentException("Both samples must be non-empty and of the same size.");
        if (n > MaxExactSize)
            throw new ArgumentException($"Sample size {n} is above {MaxExactSize}, where SciPy uses the asymptotic test.");
        int h = SortAndCountGap(a, b);
        return (h * 1.0 / n, PValue(n, h));
    }

    /// <summary>Sorts both spans in place and returns h, the largest CDF gap counted in values (D = h / n).</summary>
    public static int SortAndCountGap(Span<double> a, Span<double> b)
    {
        a.Sort();
        b.Sort();
        return (int)Math.Round(KolmogorovSmirnov.Statistic(a, b) * a.Length);   // D is a multiple of 1/n: h is exact
    }

    /// <summary>The exact two-sided p-value P(D ≥ h / n) for two samples of size n, clipped to [0, 1].</summary>
    public static double PValue(int n, int h) =>
        h == 0 ? 1.0 : Math.Clamp(KolmogorovSmirnov.ProbOutsideSquare(n, h), 0.0, 1.0);
}
