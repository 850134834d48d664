using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Estimation;

/// <summary>The XML doc examples of the estimation types print what they say.</summary>
public class EstimationDocExampleTests
{
    [Fact]
    public void BinaryCbpe_example()
    {
        double[] refScores = [0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9];
        var cbpe = BinaryCbpe.Fit(refScores, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], [0, 0, 1, 0, 0, 1, 0, 1, 1, 1],
            new CbpeOptions { Calibration = CalibrationMode.Never, CalibrationFolds = 2 });
        var estimate = cbpe.Estimate([0.9, 0.2, 0.6, 0.3], [1, 0, 1, 0], Chunker.BySize(4, 4));
        Assert.Equal("0.75", estimate.For(PerformanceMetric.Accuracy)[0].Estimated.ToString());
        Assert.StartsWith("{\"method\":\"CBPE\"", estimate.ToJson());
        Assert.Equal(PerformanceMetric.Accuracy, estimate.Summarize().Rows[0].Metric);
        Assert.Contains("estimated accuracy", ChartHtml.ToHtml(PerformanceEstimateChart.Create(estimate, PerformanceMetric.Accuracy)));
    }

    [Fact]
    public void Small_type_examples()
    {
        Assert.Equal("1", ExpectedRocAuc.Compute([0.8, 0.3], [1.0, 0.0]).ToString());
        Assert.Equal("roc_auc F1", PerformanceMetric.RocAuc.Name() + " " + PerformanceMetricNames.Parse("F1"));
        var row = ChunkEstimate.Create(new Chunk(0, 0, 100, "[0:100)"), PerformanceMetric.Accuracy, 0.98, 0.01, 0.95, 0.9, 3);
        Assert.Equal("1 True True", $"{row.Upper} {row.Alert} {row.RealizedInBand}");
        var t = new Table([TableColumn.Categorical("income", [">50K", "<=50K"])]);
        Assert.Equal("1,0", string.Join(",", BinaryColumns.Classes(t, "income", ">50K")));
    }

    [Theory]
    [InlineData("fasttree")]
    [InlineData("lightgbm")]
    public void TrainRegression_example_with_both_tree_trainers(string trainer)
    {
        var table = new Table([TableColumn.Numerical("x", [.. Enumerable.Range(0, 200).Select(i => (double)i)])]);
        TrainerOptions options = trainer == "fasttree" ? new FastTreeOptions() : new LightGbmOptions();
        var model = TrainedModel.TrainRegression(table, ["x"], [.. Enumerable.Range(0, 200).Select(i => i < 100 ? 0.0 : 10.0)], options);
        var predicted = model.PredictScores(table);
        Assert.Equal("0 10", string.Join(" ", predicted[..1].Concat(predicted[^1..]).Select(v => Math.Round(v))));
    }
}

/// <summary>The doc examples of the options, reports and enums.</summary>
public class EstimationOptionDocExampleTests
{
    [Fact]
    public void Options_reports_and_names()
    {
        var options = new CbpeOptions { Calibration = CalibrationMode.Never, Metrics = [PerformanceMetric.Accuracy] };
        Assert.Equal("3 10 5", $"{options.BandStandardErrors} {options.CalibrationBins} {options.CalibrationFolds}");
        Assert.Equal("Auto", new CbpeOptions().Calibration.ToString());
        var report = new CalibrationReport("positive class", 0.05, 0.01, true, CalibrationMode.Auto, 10, 5);
        Assert.Equal("positive class: calibrated, because isotonic calibration lowered the held-out ECE from 0.0500 to 0.0100.", report.Decision);
        var dle = new DleOptions { ErrorModel = new LightGbmOptions() };
        Assert.Equal("lightgbm 100 3", $"{dle.ErrorModel.Family} {dle.ErrorModel.Hyperparameters()["trees"]} {dle.BandStandardErrors}");
        Assert.Equal("fasttree", new DleOptions().ErrorModel.Family);
        var o = new FastTreeOptions();
        Assert.Equal("100 20 20 0.1", FormattableString.Invariant($"{o.Trees} {o.Leaves} {o.MinimumRowsPerLeaf} {o.LearningRate}"));
        Assert.Equal("accuracy,precision,recall,f1,specificity,roc_auc", string.Join(",", PerformanceMetricNames.Classification.Select(m => m.Name())));
        var row = new MetricSummary(PerformanceMetric.F1, 10, 2, 0.7, 0.9, 0.02);
        Assert.Equal("f1: 2/10 chunks alerted, realized in band 90%, mean |est - real| 0.0200", new EstimateSummary("CBPE", [row]).ToString());
    }
}

public class MulticlassColumnsDocExampleTests
{
    [Fact]
    public void Example()
    {
        var t = new Table([TableColumn.Numerical("p_a", [0.7, 0.2]), TableColumn.Numerical("p_b", [0.3, 0.8]), TableColumn.Categorical("y", ["b", "a"])]);
        var (classes, _) = MulticlassColumns.Scores(t, "p_");
        Assert.Equal("a,b 1,0", $"{string.Join(",", classes)} {string.Join(",", MulticlassColumns.Classes(t, "y", classes))}");
    }
}
