using Microsoft.ML;
using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Reporting;
using Xunit;

namespace Workbooks.Tests.Monitoring;

/// <summary>The printed output of each public monitoring type's doc example.</summary>
public class MonitoringDocExampleTests
{
    public sealed class Row { public float X { get; set; } public float Y { get; set; } }
    public sealed class Out { public float Score { get; set; } }

    [Fact]
    public void BoundedRing_drops_and_counts()
    {
        var ring = new BoundedRing<int>(2, BackPressure.Drop);
        ring.TryAdd(1); ring.TryAdd(2); ring.TryAdd(3);
        ring.TryTake(out var first);
        Assert.Equal("1 dropped=1", $"{first} dropped={ring.Dropped}");
    }

    [Fact]
    public void WindowSpec_describes_itself()
    {
        Assert.Equal("sliding 500 predictions every 100", WindowSpec.ByCount(500, step: 100).ToString());
        Assert.Equal("tumbling 00:05:00", WindowSpec.ByTime(TimeSpan.FromMinutes(5)).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowSpec.ByCount(10, step: 11));
        Assert.Throws<ArgumentException>(() => WindowSpec.ByTime(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Views_truths_options_and_clock()
    {
        Assert.Equal("PredictionView { Class = UP, Score = 0.83 }", new PredictionView("UP", 0.83).ToString());
        Assert.True(GroundTruth.OfClass("UP").Matches(new PredictionView("UP", 0.9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroundTruth.OfValue(double.NaN));
        var options = new MonitorOptions { ModelName = "elec2", ModelVersion = "3", BackPressure = BackPressure.Drop };
        Assert.Equal("elec2@3 Drop tumbling 1000 predictions", $"{options.ModelName}@{options.ModelVersion} {options.BackPressure} {options.Window}");
        var clock = new SimulatedClock(new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("2011-01-01 02:00", clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm"));
        Assert.Equal("PredictionView { Class = True, Score = 1 }", PredictionProjection.Default<bool>()(true).ToString());
        Assert.Equal("PredictionView { Class = , Score = 2.5 }", PredictionProjection.Default<float>()(2.5f).ToString());
        Assert.Equal("Workbooks.ModelOps.Monitor", MonitorMeters.MeterName);
    }

    [Fact]
    public void PendingLabelStore_evicts_the_oldest()
    {
        var store = new PendingLabelStore<string>(capacity: 2, timeToLive: TimeSpan.FromHours(1));
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        store.Add(1, "a", t0); store.Add(2, "b", t0); store.Add(3, "c", t0);
        Assert.Equal("False True c evicted=1", $"{store.TryTake(1, out _)} {store.TryTake(3, out var c)} {c} evicted={store.Counts.Evicted}");
    }

    [Fact]
    public void QualityEvaluators_binary_example()
    {
        // By definition (scikit-learn accuracy_score / recall_score): y_true [1, 1], y_pred [1, 0] -> 0.5 and 0.5.
        var m = QualityEvaluators.Binary("UP")(new[] { new PredictionView("UP", 0.9), new PredictionView("DOWN", 0.2) },
            new[] { GroundTruth.OfClass("UP"), GroundTruth.OfClass("UP") });
        Assert.Equal("0.5 0.5", $"{m["accuracy"]} {m["recall"]}");
    }

    [Fact]
    public void Telemetry_log_and_sink_examples()
    {
        int port = AlertTests.FreePort();
        using (var exporter = MonitorTelemetry.StartPrometheus(port))
            Assert.Equal($"http://127.0.0.1:{port}/metrics", exporter.ScrapeUrl);
        var path = Path.Combine(Path.GetTempPath(), $"doc-{Guid.NewGuid():N}.duckdb");
        try
        {
            using var log = PredictionLog.Open(path);
            Assert.Equal("42", log.Query("SELECT 40 + 2 AS answer")["answer"][0]!.ToString());
            using (var monitor = new ModelMonitor<double, double>(x => x + 1))
            {
                monitor.Pipeline.AddSink(new PredictionLogSink<double, double>(log, monitor));
                monitor.Predict(1); monitor.Predict(2);
            }
            Assert.Equal("2", log.Scalar("SELECT count(*) FROM predictions")!.ToString());
        }
        finally { foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(f); }
    }

    [Fact]
    public void MonitoredModels_wraps_an_ml_net_transformer_and_engine()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Y = 2 }, new Row { X = 2, Y = 4 }, new Row { X = 4, Y = 8 } });
        var model = ml.Transforms.CopyColumns("Score", "X").Fit(data);   // a stand-in model: Score = X
        using var monitor = MonitoredModels.ForTransformer<Row, Out>(ml, model);
        Assert.Equal(3, monitor.Predict(new Row { X = 3 }).Score);
        // Concurrent callers: one engine per thread (transformer) or one serialised engine; counts stay exact.
        Parallel.For(0, 400, i => monitor.Predict(new Row { X = i }));
        using var engineMonitor = MonitoredModels.ForPredictionEngine(ml.Model.CreatePredictionEngine<Row, Out>(model));
        Parallel.For(0, 400, i => engineMonitor.Predict(new Row { X = i }));
        monitor.Flush(); engineMonitor.Flush();
        Assert.Equal(401, monitor.Counts.Requests);
        Assert.Equal(400, engineMonitor.Counts.Processed);
    }

    [Fact]
    public void LoadTest_charts_dashboard_and_replay_examples()
    {
        var result = LoadTest.Run(i => i * 0.5, inputs: 1000, threads: 4, windowSize: 250);
        Assert.Equal("1000 4", $"{result.Counts.Requests} {result.Windows.Count}");
        var load = LoadTest.Run(i => i, inputs: 200, threads: 2, windowSize: 100);
        Assert.Contains("p99.9", GenericChart.toChartHTML(MonitorCharts.LatencyPercentiles(load.Windows)));
        Assert.Equal("Latency percentiles", GrafanaDashboard.Load().Panels[0].Title);
        var table = new Table([TableColumn.Numerical("x", [1, 2, 3]), TableColumn.Categorical("y", ["a", "b", "a"])]);
        var replay = ReplayDataset.Create(table, label: "y");
        Assert.Equal("Binary x 2000-01-01 00:01", $"{replay.Task} {string.Join(",", replay.FeatureNames)} {replay.Times[1]:yyyy-MM-dd HH:mm}");
        Assert.Throws<ArgumentException>(() => ReplayDataset.Create(table, label: "y", drop: ["nope"]));
    }

    [Fact]
    public void JsonLinesAlertSink_example()
    {
        var path = Path.Combine(Path.GetTempPath(), $"alerts-{Guid.NewGuid():N}.jsonl");
        using (var sink = new JsonLinesAlertSink(path))
            sink.Publish(new AlertEvent(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "acc", "accuracy", AlertEventKind.Firing, AlertSeverity.Warning, 0.7, 0.8, "[0:100)", "m", "1"));
        Assert.Contains("\"kind\":\"firing\"", File.ReadAllText(path));
        File.Delete(path);
    }
}
