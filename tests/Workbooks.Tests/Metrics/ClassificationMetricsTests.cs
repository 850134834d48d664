using Workbooks.ModelOps.Metrics;
using Xunit;
using static Workbooks.Tests.Metrics.MetricsFixture;

namespace Workbooks.Tests.Metrics;

public class ClassificationMetricsTests
{
    [Theory]
    [InlineData("binary")]
    [InlineData("binary_no_positive_predictions")]
    public void Binary_metrics_match_scikit_learn(string name)
    {
        var t = Table(name);
        int[] y = Ints(t, "label"), yp = Ints(t, "prediction");
        double[] p = t["score"].RequireNumbers();
        AssertMetric(name, "accuracy", ClassificationMetrics.Accuracy(y, yp));
        AssertMetric(name, "precision", ClassificationMetrics.Precision(y, yp));
        AssertMetric(name, "recall", ClassificationMetrics.Recall(y, yp));
        AssertMetric(name, "f1", ClassificationMetrics.F1(y, yp));
        AssertMetric(name, "mcc", ClassificationMetrics.MatthewsCorrelation(y, yp));
        AssertMetric(name, "roc_auc", ClassificationMetrics.RocAuc(y, p));
        AssertMetric(name, "average_precision", ClassificationMetrics.AveragePrecision(y, p));
        AssertMetric(name, "log_loss", ClassificationMetrics.LogLoss(y, p));
        AssertMetric(name, "brier", ClassificationMetrics.Brier(y, p));
        AssertMetric(name, "ece", ClassificationMetrics.ExpectedCalibrationError(y, p));
        var expected = Case(name).GetProperty("confusion_matrix").GetProperty("value");
        var cm = ClassificationMetrics.Confusion(y, yp);
        for (int a = 0; a < 2; a++)
            for (int q = 0; q < 2; q++)
                Assert.Equal(expected[a][q].GetInt64(), cm[a, q]);
    }

    [Fact]
    public void Zero_division_counts_as_zero_like_scikit_learn()
    {
        // Nothing predicted positive: precision is 0/0, which scikit-learn (zero_division=0) reports as 0.
        var t = Table("binary_no_positive_predictions");
        Assert.Equal(0.0, ClassificationMetrics.Precision(Ints(t, "label"), Ints(t, "prediction")));
        Assert.Equal(0.0, Expected("binary_no_positive_predictions", "precision"));
    }

    [Fact]
    public void Multiclass_metrics_match_scikit_learn()
    {
        var t = Table("multiclass");
        var classes = new[] { "a", "b", "c", "d" };
        int[] y = t["label"].Labels!.Select(l => Array.IndexOf(classes, l)).ToArray();
        int[] yp = t["prediction"].Labels!.Select(l => Array.IndexOf(classes, l)).ToArray();
        var cm = ClassificationMetrics.Confusion(y, yp, 4, classes);
        AssertMetric("multiclass", "accuracy", cm.Accuracy);
        AssertMetric("multiclass", "mcc", cm.MatthewsCorrelation);
        foreach (var (suffix, avg) in new[] { ("macro", Averaging.Macro), ("micro", Averaging.Micro), ("weighted", Averaging.Weighted) })
        {
            AssertMetric("multiclass", $"precision_{suffix}", cm.Precision(avg));
            AssertMetric("multiclass", $"recall_{suffix}", cm.Recall(avg));
            AssertMetric("multiclass", $"f1_{suffix}", cm.F1(avg));
        }
        var probs = Enumerable.Range(0, t.RowCount).Select(i => classes.Select(c => t[$"p_{c}"].Numbers![i]).ToArray()).ToList();
        AssertMetric("multiclass", "log_loss", ClassificationMetrics.LogLoss(y, probs));
        var expected = Case("multiclass").GetProperty("confusion_matrix").GetProperty("value");
        for (int a = 0; a < 4; a++)
            for (int q = 0; q < 4; q++)
                Assert.Equal(expected[a][q].GetInt64(), cm[a, q]);
        Assert.Throws<InvalidOperationException>(() => cm.Precision(Averaging.Binary));
    }

    [Fact]
    public void Accumulators_merged_across_windows_equal_the_whole()
    {
        var t = Table("binary");
        int[] y = Ints(t, "label"), yp = Ints(t, "prediction");
        double[] p = t["score"].RequireNumbers();
        var whole = ClassificationMetrics.Probabilistic(y, p);
        var first = ClassificationMetrics.Probabilistic(y.AsSpan(0, 150), p.AsSpan(0, 150));
        first.Merge(ClassificationMetrics.Probabilistic(y.AsSpan(150), p.AsSpan(150)));
        Assert.Equal(whole.Count, first.Count);
        AssertClose(whole.LogLoss, first.LogLoss, "merged log loss");
        AssertClose(whole.ExpectedCalibrationError, first.ExpectedCalibrationError, "merged ECE");
        var cm = ClassificationMetrics.Confusion(y.AsSpan(0, 100), yp.AsSpan(0, 100));
        cm.Merge(ClassificationMetrics.Confusion(y.AsSpan(100), yp.AsSpan(100)));
        AssertMetric("binary", "f1", cm.F1());
        cm.Reset();
        Assert.Equal(0, cm.Total);
    }

    [Fact]
    public void Concurrent_adds_lose_no_counts()
    {
        var cm = new ConfusionMatrix(3);
        Parallel.For(0, 30_000, i => cm.AddConcurrent(i % 3, (i / 3) % 3));
        Assert.Equal(30_000, cm.Total);
        Assert.Equal(10_000, cm.ActualCount(0));
    }

    [Fact]
    public void Ece_bins_put_a_value_on_an_inner_edge_in_the_lower_bin()
    {
        // 0.1 and 0.30000000000000004 (3 * 0.1) lie on edges; numpy's searchsorted puts them in the lower bin.
        var acc = new BinaryProbabilityAccumulator();
        acc.Add(1, 0.1); acc.Add(0, 3 * 0.1); acc.Add(1, 0.0);
        var bins = acc.ReliabilityBins();
        Assert.Equal(new[] { 0, 2 }, bins.Select(b => b.Bin).ToArray());
        Assert.Equal(2, bins[0].Count);
    }

    [Fact]
    public void Bad_input_names_the_row()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, new[] { 0.1, 0.2, 0.3 }));
        Assert.Contains("Row 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(new[] { 0, 1 }, new[] { 0.1, 1.2 }));
        Assert.Contains("Row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc(new[] { 0, 0 }, new[] { 0.1, 0.2 }));
        Assert.Contains("both classes", e.Message);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1 }, new[] { 0 }));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty));
        Assert.Throws<InvalidOperationException>(() => new BinaryProbabilityAccumulator().LogLoss);
    }
}
