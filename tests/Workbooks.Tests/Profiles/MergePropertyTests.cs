using CsCheck;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Profiles;
using Xunit;

namespace Workbooks.Tests.Profiles;

/// <summary>
/// CsCheck properties: a profile built from any partition of the data, merged in any order, equals the one-pass
/// profile: exact fields exactly (moments to rounding), the KLL sketch within its stated rank-error bound of the
/// true CDF, frequent items within n/(k+1), HyperLogLog registers identical.
/// </summary>
public class MergePropertyTests
{
    // Small sketches so that a few thousand values already compact and purge many times.
    private static readonly ProfileOptions Small = new(QuantileK: 16, FrequentItemsK: 6, DistinctPrecision: 8, Seed: 7);

    private static readonly Gen<double> Value = Gen.Frequency(
        (6, Gen.Double[-1000, 1000]), (2, Gen.Int[0, 9].Select(i => (double)i)), (1, Gen.Const(double.NaN)),
        (1, Gen.Bool.Select(b => b ? double.PositiveInfinity : double.NegativeInfinity)));

    private static readonly Gen<string?> Label = Gen.Frequency(
        (6, Gen.Int[0, 4].Select(i => (string?)$"c{i}")), (3, Gen.Int[0, 60].Select(i => (string?)$"rare{i}")), (1, Gen.Const((string?)null)));

    private static readonly Gen<(double[] X, string?[] L, int[] Cuts, int[] Order)> Case =
        Gen.Int[1, 3000].SelectMany(n => Gen.Select(Value.Array[n], Label.Array[n], Gen.Int[0, n].Array[0, 7], Gen.Int[0, 1000].Array[8]));

    [Fact]
    public void MergedPartitionsEqualOnePass()
    {
        Case.Sample(c =>
        {
            var onePass = Profile(c.X, c.L, 0, c.X.Length);
            var merged = MergeInOrder(Parts(c.X, c.L, c.Cuts), c.Order);
            AssertExactFieldsEqual(onePass, merged);
            AssertSketchesWithinBounds(c.X, c.L, merged);
        }, iter: 60, time: 5);
    }

    [Fact]
    public void MergeIsCommutativeAndAssociativeOnExactFields()
    {
        Case.Sample(c =>
        {
            var parts = Parts(c.X, c.L, c.Cuts);
            var forward = MergeInOrder(parts, [.. Enumerable.Range(0, 8)]);
            var reversed = MergeInOrder(Parts(c.X, c.L, c.Cuts).AsEnumerable().Reverse().ToList(), [.. Enumerable.Range(0, 8)]);
            AssertExactFieldsEqual(forward, reversed);
            Assert.Equal(forward["x"].Distinct.Registers, reversed["x"].Distinct.Registers);
        }, iter: 40, time: 4);
    }

    private static DatasetProfile Profile(double[] x, string?[] l, int from, int to)
    {
        var table = new Table([TableColumn.Numerical("x", x[from..to]), TableColumn.Categorical("c", l[from..to])]);
        return DatasetProfile.FromTable(table, Small, new Dictionary<string, double[]> { ["x"] = [-1000, -10, 0, 5, 1000] });
    }

    private static List<DatasetProfile> Parts(double[] x, string?[] l, int[] cuts)
    {
        var bounds = cuts.Append(0).Append(x.Length).Distinct().Order().ToArray();
        return Enumerable.Range(0, bounds.Length - 1).Select(i => Profile(x, l, bounds[i], bounds[i + 1])).ToList();
    }

    // Merges random pairs until one profile is left, so every merge tree shape is tried.
    private static DatasetProfile MergeInOrder(List<DatasetProfile> parts, int[] order)
    {
        int step = 0;
        while (parts.Count > 1)
        {
            int i = order[step++ % order.Length] % parts.Count, j = order[step++ % order.Length] % parts.Count;
            if (i == j) j = (j + 1) % parts.Count;
            parts[i].Merge(parts[j]);
            parts.RemoveAt(j);
        }
        return parts[0];
    }

    private static void AssertExactFieldsEqual(DatasetProfile a, DatasetProfile b)
    {
        Assert.Equal(a.Rows, b.Rows);
        foreach (var name in new[] { "x", "c" })
        {
            var (p, q) = (a[name], b[name]);
            Assert.Equal((p.Rows, p.Missing, p.PositiveInfinity, p.NegativeInfinity, p.Invalid), (q.Rows, q.Missing, q.PositiveInfinity, q.NegativeInfinity, q.Invalid));
            Assert.Equal(p.Distinct.Registers, q.Distinct.Registers);
            Assert.Equal(p.Items?.Total, q.Items?.Total);
        }
        var (x, y) = (a["x"], b["x"]);
        Assert.Equal(x.Moments.Count, y.Moments.Count);
        Assert.Equal(x.Moments.Mean, y.Moments.Mean, 1e-9 * (1 + Math.Abs(x.Moments.Mean)));
        Assert.Equal(x.Moments.M2, y.Moments.M2, 1e-9 * (1 + x.Moments.M2));
        Assert.Equal(x.Min, y.Min); Assert.Equal(x.Max, y.Max);
        Assert.Equal(x.Quantiles!.Count, y.Quantiles!.Count);
        Assert.Equal(x.Histogram?.Counts, y.Histogram?.Counts);
        Assert.Equal(x.SmallDomain?.OrderBy(p => p.Key), y.SmallDomain?.OrderBy(p => p.Key));
    }

    private static void AssertSketchesWithinBounds(double[] x, string?[] labels, DatasetProfile merged)
    {
        var finite = x.Where(double.IsFinite).Order().ToArray();
        var q = merged["x"].Quantiles!;
        Assert.Equal(finite.Length, q.Count);
        double eps = q.RankErrorBound();
        foreach (var v in finite.Distinct())
        {
            double truth = (double)UpperBound(finite, v) / finite.Length;
            Assert.True(Math.Abs(q.Cdf(v) - truth) <= eps + 1e-12, $"CDF at {v}: sketch {q.Cdf(v)}, true {truth}, bound {eps}");
        }
        var items = merged["c"].Items!;
        var counts = labels.Where(s => s is not null).GroupBy(s => s!).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.True(items.ErrorBound <= counts.Values.Sum() / (items.K + 1), $"error bound {items.ErrorBound} above n/(k+1)");
        foreach (var (item, n) in counts)
            Assert.True(items.Estimate(item) <= n && n <= items.Estimate(item) + items.ErrorBound, $"{item}: estimate {items.Estimate(item)}, true {n}, bound {items.ErrorBound}");
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) / 2; if (sorted[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
