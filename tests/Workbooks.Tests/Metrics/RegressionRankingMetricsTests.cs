using Workbooks.ModelOps.Metrics;
using Xunit;
using static Workbooks.Tests.Metrics.MetricsFixture;

namespace Workbooks.Tests.Metrics;

public class RegressionRankingMetricsTests
{
    [Theory]
    [InlineData("regression")]
    [InlineData("regression_zero_targets")]
    public void Regression_metrics_match_scikit_learn(string name)
    {
        var t = Table(name);
        var r = RegressionMetrics.Evaluate(t["label"].RequireNumbers(), t["prediction"].RequireNumbers());
        AssertMetric(name, "mae", r.Mae);
        AssertMetric(name, "rmse", r.Rmse);
        AssertMetric(name, "mape", r.Mape);
        AssertMetric(name, "r2", r.R2);
    }

    [Fact]
    public void Regression_accumulators_merge_to_the_whole()
    {
        var t = Table("regression");
        double[] y = t["label"].RequireNumbers(), p = t["prediction"].RequireNumbers();
        var merged = RegressionMetrics.Accumulate(y.AsSpan(0, 123), p.AsSpan(0, 123));
        merged.Merge(RegressionMetrics.Accumulate(y.AsSpan(123), p.AsSpan(123)));
        AssertMetric("regression", "r2", merged.RSquared);
        AssertMetric("regression", "rmse", merged.RootMeanSquaredError);
    }

    [Fact]
    public void R2_of_constant_targets_follows_scikit_learn()
    {
        // sklearn.metrics.r2_score([2, 2], [2, 2]) == 1.0 and r2_score([2, 2], [1, 2]) == 0.0 (force_finite).
        Assert.Equal(1.0, RegressionMetrics.RSquared(new[] { 2.0, 2 }, new[] { 2.0, 2 }));
        Assert.Equal(0.0, RegressionMetrics.RSquared(new[] { 2.0, 2 }, new[] { 1.0, 2 }));
        var e = Assert.Throws<ArgumentException>(() => RegressionMetrics.Evaluate(new[] { 1.0, double.NaN }, new[] { 1.0, 2 }));
        Assert.Contains("Row 1", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void Ranking_metrics_match_scikit_learn_and_the_stated_definitions(int k)
    {
        var t = Table("ranking");
        var r = RankingMetrics.Evaluate(t["query"].AsLabels()!, t["relevance"].RequireNumbers(), t["score"].RequireNumbers(), k);
        Assert.Equal(40, r.QueryCount);
        AssertMetric("ranking", $"ndcg_at_{k}", r.NdcgAtK);
        AssertMetric("ranking", $"precision_at_{k}", r.PrecisionAtK);
        AssertMetric("ranking", $"recall_at_{k}", r.RecallAtK);
        AssertMetric("ranking", $"map_at_{k}", r.MapAtK);
    }

    [Fact]
    public void Ndcg_averages_the_gain_of_tied_scores()
    {
        // sklearn.metrics.ndcg_score([[1, 0]], [[0.5, 0.5]]) = (0.5 * 1 + 0.5 / log2(3)) / 1 = 0.8154648767857288
        Assert.Equal(0.8154648767857288, RankingMetrics.NdcgAtK(new[] { 1.0, 0 }, new[] { 0.5, 0.5 }, 2), 12);
        Assert.Equal(0.0, RankingMetrics.NdcgAtK(new[] { 0.0, 0 }, new[] { 0.5, 0.1 }, 2));
        var e = Assert.Throws<ArgumentException>(() => RankingMetrics.Evaluate(new[] { "a", "a" }, new[] { 1.0, -1 }, new[] { 0.5, 0.1 }, 2));
        Assert.Contains("Query 'a'", e.Message);
    }
}
