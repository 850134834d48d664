using Plotly.NET;
using Workbooks.ModelOps.Detectors.Evaluation;
using Workbooks.ModelOps.Reporting;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Detectors;

/// <summary>The XML doc examples of the evaluation and reporting types, run as written.</summary>
public class EvaluationDocExampleTests
{
    [Fact]
    public void ChangeStream_example()
    {
        var s = new ChangeStream("demo", new double[100], [50], 20, "zeros");
        Assert.Equal("0 -1", $"{s.ClassifyDetection(55)} {s.ClassifyDetection(75)}");
    }

    [Fact]
    public void SyntheticStreams_example()
    {
        var s = SyntheticStreams.Abrupt(seed: 1);
        Assert.Equal("40000 [10000, 20000, 30000]", $"{s.Values.Length} [{string.Join(", ", s.ChangePoints)}]");
    }

    [Fact]
    public void OnlineLogisticRegression_example()
    {
        var model = new OnlineLogisticRegression(features: 1, learningRate: 0.5);
        for (int i = 0; i < 200; i++) model.Learn([i % 2], i % 2);
        Assert.Equal(1, model.Predict([1.0]));
        Assert.Equal(0, model.Predict([0.0]));
    }

    [Fact]
    public void ModelErrorStreams_example_and_elec2()
    {
        var sea = ModelErrorStreams.SeaAbrupt();
        Assert.Equal("40000 [10000, 20000, 30000]", $"{sea.Values.Length} [{string.Join(", ", sea.ChangePoints)}]");
        Assert.All(sea.Values, v => Assert.True(v is 0 or 1));
        Assert.InRange(sea.Values.Average(), 0.18, 0.30); // 20% label noise bounds the error from below

        var elec = ModelErrorStreams.Elec2();
        Assert.Equal(45_312, elec.Values.Length);
        Assert.Empty(elec.ChangePoints);
        Assert.InRange(elec.Values.Average(), 0.05, 0.45); // better than always predicting DOWN (42.5% wrong)
    }

    [Fact]
    public void Harness_example()
    {
        var report = DetectionQualityHarness.Run([SyntheticStreams.Abrupt(seed: 1)], DetectorSpec.RiverDefaults.Take(1).ToArray());
        var row = report.Rows[0];
        Assert.Equal("adwin 3 changes, 3 found", $"{row.Detector} {row.Changes} changes, {row.TrueDetections} found");
    }

    [Fact]
    public void Report_example()
    {
        var report = DetectionQualityHarness.Run([SyntheticStreams.NoChange(seed: 1)], DetectorSpec.RiverDefaults.Take(1).ToArray());
        Assert.Equal("scenario,detector,streams,samples,changes,detections,true_detections,mean_delay,median_delay,missed_changes,false_alarms_per_10k,average_run_length",
            report.ToCsv().Split('\n')[0]);
    }

    [Fact]
    public void HtmlTable_example() => Assert.Contains("1 &lt; 2", HtmlTable.Render("T", ["a"], [["1 < 2"]]));

    [Fact]
    public void DetectorCharts_example()
    {
        var report = DetectionQualityHarness.Run([SyntheticStreams.Abrupt(seed: 1)], DetectorSpec.RiverDefaults);
        var chart = DetectorCharts.DetectionsOverTime(report, "bernoulli_abrupt");
        Assert.Contains("true change", GenericChart.toFigureJson(chart));
    }
}
