using Workbooks.ModelOps.Data.Generators;
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

    // The blocked triangular pass over the packed kernel against the definition computed directly: the full kernel
    // matrix, one product K·a per split, Σ_XX, Σ_XY, Σ_YY summed from it (the former implementation). Same seeded
    // permutations, so the p-value is identical and the statistic equal to summation order (1e-12 relative).
    [Theory]
    [InlineData(0.0, 5, 201)]
    [InlineData(0.3, 6, 130)]
    public void Permutation_statistics_equal_the_direct_definition(double shift, int seed, int rows)
    {
        var random = new Random(seed);
        int dims = 8, m = rows, n = rows - 37, total = m + n, permutations = 199;
        var x = Enumerable.Range(0, m * dims).Select(_ => random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, n * dims).Select(i => random.NextDouble() + (i % dims == 0 ? shift : 0)).ToArray();
        var r = MaximumMeanDiscrepancy.Test(x, y, dims, new MmdOptions { Permutations = permutations, Seed = seed });

        var pooled = x.Concat(y).ToArray();
        var distances = new List<double>();
        var k = new double[total, total];
        for (int i = 0; i < total; i++)
            for (int j = 0; j < total; j++)
            {
                double d = 0;
                for (int f = 0; f < dims; f++) d += Math.Pow(pooled[i * dims + f] - pooled[j * dims + f], 2);
                k[i, j] = d;
                if (j > i) distances.Add(d);
            }
        distances.Sort();
        double median = distances.Count % 2 == 1 ? distances[distances.Count / 2] : (distances[distances.Count / 2 - 1] + distances[distances.Count / 2]) / 2;
        for (int i = 0; i < total; i++) for (int j = 0; j < total; j++) k[i, j] = Math.Exp(-k[i, j] / median);
        double Statistic(double[] inX)
        {
            double sxx = 0, sxy = 0, syy = 0;
            for (int i = 0; i < total; i++)
            {
                double u = 0, rowSum = 0;
                for (int j = 0; j < total; j++) { u += k[i, j] * inX[j]; rowSum += k[i, j]; }
                if (inX[i] == 1) sxx += u; else { sxy += u; syy += rowSum - u; }
            }
            return (sxx - m) / ((double)m * (m - 1)) + (syy - n) / ((double)n * (n - 1)) - 2 * sxy / ((double)m * n);
        }
        var labels = Enumerable.Range(0, total).Select(i => i < m ? 1.0 : 0.0).ToArray();
        double observed = Statistic(labels);
        var rng = new SeededRandom(seed);
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) { rng.Shuffle(labels); if (Statistic(labels) >= observed) atLeast++; }

        Assert.True(Math.Abs(r.Mmd2 - observed) <= 1e-12 * Math.Abs(observed), $"blocked {r.Mmd2:R}, direct {observed:R}");
        Assert.Equal((1.0 + atLeast) / (1.0 + permutations), r.PValue);
        Assert.Equal(Math.Sqrt(median / 2), r.Bandwidth, 1e-15);
        Assert.Equal(shift > 0, r.DriftDetected);
    }

    [Theory]
    [InlineData(new[] { 3.0, 1, 2 }, 2.0)]
    [InlineData(new[] { 4.0, 1, 3, 2 }, 2.5)]
    [InlineData(new[] { 5.0, 5, 5, 1, 5, 0 }, 5.0)]
    [InlineData(new[] { 0.0, 0, 0, 0, 1, 1 }, 0.0)]
    public void Median_by_selection_is_numpys_median(double[] values, double expected)
    {
        Assert.Equal(expected, MaximumMeanDiscrepancy.Median(values));
        var random = new Random(9);
        var many = Enumerable.Range(0, 10_001).Select(_ => Math.Round(random.NextDouble() * 50)).ToArray();
        var sorted = many.Order().ToArray();
        Assert.Equal(sorted[5000], MaximumMeanDiscrepancy.Median(many));
        Assert.Equal((sorted[4999] + sorted[5000]) / 2, MaximumMeanDiscrepancy.Median(sorted[..10_000].Reverse().ToArray()));
    }

    [Fact]
    public void Rejects_bad_matrices()
    {
        var ex = Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.Test([1, 2, 3, double.NaN], [1, 2, 3, 4], 2));
        Assert.Contains("row 1, column 1", ex.Message);
        Assert.Throws<ArgumentException>(() => MaximumMeanDiscrepancy.Test([1, 2, 3], [1, 2, 3, 4], 2));
    }
}
