using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>fisher_exact</c>: two-sided Fisher's exact test on the 2x2 table (first category / rest) x
/// (reference / current), drift when p &lt; 0.1 (Evidently's default). The statistic is the sample odds ratio.</summary>
/// <example><code>Console.WriteLine(new FisherExactDriftTest().Descriptor.DefaultThreshold);   // 0.1</code></example>
public sealed class FisherExactDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("fisher_exact", "Fisher's exact test", false, true, 0.1, DriftScoreKind.PValue,
        "two-sided Fisher's exact test on the 2x2 table of the first category against the rest, reference against current");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var counts = pair.Categories;
        if (counts.Keys.Count < 2) return Neutral(threshold, "a single category on both sides: the proportions are equal");
        var (rf, rr, cf, cr, split) = CategoryNotes.FirstVersusRest(counts);
        var r = FisherExact.Test(rf, rr, cf, cr);
        return PValue(r.Statistic, r.PValue, threshold, CategoryNotes.Join(split, CategoryNotes.OnlyInCurrent(counts)));
    }
}
