using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Xunit;

namespace Workbooks.Tests.Monitoring;

public sealed class PredictionLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record House(double Rooms, string City);

    [Fact]
    public void Logs_every_prediction_with_features_and_joins_labels_later()
    {
        var path = Path.Combine(_dir, "log.duckdb");
        using var log = PredictionLog.Open(path);
        var t0 = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var clock = new SimulatedClock(t0);
        long labelled;
        var monitor = new ModelMonitor<House, double>(h => h.Rooms * 100, new MonitorOptions { ModelName = "houses", ModelVersion = "7", Clock = clock, Window = WindowSpec.ByCount(50) });
        using (monitor)
        {
            monitor.Pipeline.QualityEvaluator = QualityEvaluators.Regression();
            var sink = new PredictionLogSink<House, double>(log, monitor, new PredictionLogOptions { BatchSize = 64, Run = "run-1" });
            monitor.Pipeline.AddSink(sink);
            var ids = new List<long>();
            for (int i = 0; i < 300; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                monitor.Predict(new House(i % 5 + 1, i % 2 == 0 ? "Oslo" : "Bergen"), out long id);
                ids.Add(id);
            }
            foreach (var id in ids.Where(id => id % 3 == 0)) monitor.Label(id, GroundTruth.OfValue(250));
            labelled = ids.Count(id => id % 3 == 0);
        }
        // A sink failure would be counted, not thrown: show it, so a shortfall below names its cause.
        Assert.True(monitor.Pipeline.SinkErrors == 0, $"sink errors: {monitor.Pipeline.SinkErrors}, latest: {monitor.Pipeline.Sinks[0].LastError}");
        Assert.Equal(0, monitor.Pipeline.HookErrors);
        Assert.Equal(300, monitor.Counts.Processed);
        Assert.Equal(300L, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions WHERE model = 'houses' AND version = '7' AND run = 'run-1'")));
        Assert.Equal(labelled, Convert.ToInt64(log.Scalar("SELECT count(*) FROM prediction_log WHERE label_value IS NOT NULL")));
        // Features are JSON that DuckDB can read.
        Assert.Equal(150L, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions WHERE json_extract_string(features, '$.City') = 'Oslo'")));
        var frame = log.Query("SELECT id, score, latency_us, time FROM predictions ORDER BY id LIMIT 3");
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal(100.0, (double)frame["score"][0]!);
        Assert.Equal(t0.AddSeconds(1), (DateTime)frame["time"][0]!);
        // Per-window metrics were logged too: 6 traffic windows of 50 and quality windows with MAE.
        Assert.Equal(6L, Convert.ToInt64(log.Scalar("SELECT count(*) FROM metrics WHERE name = 'requests'")));
        Assert.True(Convert.ToInt64(log.Scalar("SELECT count(*) FROM metrics WHERE name = 'mae'")) >= 1);
        var parquet = Path.Combine(_dir, "log.parquet");
        log.ExportParquet("prediction_log", parquet);
        Assert.Equal(300L, Convert.ToInt64(log.Scalar($"SELECT count(*) FROM read_parquet('{parquet}')")));
    }

    [Fact]
    public void Alert_history_goes_to_the_same_database()
    {
        using var log = PredictionLog.Open(Path.Combine(_dir, "alerts.duckdb"));
        using var engine = new AlertEngine([AlertRule.Above("slow", "latency_p99_ms", warning: 10, critical: 100)], [log], "m", "2");
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var v in new[] { 5.0, 20, 200, 30, 4 }) engine.Observe("latency_p99_ms", v, t = t.AddMinutes(1));
        var frame = log.Query("SELECT kind, severity FROM alerts ORDER BY time");
        Assert.Equal(new[] { "firing", "escalated", "deescalated", "resolved" }, frame["kind"].Cast<string>());
        Assert.Equal(new[] { "warning", "critical", "warning", "none" }, frame["severity"].Cast<string>());
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => PredictionLog.Open(Path.Combine(_dir, "nope", "x.duckdb")));
        Assert.Contains("nope", e.Message);
    }
}
