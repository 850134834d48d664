using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>anderson</c>: Anderson-Darling k-sample test, SciPy's interpolated significance level (capped to
/// [0.001, 0.25]) as the p-value, drift when below 0.05.</summary>
/// <example><code>Console.WriteLine(new AndersonDarlingDriftTest().Descriptor.ScoreKind);   // PValue</code></example>
public sealed class AndersonDarlingDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("anderson", "Anderson-Darling", true, false, 0.05, DriftScoreKind.PValue,
        "Anderson-Darling k-sample statistic with midranks; significance level interpolated from the Scholz-Stephens table, capped to [0.001, 0.25]");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        if (pair.DistinctValues < 2)
            return Neutral(threshold, "one distinct value over both sides: the distributions are identical");
        var r = AndersonDarling.TwoSample(pair.RequireReference(), pair.RequireCurrent());
        string? note = r.PValue >= 0.25 ? "significance level capped at 0.25" : r.PValue <= 0.001 ? "significance level floored at 0.001" : null;
        return PValue(r.Statistic, r.PValue, threshold, note);
    }
}
