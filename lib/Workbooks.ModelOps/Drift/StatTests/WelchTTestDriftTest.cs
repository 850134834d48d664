using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>t_test</c>: Welch's two-sided t-test p-value, drift when below 0.05.</summary>
/// <example><code>Console.WriteLine(new WelchTTestDriftTest().Descriptor.Name);   // t_test</code></example>
public sealed class WelchTTestDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("t_test", "t-Test", true, false, 0.05, DriftScoreKind.PValue,
        "Welch's unequal-variance t-test, two-sided");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var a = pair.RequireReference(); var b = pair.RequireCurrent();
        if (a.Length < 2 || b.Length < 2) return Neutral(threshold, "needs at least two usable values on each side");
        if (a[0] == a[^1] && b[0] == b[^1])
        {
            // Both constant: no variance to scale by. Equal values: nothing differs; unequal: fully separated.
            return a[0] == b[0]
                ? Neutral(threshold, "both sides are the same constant")
                : PValue(a[0] > b[0] ? double.PositiveInfinity : double.NegativeInfinity, 0.0, threshold, "both sides constant with different values: the means differ with no variance");
        }
        var r = WelchTTest.Test(a, b);
        return PValue(r.Statistic, r.PValue, threshold, r.Method);
    }
}
