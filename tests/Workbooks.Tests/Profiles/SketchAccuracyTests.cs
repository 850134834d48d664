using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Profiles;
using Xunit;

namespace Workbooks.Tests.Profiles;

/// <summary>Accuracy of the sketches against the truth on seeded data, and the examples in their docs.</summary>
public class SketchAccuracyTests
{
    [Fact]
    public void KllRankErrorStaysWithinItsBoundAtTheDefaultK()
    {
        var random = new SeededRandom(3);
        var values = Enumerable.Range(0, 200_000).Select(_ => random.Normal()).ToArray();
        var s = new KllSketch(seed: 11);
        foreach (var v in values) s.Add(v);
        Array.Sort(values);
        double eps = s.RankErrorBound(), worst = 0;
        for (int i = 0; i < values.Length; i += 97) worst = Math.Max(worst, Math.Abs(s.Cdf(values[i]) - (i + 1.0) / values.Length));
        Assert.InRange(eps, 0.001, 0.05);   // the stated bound for k = 200 at 2e5 values
        Assert.True(worst <= eps, $"worst rank error {worst} above the bound {eps}");
        Assert.InRange(s.Retained, 1, 3 * KllSketch.DefaultK + 64);
    }

    [Fact]
    public void HyperLogLogIsWithinFourStandardErrors()
    {
        foreach (int n in new[] { 100, 5_000, 300_000 })
        {
            var h = new HyperLogLog();
            var random = new SeededRandom((ulong)n);
            for (int i = 0; i < n; i++) { h.Add(i * 1.5); if (random.Chance(0.3)) h.Add(i * 1.5); }
            Assert.InRange(h.Estimate(), n * (1 - 4 * h.RelativeError), n * (1 + 4 * h.RelativeError));
        }
        var text = new HyperLogLog();
        for (int i = 0; i < 20_000; i++) text.Add($"user-{i % 10_000}");
        Assert.InRange(text.Estimate(), 10_000 * (1 - 4 * text.RelativeError), 10_000 * (1 + 4 * text.RelativeError));
    }

    [Fact]
    public void DocExamplesPrintWhatTheyClaim()
    {
        var s = new KllSketch();
        for (int i = 1; i <= 100; i++) s.Add(i);
        Assert.Equal(50, s.Quantile(0.5));
        Assert.Equal(0, s.RankErrorBound());
        var f = new FrequentItems(2);
        foreach (var x in new[] { "a", "a", "a", "b", "c", "d" }) f.Add(x);
        Assert.Equal("3 ≤ a ≤ 3", $"{f.Estimate("a")} ≤ a ≤ {f.Estimate("a") + f.ErrorBound}");
        var a = new Moments(); a.Add(1); a.Add(2);
        var b = new Moments(); b.Add(3); a.Merge(b);
        Assert.Equal("2 0.6666666666666666", FormattableString.Invariant($"{a.Mean} {a.Variance}"));
        var h = new FixedEdgeHistogram([0, 1, 2]);
        h.Add(0.5); h.Add(2); h.Add(7);
        Assert.Equal("1 1 1", $"{h.Counts[0]} {h.Counts[1]} {h.Above}");
    }
}
