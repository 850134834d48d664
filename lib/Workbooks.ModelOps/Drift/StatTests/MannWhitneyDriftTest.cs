using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>mannw</c>: two-sided Mann-Whitney U p-value (SciPy's exact/asymptotic choice, tie and continuity
/// corrections), drift when below 0.05. The statistic is U of the reference.</summary>
/// <example><code>Console.WriteLine(new MannWhitneyDriftTest().Descriptor.Name);   // mannw</code></example>
public sealed class MannWhitneyDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("mannw", "Mann-Whitney U-rank", true, false, 0.05, DriftScoreKind.PValue,
        "two-sided Mann-Whitney U; exact without ties when a side has at most 8 values, else normal with tie and continuity corrections");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var r = MannWhitney.Test(pair.RequireReference(), pair.RequireCurrent());
        string note = pair.DistinctValues < 2 ? "one distinct value over both sides: no evidence of a shift" : $"{r.Method} p-value";
        return PValue(r.Statistic, r.PValue, threshold, note);
    }
}
