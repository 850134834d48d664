namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Two-sided Mann-Whitney U test of two sorted samples as SciPy's <c>mannwhitneyu(x, y)</c> computes it:
/// the statistic is U of the first sample; "auto" uses the exact null distribution when either sample has at
/// most 8 values and there are no ties, otherwise the normal approximation with tie correction and continuity
/// correction. The two-sided p-value doubles the upper tail of max(U1, U2) and is capped at 1.
/// </summary>
/// <example>
/// <code>
/// var r = MannWhitney.Test(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6, 7 });
/// Console.WriteLine($"{r.Statistic} {r.PValue:F6} {r.Method}");   // 0 0.057143 exact
/// </code>
/// </example>
public static class MannWhitney
{
    public static TestOutcome Test(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n1 = sortedA.Length, n2 = sortedB.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("Mann-Whitney U needs at least one value on each side.");
        var (r1, tieTerm, ties) = MergedRanks.RankSum(sortedA, sortedB);
        double u1 = r1 - n1 * (n1 + 1.0) / 2;
        double u2 = (double)n1 * n2 - u1;
        double u = Math.Max(u1, u2);
        bool exact = !(n1 > 8 && n2 > 8) && !ties;
        double p;
        if (exact) p = 2 * ExactUpperTail((long)u, n1, n2);
        else
        {
            double n = (double)n1 + n2;
            double s = Math.Sqrt(n1 * (double)n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
            double z = (u - n1 * (double)n2 / 2 - 0.5) / s;
            p = s == 0 ? 1 : 2 * Distributions.NormalSf(z);
        }
        return new TestOutcome(u1, Math.Clamp(p, 0, 1), exact ? "exact" : "asymptotic");
    }

    /// <summary>P(U &gt;= k) for sample sizes m, n without ties: U's counts are the coefficients of the Gaussian
    /// binomial [m+n choose m]_q = prod_{i=1..s} (1 - q^(L+i)) / (1 - q^i), s = min(m,n), L = max(m,n).</summary>
    internal static double ExactUpperTail(long k, int m, int n)
    {
        int s = Math.Min(m, n), l = Math.Max(m, n);
        int degree = m * n;
        var c = new double[degree + 1];
        c[0] = 1;
        int current = 0;
        for (int i = 1; i <= s; i++)
        {
            int up = l + i;
            current += up;
            for (int d = Math.Min(current, degree); d >= up; d--) c[d] -= c[d - up];
            current -= i;
            for (int d = i; d <= degree; d++) c[d] += c[d - i];
        }
        double total = 0, tail = 0;
        for (int d = 0; d <= degree; d++) { total += c[d]; if (d >= k) tail += c[d]; }
        return tail / total;
    }
}
