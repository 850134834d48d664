using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>g_test</c>: log-likelihood-ratio (G) goodness of fit of the current counts against the reference
/// proportions scaled to the current size (as <c>chisquare</c>; Evidently passes unscaled reference counts, which
/// SciPy rejects when the sizes differ), drift when p &lt; 0.1 (Evidently's default).</summary>
/// <example><code>Console.WriteLine(new GTestDriftTest().Descriptor.DefaultThreshold);   // 0.1</code></example>
public sealed class GTestDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("g_test", "G-test", false, true, 0.1, DriftScoreKind.PValue,
        "G-test goodness of fit of current counts against reference proportions scaled to the current size");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var counts = pair.Categories;
        if (counts.Keys.Count < 2) return Neutral(threshold, "a single category on both sides: nothing to compare");
        var r = ChiSquare.GTest(counts.Current.Select(c => (double)c).ToArray(), CategoryNotes.ExpectedFromReference(counts));
        return PValue(r.Statistic, r.PValue, threshold, CategoryNotes.OnlyInCurrent(counts));
    }
}
