using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>ks</c>: two-sample two-sided Kolmogorov-Smirnov p-value (exact or asymptotic as SciPy's
/// <c>ks_2samp(method="auto")</c>), drift when p &lt; 0.05.</summary>
/// <example><code>Console.WriteLine(new KsDriftTest().Descriptor.DefaultThreshold);   // 0.05</code></example>
public sealed class KsDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("ks", "Kolmogorov-Smirnov", true, false, 0.05, DriftScoreKind.PValue,
        "two-sided two-sample KS; exact p-value when both sides have at most 10,000 values, else the Kolmogorov distribution at n = round(n1 n2 / (n1 + n2))");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var r = KolmogorovSmirnov.TwoSample(pair.RequireReference(), pair.RequireCurrent());
        return PValue(r.Statistic, r.PValue, threshold, $"{r.Method} p-value");
    }
}
