using Workbooks.ModelOps.Metrics;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Metrics;

/// <summary>Runs the &lt;example&gt; of each public Metrics type and checks the output its comment prints.</summary>
public class MetricsDocExampleTests
{
    [Fact]
    public void ConfusionMatrix_example()
    {
        var cm = new ConfusionMatrix(2);
        cm.Add(actual: 1, predicted: 1); cm.Add(1, 0); cm.Add(0, 0); cm.Add(0, 1);
        Assert.Equal("0.5 0.5 1", $"{cm.Accuracy} {cm.Precision()} {cm[1, 0]}");
    }

    [Fact]
    public void ClassificationMetrics_example() =>
        Assert.Equal(0.75, ClassificationMetrics.RocAuc(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.4, 0.35, 0.8 }));

    [Fact]
    public void BinaryProbabilityAccumulator_example()
    {
        var acc = new BinaryProbabilityAccumulator();
        acc.Add(1, 0.8); acc.Add(0, 0.2);
        Assert.Equal("0.04 0.20", FormattableString.Invariant($"{acc.Brier:F2} {acc.ExpectedCalibrationError:F2}"));
    }

    [Fact]
    public void RegressionAccumulator_example()
    {
        var acc = new RegressionAccumulator();
        acc.Add(actual: 3, predicted: 2.5); acc.Add(-0.5, 0); acc.Add(2, 2); acc.Add(7, 8);
        Assert.Equal("0.5 0.9486", FormattableString.Invariant($"{acc.MeanAbsoluteError} {acc.RSquared:F4}"));
    }

    [Fact]
    public void RegressionMetrics_example()
    {
        var r = RegressionMetrics.Evaluate(new[] { 3, -0.5, 2, 7 }, new[] { 2.5, 0.0, 2, 8 });
        Assert.Equal("0.5 0.6124", FormattableString.Invariant($"{r.Mae} {r.Rmse:F4}"));
    }

    [Fact]
    public void RankingMetrics_example()
    {
        double[] relevance = { 3, 0, 1 }, score = { 0.9, 0.8, 0.1 };
        Assert.Equal("0.5 0.5", FormattableString.Invariant($"{RankingMetrics.PrecisionAtK(relevance, score, 2)} {RankingMetrics.RecallAtK(relevance, score, 2)}"));
    }

    [Fact]
    public void LatencyRecorder_example()
    {
        var recorder = new LatencyRecorder();
        foreach (var us in new long[] { 100, 200, 300, 400 }) recorder.RecordMicroseconds(us);
        var window = recorder.TakeInterval();
        Assert.Equal("4 200 400", $"{window.Count} {window.P50} {window.Max}");
    }

    [Fact]
    public void LatencySnapshot_example()
    {
        var a = new LatencyRecorder(); a.RecordMicroseconds(1000);
        var b = new LatencyRecorder(); b.RecordMicroseconds(2000);
        var both = LatencySnapshot.Merge(new[] { a.TakeInterval(), b.TakeInterval() });
        Assert.Equal("2 1500", FormattableString.Invariant($"{both.Count} {both.Mean}"));
    }

    [Fact]
    public void CallCounts_example()
    {
        var counts = new CallCounts(Calls: 200, Exceptions: 3, Timeouts: 1, Labelled: 100, Incorrect: 6, Window: TimeSpan.FromSeconds(10));
        Assert.Equal("20 0.02 0.05", FormattableString.Invariant($"{counts.Throughput} {counts.FailureRate} {counts.ErrorRate}"));
    }

    [Fact]
    public void CallCounter_example()
    {
        var counter = new CallCounter();
        counter.RecordCall(); counter.RecordCall(); counter.RecordFailure(CallFailure.Timeout);
        counter.RecordOutcome(correct: false);
        var w = counter.TakeInterval(TimeSpan.FromSeconds(1));
        Assert.Equal("3 1 0.6666666666666666", FormattableString.Invariant($"{w.Calls} {w.Timeouts} {w.ErrorRate}"));
    }
}

/// <summary>The examples of the small public records and enums.</summary>
public class SmallTypeDocExampleTests
{
    [Fact]
    public void Averaging_example()
    {
        var cm = ClassificationMetrics.Confusion(new[] { 0, 1, 2, 2 }, new[] { 0, 2, 2, 2 });
        Assert.Equal("0.667 0.75", FormattableString.Invariant($"{cm.Recall(Averaging.Macro):F3} {cm.Recall(Averaging.Micro)}"));
    }

    [Fact]
    public void RegressionReport_example()
    {
        var r = RegressionMetrics.Evaluate(new[] { 1.0, 2 }, new[] { 1.0, 3 });
        Assert.Equal("2 0.5 0.25", FormattableString.Invariant($"{r.Count} {r.Mae} {r.Mape}"));
    }

    [Fact]
    public void RankingReport_example()
    {
        var r = RankingMetrics.Evaluate(new[] { "q1", "q1", "q2", "q2" }, new[] { 1.0, 0, 0, 1 }, new[] { 0.9, 0.1, 0.8, 0.2 }, k: 1);
        Assert.Equal("2 0.5 0.5", FormattableString.Invariant($"{r.QueryCount} {r.PrecisionAtK} {r.MapAtK}"));
    }

    [Fact]
    public void CallFailure_example()
    {
        var counter = new CallCounter();
        counter.RecordFailure(CallFailure.Exception);
        Assert.Equal(1, counter.TakeInterval(TimeSpan.FromSeconds(1)).Exceptions);
    }

    [Fact]
    public void MetricTask_and_MetricColumns_examples()
    {
        Assert.Equal("Ranking", Enum.Parse<MetricTask>("ranking", ignoreCase: true).ToString());
        var columns = new MetricColumns { Label = "relevance", K = 5 };
        Assert.Equal("relevance score 5", $"{columns.Label} {columns.Score} {columns.K}");
    }

    [Fact]
    public void Model_and_replay_option_examples()
    {
        var trainer = Workbooks.Walkthroughs.BikeDemand.Trainer;
        Assert.Equal("100 31 10", $"{trainer.Trees} {trainer.Leaves} {trainer.MinimumRowsPerLeaf}");
        Assert.DoesNotContain("casual", Workbooks.Walkthroughs.BikeDemand.Features);
        var replayOptions = new Workbooks.Walkthroughs.ReplayOptions { IncorrectAbove = 100 };
        Assert.Equal("100 0 42", FormattableString.Invariant($"{replayOptions.IncorrectAbove} {replayOptions.SimulatedFailureRate} {replayOptions.Seed}"));
        var table = new Workbooks.ModelOps.Data.Table([Workbooks.ModelOps.Data.TableColumn.Numerical("x", [1, 2, 3]), Workbooks.ModelOps.Data.TableColumn.Numerical("y", [1, 2, 3])]);
        var data = Workbooks.ModelOps.Monitoring.Simulation.ReplayDataset.Create(table, "y", task: Workbooks.ModelOps.Models.ModelTask.Regression);
        var window = Workbooks.Walkthroughs.TrafficReplay.Run(data, row => row + 1, Workbooks.ModelOps.Monitoring.WindowSpec.ByCount(3)).Windows[0];
        Assert.Equal("[0:3) 0 3", FormattableString.Invariant($"{window.Key} {window.Quality["mae"]} {window.Calls.Calls}"));
    }
}
