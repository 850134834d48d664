using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>wasserstein</c>: Wasserstein-1 distance divided by the reference's population standard
/// deviation (floored at 0.001, as Evidently), drift when the normed distance is at least 0.1. The statistic
/// is the raw distance, the score the normed one.</summary>
/// <example><code>Console.WriteLine(new WassersteinDriftTest().Descriptor.ScoreKind);   // Distance</code></example>
public sealed class WassersteinDriftTest : DriftTestBase
{
    /// <summary>Smallest standard deviation used as the norm.</summary>
    public const double StdFloor = 0.001;

    public override DriftTestDescriptor Descriptor { get; } = new("wasserstein", "Wasserstein distance (normed)", true, false, 0.1, DriftScoreKind.Distance,
        "Wasserstein-1 distance of the ECDFs divided by max(reference population std, 0.001)");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var reference = pair.RequireReference();
        double raw = CdfDistances.Wasserstein(reference, pair.RequireCurrent());
        double std = CdfDistances.PopulationStd(reference);
        string? note = std < StdFloor ? $"reference standard deviation {std:G4} is below {StdFloor}: normed by {StdFloor}" : null;
        return Distance(raw / Math.Max(std, StdFloor), threshold, note, statistic: raw);
    }
}
