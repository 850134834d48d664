using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Statistics;
using Xunit;
using static Workbooks.Tests.Drift.DriftReference;

namespace Workbooks.Tests.Drift;

/// <summary>Every numerical test against SciPy 1.10.1 on the cases of make_drift_reference.py
/// (ks_2samp, anderson_ksamp, cramervonmises_2samp, mannwhitneyu, ttest_ind(equal_var=False),
/// energy_distance, wasserstein_distance; Evidently's binned divergences from numpy).</summary>
public class SciPyNumericalReferenceTests
{
    public static IEnumerable<object[]> Cases => NumericNames();

    private static (JsonCase Case, DriftColumnPair Pair) Load(string name)
    {
        var c = Numeric(name);
        var (r, cur) = Inputs(c);
        return (new JsonCase(c), DriftColumnPair.Numerical(name, r, cur));
    }

    private sealed record JsonCase(System.Text.Json.JsonElement E);

    [Theory, MemberData(nameof(Cases))]
    public void KolmogorovSmirnovMatchesKs2samp(string name)
    {
        var (c, pair) = Load(name);
        var r = DriftTestRegistry.Get("ks").Run(pair, 0.05);
        Statistic(Get(c.E, "ks", "statistic"), r.Statistic, $"{name} ks D");
        PValue(Get(c.E, "ks", "p_value"), r.PValue!.Value, $"{name} ks");
    }

    [Theory, MemberData(nameof(Cases))]
    public void MannWhitneyMatchesMannwhitneyu(string name)
    {
        var (c, pair) = Load(name);
        var r = DriftTestRegistry.Get("mannw").Run(pair, 0.05);
        Statistic(Get(c.E, "mannw", "statistic"), r.Statistic, $"{name} U");
        PValue(Get(c.E, "mannw", "p_value"), r.PValue!.Value, $"{name} mannw");
    }

    [Theory, MemberData(nameof(Cases))]
    public void WelchMatchesTtestInd(string name)
    {
        var (c, pair) = Load(name);
        var r = DriftTestRegistry.Get("t_test").Run(pair, 0.05);
        Statistic(Get(c.E, "t_test", "statistic"), r.Statistic, $"{name} t");
        PValue(Get(c.E, "t_test", "p_value"), r.PValue!.Value, $"{name} t_test");
    }

    [Theory, MemberData(nameof(Cases))]
    public void AndersonMatchesAndersonKsamp(string name)
    {
        var (c, pair) = Load(name);
        if (!c.E.TryGetProperty("anderson", out _)) return;
        var r = DriftTestRegistry.Get("anderson").Run(pair, 0.05);
        Statistic(Get(c.E, "anderson", "statistic"), r.Statistic, $"{name} A2");
        PValue(Get(c.E, "anderson", "p_value"), r.PValue!.Value, $"{name} anderson");
    }

    [Theory, MemberData(nameof(Cases))]
    public void CramerVonMisesMatchesScipy(string name)
    {
        var (c, pair) = Load(name);
        if (!c.E.TryGetProperty("cramer_von_mises", out _)) return;
        var r = DriftTestRegistry.Get("cramer_von_mises").Run(pair, 0.05);
        Statistic(Get(c.E, "cramer_von_mises", "statistic"), r.Statistic, $"{name} T");
        // Asymptotic p = 1 - CDF: SciPy's own value has ~1e-16 absolute rounding, so relative agreement from 1e-9 up.
        PValue(Get(c.E, "cramer_von_mises", "p_value"), r.PValue!.Value, $"{name} cvm", relativeFloor: 1e-9);
    }

    [Theory, MemberData(nameof(Cases))]
    public void CdfDistancesMatchScipy(string name)
    {
        var (c, pair) = Load(name);
        Statistic(Get(c.E, "ed"), DriftTestRegistry.Get("ed").Run(pair, 0.1).Score, $"{name} energy");
        var w = DriftTestRegistry.Get("wasserstein").Run(pair, 0.1);
        Statistic(Get(c.E, "wasserstein"), w.Statistic, $"{name} wasserstein raw");
        Statistic(Get(c.E, "wasserstein_normed"), w.Score, $"{name} wasserstein normed");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BinnedDivergencesMatchEvidentlyFormulas(string name)
    {
        var (c, pair) = Load(name);
        Assert.Equal((int)Get(c.E, "binned", "bins"), pair.Shares.Reference.Length);
        foreach (var test in new[] { "jensenshannon", "psi", "kl_div", "hellinger" })
            Statistic(Get(c.E, "binned", test), DriftTestRegistry.Get(test).Run(pair, 0.1).Score, $"{name} {test}");
        Assert.Equal((int)Get(c.E, "distinct_union"), pair.DistinctValues);
    }
}
