using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>psi</c>: population stability index sum (r - c) ln(r / c) over bin shares with Evidently's fill of
/// empty bins (0.0001, or the smallest non-zero share / 10^6 when that is at most 0.0001), drift when at least 0.1.</summary>
/// <example><code>Console.WriteLine(new PsiDriftTest().Descriptor.DefaultThreshold);   // 0.1</code></example>
public sealed class PsiDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("psi", "PSI", true, true, 0.1, DriftScoreKind.Distance,
        "population stability index on filled shares; Sturges bins over pooled data above 20 distinct reference values, else one bin per value");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var (r, c) = pair.Shares.Filled();
        return Distance(Divergences.Psi(r, c), threshold, pair.Shares.Description);
    }
}
