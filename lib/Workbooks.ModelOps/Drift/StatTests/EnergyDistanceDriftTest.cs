using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>ed</c>: energy distance (SciPy's <c>energy_distance</c>), drift when at least 0.1.</summary>
/// <example><code>Console.WriteLine(new EnergyDistanceDriftTest().Descriptor.DisplayName);   // Energy distance</code></example>
public sealed class EnergyDistanceDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("ed", "Energy distance", true, false, 0.1, DriftScoreKind.Distance,
        "energy distance: sqrt(2) times the L2 distance between the ECDFs");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold) =>
        Distance(CdfDistances.Energy(pair.RequireReference(), pair.RequireCurrent()), threshold);
}
