using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Simulation;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Simulation;

/// <summary>Trains the walkthrough's model once for every test in the class.</summary>
public sealed class BikeModelFixture : IDisposable
{
    public IReadOnlyList<BikeHour> Hours { get; } = BikeHour.FromTable(DatasetCatalog.LoadTable("bike_sharing_hour"));
    public BikeDemandModel Model { get; }
    public BikeModelFixture() => Model = BikeDemandModel.Train(Hours.Where(h => h.Date.Year == 2011).ToList());
    public void Dispose() => Model.Dispose();
}

/// <summary>The library calls notebook 01 makes, checked here first.</summary>
public class BikeReplayTests(BikeModelFixture bike) : IClassFixture<BikeModelFixture>
{
    [Fact]
    public void BikeHour_example_reads_the_catalog_table()
    {
        var hours = bike.Hours;
        Assert.Equal("17379 2011-01-01 16", $"{hours.Count} {hours[0].Date:yyyy-MM-dd} {hours[0].Count}");
        Assert.DoesNotContain("Casual", BikeHour.FeatureNames);
        Assert.DoesNotContain("Registered", BikeHour.FeatureNames);
    }

    [Fact]
    public void Model_learns_2011_demand()
    {
        // BikeDemandModel's example: held-out MAE under 60 rentals/hour (mean demand in 2011 is ~144/hour).
        Assert.True(bike.Model.ValidationMae < 60, bike.Model.ToString());
        Assert.True(bike.Model.Validation!.R2 > 0.8, bike.Model.ToString());
        Assert.Contains("FastTree", bike.Model.ToHtml());
    }

    [Fact]
    public void Saved_model_predicts_the_same()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bike-{Guid.NewGuid():N}.zip");
        try
        {
            bike.Model.Save(path);
            using var loaded = BikeDemandModel.Load(path);
            var hour = bike.Hours[9000];
            Assert.Equal(bike.Model.Predict(hour), loaded.Predict(hour));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Replaying_2012_shows_quality_decaying_month_by_month()
    {
        var traffic = bike.Hours.Where(h => h.Date.Year == 2012).ToList();
        var months = Chunker.ByPeriod(traffic.Select(h => h.Date).ToList(), ChunkPeriod.Month);
        var replay = TrafficReplay.Regression(traffic, months, h => bike.Model.Predict(h), h => h.Count,
            new ReplayOptions { IncorrectAbove = 100, SimulatedFailureRate = 0.002 });

        Assert.Equal(12, replay.Windows.Count);
        Assert.Equal("2012-01", replay.Windows[0].Window.Key);
        Assert.Equal(traffic.Count, replay.TotalCalls.Calls);
        Assert.Equal(traffic.Count - replay.TotalCalls.Failed, replay.OverallLatency.Count);
        Assert.InRange(replay.TotalCalls.Failed, 1, 60); // ~0.2% of 8734 calls fail by injection
        // 2012 demand grew ~65% over 2011, which the model never saw: the summer months' error is far above the held-out error.
        var worst = replay.Windows.Max(w => w.Quality!.Mae);
        Assert.True(worst > 2 * bike.Model.ValidationMae, $"worst month MAE {worst:F1} vs held-out {bike.Model.ValidationMae:F1}");
        Assert.True(replay.Windows.All(w => w.Calls.ErrorRate > w.Calls.FailureRate), "incorrect predictions add to the error rate");
        Assert.Contains("2012-12", replay.ToHtml());

        Assert.Contains("reference MAE", GenericChart.toChartHTML(ReplayCharts.QualityOverTime(replay, bike.Model.ValidationMae, "rentals/hour")));
        Assert.Contains("p99.9", GenericChart.toChartHTML(ReplayCharts.LatencyPercentiles(replay)));
        Assert.Contains("calls/s", GenericChart.toChartHTML(ReplayCharts.Throughput(replay)));
        Assert.Contains("failed + incorrect", GenericChart.toChartHTML(ReplayCharts.ErrorRate(replay)));
        Assert.Contains("p99.99", GenericChart.toChartHTML(ReplayCharts.PercentileCurve(replay.OverallLatency)));
    }

    [Fact]
    public void Replay_examples_and_errors()
    {
        var rows = Enumerable.Range(0, 100).Select(i => (double)i).ToList();
        var replay = TrafficReplay.Regression(rows, Chunker.BySize(rows.Count, 50), x => 2 * x, x => 2 * x + 1);
        Assert.Equal("2 1 50", FormattableString.Invariant($"{replay.Windows.Count} {replay.Windows[0].Quality!.Mae} {replay.Windows[1].Calls.Calls}"));

        var ten = Enumerable.Range(0, 10).Select(i => (double)i).ToList();
        var small = TrafficReplay.Regression(ten, Chunker.BySize(10, 5), x => x, x => x);
        Assert.Equal("10 10", $"{small.TotalCalls.Calls} {small.OverallLatency.Count}");
        Assert.Contains("MAE per window", GenericChart.toChartHTML(ReplayCharts.QualityOverTime(TrafficReplay.Regression(ten, Chunker.BySize(10, 5), x => x, x => x + 1))));

        // A predictor that throws is counted as a failed call, not a crash; its window has no quality.
        var failing = TrafficReplay.Regression(ten, Chunker.BySize(10, 5), x => x < 5 ? throw new InvalidOperationException("down") : x, x => x);
        Assert.Null(failing.Windows[0].Quality);
        Assert.Equal(5, failing.Windows[0].Calls.Exceptions);
        Assert.Equal(1.0, failing.Windows[0].Calls.ErrorRate);
        Assert.Throws<ArgumentException>(() => TrafficReplay.Regression(ten, Chunker.BySize(8, 4), x => x, x => x));
    }
}
