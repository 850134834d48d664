using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Profiles;
using Workbooks.ModelOps.Profiles.Drift;
using Xunit;

namespace Workbooks.Tests.Profiles;

/// <summary>
/// Approximate drift from profiles against the exact tests of Drift/ on the same data: on every case the exact
/// statistic and score lie within the approximate result's intervals, and the decisions agree unless the result
/// says it is borderline.
/// </summary>
public class ProfileDriftValidationTests
{
    private const double Slack = 1e-9;

    public static TheoryData<int, int, double, double> NumericalCases() => new()
    {
        { 300, 400, 0, 1 }, { 800, 900, 0.3, 1 }, { 3_000, 2_000, 0.05, 1 }, { 20_000, 20_000, 0, 1.1 },
        { 20_000, 30_000, 0.08, 1 }, { 100_000, 80_000, 0.02, 1 }, { 100_000, 100_000, 0.5, 1 }, { 150_000, 50_000, 0.1, 1.3 },
    };

    [Theory]
    [MemberData(nameof(NumericalCases))]
    public void NumericalTestsHoldTheExactStatisticWithinTheBound(int nRef, int nCur, double shift, double scale)
    {
        var random = new SeededRandom((ulong)(nRef + nCur));
        var r = Enumerable.Range(0, nRef).Select(_ => random.Normal()).ToArray();
        var c = Enumerable.Range(0, nCur).Select(_ => random.Normal(shift, scale)).ToArray();
        var (pr, pc) = (Profile("x", r, null), Profile("x", c, null));
        var pair = DriftColumnPair.Numerical("x", r, c);
        foreach (var test in new[] { "ks", "wasserstein", "psi", "jensenshannon", "hellinger" })
            Check(test, pair, pr["x"], pc["x"]);
    }

    [Fact]
    public void LowCardinalityNumbersAndCategoriesAreExact()
    {
        var random = new SeededRandom(9);
        var r = Enumerable.Range(0, 5_000).Select(_ => (double)random.NextInt(6)).ToArray();
        var c = Enumerable.Range(0, 4_000).Select(_ => (double)Math.Min(5, random.NextInt(7))).ToArray();
        var pair = DriftColumnPair.Numerical("x", r, c);
        foreach (var test in new[] { "psi", "jensenshannon", "hellinger", "chisquare" })
        {
            var a = Check(test, pair, Profile("x", r, null)["x"], Profile("x", c, null)["x"]);
            Assert.Equal(a.StatisticLow, a.StatisticHigh, 1e-9);
        }
    }

    [Theory]
    [InlineData(20, 0.0)]
    [InlineData(50, 0.3)]
    [InlineData(2_000, 0.0)]
    [InlineData(2_000, 0.2)]
    public void CategoricalTestsHoldTheStatisticOverFrequentItemsAndOther(int categories, double shift)
    {
        var random = new SeededRandom((ulong)categories + 77);
        string Draw(double tilt) { int i = (int)Math.Floor(categories * Math.Pow(random.NextDouble(), 2 + tilt)); return $"k{i}"; }
        var r = Enumerable.Range(0, 30_000).Select(_ => (string?)Draw(0)).ToArray();
        var c = Enumerable.Range(0, 20_000).Select(_ => (string?)Draw(shift)).ToArray();
        var (pr, pc) = (Profile("c", null, r)["c"], Profile("c", null, c)["c"]);
        // The bound is for the statistic over the items both sketches keep, the rest pooled as "other".
        var kept = pr.Items!.Counters.Keys.Union(pc.Items!.Counters.Keys).ToHashSet();
        bool pooled = pr.Items.ErrorBound > 0 || pc.Items.ErrorBound > 0;
        string? Pool(string? s) => !pooled || kept.Contains(s!) ? s : ProfileBins.Other;
        var pair = DriftColumnPair.Categorical("c", r.Select(Pool).ToArray(), c.Select(Pool).ToArray());
        foreach (var test in new[] { "psi", "jensenshannon", "hellinger", "chisquare" })
            Check(test, pair, pr, pc);
    }

    private static DatasetProfile Profile(string name, double[]? numbers, string?[]? labels) =>
        DatasetProfile.FromTable(new Table([numbers is not null ? TableColumn.Numerical(name, numbers) : TableColumn.Categorical(name, labels!)]));

    private static ApproximateDriftResult Check(string test, DriftColumnPair pair, ColumnProfile r, ColumnProfile c)
    {
        var exact = DriftTestRegistry.Get(test).Run(pair, DriftTestRegistry.Get(test).Descriptor.DefaultThreshold);
        var approx = ProfileDriftTests.Run(test, r, c);
        string what = $"{test}: exact statistic {exact.Statistic:G6} score {exact.Score:G6}; approximate {approx.Statistic:G6} in [{approx.StatisticLow:G6}, {approx.StatisticHigh:G6}], score in [{approx.ScoreLow:G6}, {approx.ScoreHigh:G6}] ({approx.Method})";
        Assert.True(exact.Statistic >= approx.StatisticLow - Slack && exact.Statistic <= approx.StatisticHigh + Slack, "statistic outside the bound: " + what);
        Assert.True(exact.Score >= approx.ScoreLow - Slack * Math.Max(1, exact.Score) && exact.Score <= approx.ScoreHigh + Slack * Math.Max(1, exact.Score), "score outside the bound: " + what);
        Assert.True(approx.Borderline || approx.DriftDetected == exact.DriftDetected, "decisions differ without a borderline flag: " + what);
        return approx;
    }
}
