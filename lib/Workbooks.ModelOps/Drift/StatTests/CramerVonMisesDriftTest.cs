using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>cramer_von_mises</c>: two-sample Cramér-von Mises p-value (exact up to 20 values per side, else
/// asymptotic, as SciPy), drift when below 0.05.</summary>
/// <example><code>Console.WriteLine(new CramerVonMisesDriftTest().Descriptor.Name);   // cramer_von_mises</code></example>
public sealed class CramerVonMisesDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("cramer_von_mises", "Cramér-von Mises", true, false, 0.05, DriftScoreKind.PValue,
        "two-sample Cramér-von Mises T; exact p-value up to 20 values per side, else the limiting distribution");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var a = pair.RequireReference(); var b = pair.RequireCurrent();
        if (a.Length < 2 || b.Length < 2) return Neutral(threshold, "needs at least two usable values on each side");
        var r = CramerVonMises.TwoSample(a, b);
        return PValue(r.Statistic, r.PValue, threshold, $"{r.Method} p-value");
    }
}
