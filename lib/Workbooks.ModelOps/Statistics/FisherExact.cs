using MathNet.Numerics;

namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Fisher's exact test on a 2x2 table [[a, b], [c, d]], two-sided as SciPy's <c>fisher_exact</c>: the p-value
/// sums the hypergeometric probabilities of all tables with the same margins that are no more likely than the
/// observed one (with SciPy's relative tolerance 1e-7); the statistic is the sample odds ratio ad / bc.
/// </summary>
/// <example>
/// <code>
/// var r = FisherExact.Test(8, 2, 1, 5);
/// Console.WriteLine($"{r.Statistic:F1} {r.PValue:F6}");   // 20.0 0.034965
/// </code>
/// </example>
public static class FisherExact
{
    public static TestOutcome Test(long a, long b, long c, long d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0) throw new ArgumentException("Counts must be non-negative.");
        double odds = b > 0 && c > 0 ? (double)a * d / ((double)b * c) : double.PositiveInfinity;
        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) return new TestOutcome(double.NaN, 1.0, "exact (empty margin)");
        long row1 = a + b, col1 = a + c, total = a + b + c + d;
        long lo = Math.Max(0, col1 - (total - row1)), hi = Math.Min(row1, col1);
        double logObserved = LogPmf(a, total, row1, col1);
        double threshold = logObserved + Math.Log(1 + 1e-7);
        double p = 0;
        for (long x = lo; x <= hi; x++)
        {
            double lp = LogPmf(x, total, row1, col1);
            if (lp <= threshold) p += Math.Exp(lp);
        }
        return new TestOutcome(odds, Math.Min(1, p), "exact");
    }

    /// <summary>log P(X = x) of the hypergeometric distribution (total, successes, draws).</summary>
    private static double LogPmf(long x, long total, long successes, long draws) =>
        LogChoose(successes, x) + LogChoose(total - successes, draws - x) - LogChoose(total, draws);

    private static double LogChoose(long n, long k) =>
        SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0);
}
