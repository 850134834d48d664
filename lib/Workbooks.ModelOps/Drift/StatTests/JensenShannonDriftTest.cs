using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>jensenshannon</c>: SciPy's Jensen-Shannon distance (natural log) between the unfilled bin shares
/// (see <see cref="BinningSpec"/>), drift when at least 0.1.</summary>
/// <example><code>Console.WriteLine(new JensenShannonDriftTest().Descriptor.Name);   // jensenshannon</code></example>
public sealed class JensenShannonDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("jensenshannon", "Jensen-Shannon distance", true, true, 0.1, DriftScoreKind.Distance,
        "Jensen-Shannon distance (natural log) of unfilled shares; Sturges bins over pooled data above 20 distinct reference values, else one bin per value");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var s = pair.Shares;
        return Distance(Divergences.JensenShannon(s.Reference, s.Current), threshold, s.Description);
    }
}
