using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using Plotly.NET;
using Xunit;
using Xunit.Abstractions;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Monitoring;

/// <summary>The library calls notebooks 06 and 07 make, with what they must show.</summary>
public class MonitorNotebookCallsTests(ITestOutputHelper output)
{
    [Fact]
    public void Notebook06_hammering_a_model_from_threads_counts_every_call_and_failure()
    {
        var data = ReplayDataset.ForCatalog("elec2");
        var model = data.Train(0, 4000);
        var predict = model.CreatePredictor(data.Table);
        var load = LoadTest.Run(i => i % 500 == 499 ? throw new ArgumentException("malformed request") : predict(4000 + i % 4000).Score,
            inputs: 8000, threads: 4, windowSize: 1000);
        output.WriteLine(load.ToString());
        Assert.Equal(8000, load.Counts.Requests);
        Assert.Equal(16, load.Counts.Failures);
        Assert.Equal(8, load.Windows.Count);
        Assert.Equal(8000, load.Latency.Count);
        Assert.True(load.Latency.P99 >= load.Latency.P50);
        Assert.Contains("p99.9", GenericChart.toChartHTML(MonitorCharts.LatencyPercentiles(load.Windows)));
        Assert.Contains("failed calls", GenericChart.toChartHTML(MonitorCharts.ThroughputAndFailures(load.Windows)));
        Assert.Contains(">16 (0.20 %)</td>", load.ToHtml());
    }

    [Fact]
    public void Notebook06_thread_scaling_is_one_table_with_a_row_per_thread_count()
    {
        var scaling = LoadTest.Scaling(i => i * 0.5, inputs: 400, threadCounts: [1, 2, 4]);
        Assert.Equal([1, 2, 4], scaling.Runs.Select(r => r.Threads));
        Assert.All(scaling.Runs, r => Assert.Equal(400, r.Counts.Requests));
        var html = scaling.ToHtml();
        Assert.Equal(1, html.Split("<table").Length - 1);
        Assert.Equal(1 + 3, html.Split("<tr>").Length - 1);
        Assert.DoesNotContain("System.", scaling.ToString());
        Assert.StartsWith("1 threads, 400 calls", scaling.ToString());
    }

    [Fact]
    public void Notebook07_a_replay_of_bike_sharing_fires_and_resolves_alerts_and_fills_the_log()
    {
        var data = ReplayDataset.ForCatalog("bike_sharing_hour");
        var model = data.Train(0, 3000);
        var baseline = data.Evaluate(model, 3000, 3700);
        var rules = TrafficSimulation.DefaultRules(model.Task, baseline);
        var logPath = Path.Combine(Path.GetTempPath(), $"bike-{Guid.NewGuid():N}.duckdb");
        try
        {
            var day = new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);
            var result = TrafficSimulation.Run(data, model, 3700, new SimulationOptions
            {
                CompressInto = TimeSpan.FromDays(1), CompressStart = day, Window = WindowSpec.ByTime(TimeSpan.FromMinutes(15)),
                LabelDelay = 24, LogPath = logPath, ModelName = "bike",
            }, baseline);
            foreach (var a in result.Alerts) output.WriteLine(a.Message);
            Assert.Equal(data.RowCount - 3700, result.RowsReplayed);
            Assert.Contains(result.Alerts, a => a.Rule == "quality" && a.Kind == AlertEventKind.Firing);
            Assert.Contains(result.Alerts, a => a.Rule == "quality" && a.Kind == AlertEventKind.Resolved);
            Assert.All(result.Alerts, a => Assert.Equal(day.Date, a.Time.Date));
            Assert.Contains("alert fired", GenericChart.toChartHTML(MonitorCharts.QualityWithAlerts(result, "mae", rules.First(r => r.Metric == "mae"))));
            using var log = PredictionLog.Open(logPath);
            var hours = log.Query("SELECT strftime(date_trunc('hour', time), '%H:00') AS hour, count(*) AS predictions, avg(abs(score - label_value)) AS mae FROM prediction_log GROUP BY 1 ORDER BY 1");
            Assert.Equal(data.RowCount - 3700, hours["predictions"].Cast<long>().Sum());
            Assert.Equal(24, hours.Rows.Count);   // the whole replay is one simulated day
            Assert.Equal((long)result.Alerts.Count, Convert.ToInt64(log.Scalar("SELECT count(*) FROM alerts")));
        }
        finally
        {
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(logPath) + "*")) File.Delete(f);
        }
        Assert.Equal("Latency percentiles", GrafanaDashboard.Load().Panels[0].Title);
    }
}
