namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Pooled two-proportion Z-test: z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)) with P the pooled share,
/// two-sided p-value 2 (1 - Phi(|z|)).
/// </summary>
/// <example>
/// <code>
/// var r = ProportionsZTest.Test(30, 100, 50, 100);
/// Console.WriteLine($"{r.Statistic:F6} {r.PValue:F6}");   // -2.886751 0.003892
/// </code>
/// </example>
public static class ProportionsZTest
{
    public static TestOutcome Test(long successes1, long n1, long successes2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) throw new ArgumentException("Both samples need at least one value.");
        double p1 = (double)successes1 / n1, p2 = (double)successes2 / n2;
        double pooled = (double)(successes1 + successes2) / (n1 + n2);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return new TestOutcome(0, 1, "pooled z (both samples hold one and the same category)");
        double z = (p1 - p2) / se;
        return new TestOutcome(z, 2 * Distributions.NormalSf(Math.Abs(z)), "pooled z");
    }
}
