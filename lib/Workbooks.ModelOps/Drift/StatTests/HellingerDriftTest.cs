using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>hellinger</c>: Hellinger distance sqrt(1 - sum sqrt(r c)) over the unfilled bin shares, drift when at
/// least 0.1. (Evidently bins numerical columns for Hellinger differently; here every binned divergence shares
/// one binning, stated in the report.)</summary>
/// <example><code>Console.WriteLine(new HellingerDriftTest().Descriptor.Categorical);   // True</code></example>
public sealed class HellingerDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("hellinger", "Hellinger distance", true, true, 0.1, DriftScoreKind.Distance,
        "Hellinger distance of unfilled shares; Sturges bins over pooled data above 20 distinct reference values, else one bin per value");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var s = pair.Shares;
        return Distance(Divergences.Hellinger(s.Reference, s.Current), threshold, s.Description);
    }
}
