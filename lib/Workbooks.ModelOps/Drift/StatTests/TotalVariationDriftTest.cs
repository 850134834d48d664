using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>TVD</c>: total variation distance 0.5 sum |r - c| of the category shares, drift when at least 0.1.
/// (Evidently reports a permutation p-value for TVD; here the score is the distance itself, which is
/// deterministic and reads directly as "share of mass that moved".)</summary>
/// <example><code>Console.WriteLine(new TotalVariationDriftTest().Descriptor.Name);   // TVD</code></example>
public sealed class TotalVariationDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("TVD", "Total-Variation-Distance", false, true, 0.1, DriftScoreKind.Distance,
        "total variation distance of the category shares (one bin per category or distinct value)");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var counts = pair.Categories;
        var r = Histogram.Shares(counts.Reference, counts.ReferenceTotal);
        var c = Histogram.Shares(counts.Current, counts.CurrentTotal);
        return Distance(Divergences.TotalVariation(r, c), threshold, CategoryNotes.OnlyInCurrent(counts));
    }
}
