using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Statistics;
using Xunit;
using static Workbooks.Tests.Drift.DriftReference;

namespace Workbooks.Tests.Drift;

/// <summary>Categorical tests and the distributions behind the KS p-values, against SciPy 1.10.1 values from
/// make_drift_reference.py (chisquare / power_divergence on Evidently's expected counts, the pooled z formula,
/// fisher_exact, chi2_contingency, kstwo.sf, special.smirnov; shares-based distances from numpy).</summary>
public class SciPyCategoricalReferenceTests
{
    public static IEnumerable<object[]> Cases => CategoricalNames();

    private static (System.Text.Json.JsonElement C, DriftColumnPair Pair) Load(string name)
    {
        var c = Categorical(name);
        var (r, cur) = Labels(c);
        return (c, DriftColumnPair.Categorical(name, r, cur));
    }

    [Theory, MemberData(nameof(Cases))]
    public void PValueTestsMatchScipy(string name)
    {
        var (c, pair) = Load(name);
        foreach (var test in new[] { "chisquare", "g_test", "z", "fisher_exact" })
        {
            var r = DriftTestRegistry.Get(test).Run(pair, 0.05);
            Statistic(Get(c, test, "statistic"), r.Statistic, $"{name} {test} statistic");
            PValue(Get(c, test, "p_value"), r.PValue!.Value, $"{name} {test}");
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void DistancesMatchNumpyFormulas(string name)
    {
        var (c, pair) = Load(name);
        Statistic(Get(c, "TVD"), DriftTestRegistry.Get("TVD").Run(pair, 0.1).Score, $"{name} TVD");
        foreach (var test in new[] { "jensenshannon", "psi", "kl_div", "hellinger" })
            Statistic(Get(c, "binned", test), DriftTestRegistry.Get(test).Run(pair, 0.1).Score, $"{name} {test}");
    }

    [Fact]
    public void NewCategoryIsExplainedAndDrifts()
    {
        var (_, pair) = Load("new_category_in_current");
        var r = DriftTestRegistry.Get("chisquare").Run(pair, 0.05);
        Assert.True(r.DriftDetected);
        Assert.Equal(0.0, r.Score);
        Assert.Contains("'z' only in current", r.Note);
    }

    public static IEnumerable<object[]> Contingency => Root.GetProperty("contingency").EnumerateArray().Select((_, i) => new object[] { i });

    [Theory, MemberData(nameof(Contingency))]
    public void ContingencyMatchesChi2Contingency(int index)
    {
        var c = Root.GetProperty("contingency")[index];
        var rows = c.GetProperty("table").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var table = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows[0].Length; j++) table[i, j] = rows[i][j];
        var r = ChiSquare.Contingency(table);
        Statistic(Get(c, "statistic"), r.Statistic, $"contingency {index}");
        PValue(Get(c, "p_value"), r.PValue, $"contingency {index}");
    }

    public static IEnumerable<object[]> Fisher => Root.GetProperty("fisher").EnumerateArray().Select((_, i) => new object[] { i });

    [Theory, MemberData(nameof(Fisher))]
    public void FisherMatchesFisherExact(int index)
    {
        var c = Root.GetProperty("fisher")[index];
        var t = c.GetProperty("table").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetInt64())).ToArray();
        var r = FisherExact.Test(t[0], t[1], t[2], t[3]);
        double expected = Get(c, "statistic");
        if (double.IsInfinity(expected)) Assert.True(double.IsPositiveInfinity(r.Statistic));
        else Statistic(expected, r.Statistic, $"fisher {index} odds");
        PValue(Get(c, "p_value"), r.PValue, $"fisher {index}");
    }

    public static IEnumerable<object[]> Kstwo => Root.GetProperty("kstwo_sf").EnumerateArray().Select(e => new object[] { e.GetProperty("n").GetInt32(), e.GetProperty("x").GetDouble() });

    [Theory, MemberData(nameof(Kstwo))]
    public void KolmogorovSfMatchesKstwo(int n, double x)
    {
        var c = Root.GetProperty("kstwo_sf").EnumerateArray().Single(e => e.GetProperty("n").GetInt32() == n && e.GetProperty("x").GetDouble() == x);
        PValue(Get(c, "sf"), KolmogorovDistribution.Sf(n, x), $"kstwo.sf({x}, {n})");
    }

    public static IEnumerable<object[]> Smirnov => Root.GetProperty("smirnov_sf").EnumerateArray().Select(e => new object[] { e.GetProperty("n").GetInt32(), e.GetProperty("x").GetDouble() });

    [Theory, MemberData(nameof(Smirnov))]
    public void SmirnovMatchesScipySpecial(int n, double x)
    {
        var c = Root.GetProperty("smirnov_sf").EnumerateArray().Single(e => e.GetProperty("n").GetInt32() == n && e.GetProperty("x").GetDouble() == x);
        PValue(Get(c, "sf"), KolmogorovDistribution.SmirnovSf(n, x), $"smirnov({n}, {x})");
    }
}
