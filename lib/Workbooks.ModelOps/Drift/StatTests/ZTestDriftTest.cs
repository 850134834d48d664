using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>z</c>: pooled two-proportion Z-test on the share of the first category (in sorted order) against the
/// rest, as Evidently; drift when p &lt; 0.05.</summary>
/// <example><code>Console.WriteLine(new ZTestDriftTest().Descriptor.Name);   // z</code></example>
public sealed class ZTestDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("z", "Z-test p_value", false, true, 0.05, DriftScoreKind.PValue,
        "pooled two-proportion Z-test of the first category's share against the rest, two-sided");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var counts = pair.Categories;
        if (counts.Keys.Count < 2) return Neutral(threshold, "a single category on both sides: the proportions are equal");
        var (rf, rr, cf, cr, split) = CategoryNotes.FirstVersusRest(counts);
        var r = ProportionsZTest.Test(rf, rf + rr, cf, cf + cr);
        return PValue(r.Statistic, r.PValue, threshold, CategoryNotes.Join(split, CategoryNotes.OnlyInCurrent(counts)));
    }
}
