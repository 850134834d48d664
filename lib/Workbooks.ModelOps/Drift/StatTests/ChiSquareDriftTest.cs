using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>chisquare</c>: Evidently's chi-square, goodness of fit of the current counts against the reference
/// proportions scaled to the current size; drift when p &lt; 0.05. A category only in current has expected count
/// 0, which makes the statistic infinite and p = 0; the result says which category.</summary>
/// <example><code>Console.WriteLine(new ChiSquareDriftTest().Descriptor.Name);   // chisquare</code></example>
public sealed class ChiSquareDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("chisquare", "chi-square p_value", false, true, 0.05, DriftScoreKind.PValue,
        "chi-square goodness of fit of current counts against reference proportions scaled to the current size");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var counts = pair.Categories;
        if (counts.Keys.Count < 2) return Neutral(threshold, "a single category on both sides: nothing to compare");
        var r = ChiSquare.GoodnessOfFit(counts.Current.Select(c => (double)c).ToArray(), CategoryNotes.ExpectedFromReference(counts));
        return PValue(r.Statistic, r.PValue, threshold, CategoryNotes.OnlyInCurrent(counts));
    }
}
