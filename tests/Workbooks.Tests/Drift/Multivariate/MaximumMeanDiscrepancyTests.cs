using Workbooks.ModelOps.Drift.Multivariate;
using Xunit;
using static Workbooks.Tests.Drift.Multivariate.MultivariateFixtures;

namespace Workbooks.Tests.Drift.Multivariate;

public class MaximumMeanDiscrepancyTests
{
    [Fact]
    public void Statistic_and_bandwidth_match_numpy()
    {
        // Fixtures/multivariate/mmd_expected.json: numpy 1.24 computation of the definition (make_mmd.py).
        var e = Json("mmd_expected.json");
        var r = MaximumMeanDiscrepancy.Test(Doubles(e.GetProperty("x")), Doubles(e.GetProperty("y")), e.GetProperty("dims").GetInt32());
        Assert.Equal(e.GetProperty("mmd2").GetDouble(), r.Mmd2, 1e-12);
        Assert.Equal(e.GetProperty("sigma").GetDouble(), r.Bandwidth, 1e-12);
        Assert.True(r.DriftDetected, $"shifted samples, p = {r.PValue}");
    }

    [Fact]
    public void P_value_is_calibrated_under_no_drift()
    {
        // 40 pairs drawn from one distribution: p-values should look uniform, with about 5% below 0.05.
        var options = new MmdOptions { Permutations = 99 };
        var ps = Enumerable.Range(0, 40).Select(i =>
            MaximumMeanDiscrepancy.Test(Synthetic(80, 1000 + i), Synthetic(80, 2000 + i), SyntheticColumns, options with { Seed = i }).PValue).ToArray();
        Assert.InRange(ps.Average(), 0.35, 0.65);
        Assert.True(ps.Count(p => p < 0.05) <= 6, $"{ps.Count(p => p < 0.05)} of 40 below 0.05");
    }

    [Fact]
    public void Detects_a_shift_and_a_category_mix_change()
    {
        var reference = Synthetic(400, 1, name: "reference");
        var shifted = MaximumMeanDiscrepancy.Test(reference, Synthetic(400, 2, shiftB: 0.5), SyntheticColumns);
        Assert.True(shifted.PValue < 0.01, $"p = {shifted.PValue}");
        var mixed = MaximumMeanDiscrepancy.Test(reference, Synthetic(400, 3, categoryMix: true), SyntheticColumns);
        Assert.True(mixed.PValue < 0.01, $"p = {mixed.PValue}");
        var same = MaximumMeanDiscrepancy.Test(reference, Synthetic(400, 4), SyntheticColumns);
        Assert.False(same.DriftDetected, $"p = {same.PValue}");
        Assert.Contains("k=a", same.Features);
        Assert.Contains("c (missing)", same.Features);
    }

    [Fact]
    public void Sampling_caps_rows_and_is_seeded()
    {
        var options = new MmdOptions { MaxRowsPerSide = 150, Permutations = 50 };
        var a = MaximumMeanDiscrepancy.Test(Synthetic(600, 1), Synthetic(500, 2), SyntheticColumns, options);
        var b = MaximumMeanDiscrepancy.Test(Synthetic(600, 1), Synthetic(500, 2), SyntheticColumns, options);
        Assert.Equal(150, a.ReferenceRows);
        Assert.Equal(a.Mmd2, b.Mmd2);
        Assert.Equal(a.PValue, b.PValue);
    }

    [Fact]
    public void Rejects_bad_matrices()
    {
        var ex = Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.Test([1, 2, 3, double.NaN], [1, 2, 3, 4], 2));
        Assert.Contains("row 1, column 1", ex.Message);
        Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.Test([1, 2, 3], [1, 2, 3, 4], 2));
    }
}
