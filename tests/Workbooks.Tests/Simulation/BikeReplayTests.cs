using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Simulation;

/// <summary>Trains the walkthrough's model once for every test in the class.</summary>
public sealed class BikeModelFixture
{
    public ReplayDataset Hours { get; } = ReplayDataset.ForCatalog("bike_sharing_hour");
    public TrainedModel Model { get; }
    public BikeModelFixture() => Model = BikeDemand.Train(Hours, year: 2011);
}

/// <summary>The library calls notebooks 01 and 03 make, checked here first.</summary>
public class BikeReplayTests(BikeModelFixture bike) : IClassFixture<BikeModelFixture>
{
    [Fact]
    public void The_hourly_data_and_the_features_without_leakage()
    {
        var hours = bike.Hours;
        Assert.Equal("17379 2011-01-01 16", $"{hours.RowCount} {hours.Times[0]:yyyy-MM-dd} {hours.TruthAt(0).Value}");
        Assert.Equal(8645, BikeDemand.FirstRowOf(hours, 2012));
        Assert.DoesNotContain("casual", BikeDemand.Features);
        Assert.DoesNotContain("registered", BikeDemand.Features);
        Assert.DoesNotContain("yr", BikeDemand.Features);
        Assert.Equal(BikeDemand.Features, bike.Model.Features);
    }

    [Fact]
    public void Model_learns_2011_demand()
    {
        // BikeDemand's example: held-out MAE under 60 rentals/hour (mean demand in 2011 is ~144/hour).
        Assert.True(bike.Model.Metrics["mae"] < 60, bike.Model.ToString());
        Assert.True(bike.Model.Metrics["r2"] > 0.8, bike.Model.ToString());
        Assert.Contains("fasttree", bike.Model.ToHtml());
    }

    [Fact]
    public void Saved_model_predicts_the_same()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bike-{Guid.NewGuid():N}.zip");
        try
        {
            bike.Model.Save(path);
            var loaded = TrainedModel.Load(path);
            Assert.Equal(bike.Model.Predict(bike.Hours.Table, 9000), loaded.Predict(bike.Hours.Table, 9000));
            Assert.Equal(bike.Model.Metrics, loaded.Metrics);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Replaying_2012_shows_quality_decaying_month_by_month()
    {
        int from = BikeDemand.FirstRowOf(bike.Hours, 2012);
        var replay = TrafficReplay.Run(bike.Hours, bike.Model, from, WindowSpec.ByPeriod(ChunkPeriod.Month),
            new ReplayOptions { IncorrectAbove = 100, SimulatedFailureRate = 0.002 });

        int traffic = bike.Hours.RowCount - from;
        Assert.Equal(12, replay.Windows.Count);
        Assert.Equal("2012-01", replay.Windows[0].Key);
        Assert.Equal(traffic, replay.TotalCalls.Calls);
        Assert.Equal(traffic - replay.TotalCalls.Failed, replay.OverallLatency.Count);
        Assert.InRange(replay.TotalCalls.Failed, 1, 60); // ~0.2% of 8734 calls fail by injection
        // 2012 demand grew ~65% over 2011, which the model never saw: the summer months' error is far above the held-out error.
        var worst = replay.Windows.Max(w => w.Quality["mae"]);
        Assert.True(worst > 2 * bike.Model.Metrics["mae"], $"worst month MAE {worst:F1} vs held-out {bike.Model.Metrics["mae"]:F1}");
        Assert.True(replay.Windows.All(w => w.Calls.ErrorRate > w.Calls.FailureRate), "incorrect predictions add to the error rate");
        Assert.Contains("2012-12", replay.ToHtml());

        Assert.Contains("reference MAE", GenericChart.toChartHTML(ReplayCharts.QualityOverTime(replay, bike.Model.Metrics["mae"], "rentals/hour")));
        Assert.Contains("p99.9", GenericChart.toChartHTML(ReplayCharts.LatencyPercentiles(replay)));
        Assert.Contains("calls/s", GenericChart.toChartHTML(ReplayCharts.Throughput(replay)));
        Assert.Contains("failed + incorrect", GenericChart.toChartHTML(ReplayCharts.ErrorRate(replay)));
        Assert.Contains("p99.99", GenericChart.toChartHTML(ReplayCharts.PercentileCurve(replay.OverallLatency)));
    }

    private static ReplayDataset Numbers(int n, Func<int, double> label)
    {
        var table = new Table([TableColumn.Numerical("x", [.. Enumerable.Range(0, n).Select(i => (double)i)]),
            TableColumn.Numerical("y", [.. Enumerable.Range(0, n).Select(label)])], "numbers");
        return ReplayDataset.Create(table, "y", task: ModelTask.Regression);
    }

    [Fact]
    public void Replay_examples_and_errors()
    {
        var replay = TrafficReplay.Run(Numbers(100, i => 2.0 * i + 1), row => 2.0 * row, WindowSpec.ByCount(50));
        Assert.Equal("2 1 50", FormattableString.Invariant($"{replay.Windows.Count} {replay.Windows[0].Quality["mae"]} {replay.Windows[1].Calls.Calls}"));

        var small = TrafficReplay.Run(Numbers(10, i => i), row => row, WindowSpec.ByCount(5));
        Assert.Equal("10 10", $"{small.TotalCalls.Calls} {small.OverallLatency.Count}");
        Assert.Contains("MAE per window", GenericChart.toChartHTML(ReplayCharts.QualityOverTime(TrafficReplay.Run(Numbers(10, i => i + 1), row => row, WindowSpec.ByCount(5)))));

        // A predictor that throws is counted as a failed call, not a crash; its window has no quality.
        var failing = TrafficReplay.Run(Numbers(10, i => i), row => row < 5 ? throw new InvalidOperationException("down") : row, WindowSpec.ByCount(5));
        Assert.Empty(failing.Windows[0].Quality);
        Assert.Equal(5, failing.Windows[0].Calls.Exceptions);
        Assert.Equal(1.0, failing.Windows[0].Calls.ErrorRate);
        Assert.Equal(5, failing.Windows[1].Quality.Count > 0 ? failing.Windows[1].Calls.Labelled : -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficReplay.Run(Numbers(10, i => i), row => row, WindowSpec.ByCount(5), new ReplayOptions { SimulatedFailureRate = 1 }));
    }
}
