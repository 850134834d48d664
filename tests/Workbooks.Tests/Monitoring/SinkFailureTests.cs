using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Xunit;

namespace Workbooks.Tests.Monitoring;

/// <summary>Reads the monitor's meters in-process, as an exporter would, for the series of one model.</summary>
internal static class MeterReadings
{
    public static Dictionary<string, long> Read(string instrument, string model, string byTag)
    {
        var values = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == MonitorMeters.MeterName && i.Name == instrument) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? m = null, key = null;
            foreach (var t in tags)
            {
                if (t.Key == "model") m = t.Value as string;
                if (t.Key == byTag) key = t.Value as string;
            }
            if (m == model && key is not null) values[key] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return new Dictionary<string, long>(values);
    }
}

/// <summary>Sinks that fail are counted per sink and exported, never only swallowed; sinks added while traffic flows
/// see every later record.</summary>
public sealed class SinkFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-sink-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class IdSink : NullSink<int, int>
    {
        public readonly HashSet<long> Ids = new();
        public override void WriteCall(in MonitoredCall<int, int> call) => Ids.Add(call.Id);
    }

    /// <summary>Holds the background thread inside its first WriteCall until released: a drain in progress.</summary>
    private sealed class GateSink : NullSink<int, int>
    {
        public readonly ManualResetEventSlim Entered = new(), Release = new();
        public override void WriteCall(in MonitoredCall<int, int> call)
        {
            if (call.Id != 1) return;
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void A_sink_added_during_a_drain_gets_every_later_call()
    {
        // The cause of "PredictionLogTests logged 0 of 300 predictions": the background thread read its sinks once
        // per drain (up to 4,096 records), so a drain that began before AddSink gave none of its records, even
        // those enqueued after AddSink returned, to the new sink. Here the drain is held open on purpose.
        using var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { ModelName = "late-sink" });
        var gate = new GateSink();
        monitor.Pipeline.AddSink(gate);
        monitor.Predict(1);
        Assert.True(gate.Entered.Wait(TimeSpan.FromSeconds(30)), "the background thread never took call 1");
        var late = new IdSink();
        monitor.Pipeline.AddSink(late);
        for (int i = 0; i < 300; i++) monitor.Predict(i);   // ids 2..301, all enqueued after AddSink returned
        gate.Release.Set();
        monitor.Flush();
        Assert.Equal(Enumerable.Range(2, 300).Select(i => (long)i), late.Ids.Order());
        Assert.Equal(0, monitor.Pipeline.SinkErrors);
    }

    [Fact]
    public void A_prediction_log_that_refuses_writes_is_counted_per_sink_and_exported()
    {
        using var log = PredictionLog.Open(Path.Combine(_dir, "broken.duckdb"));
        using var monitor = new ModelMonitor<double, double>(x => x, new MonitorOptions { ModelName = "broken-log" });
        var sink = new PredictionLogSink<double, double>(log, monitor, new PredictionLogOptions { BatchSize = 10, LogMetrics = false, FlushInterval = TimeSpan.FromHours(1) });
        monitor.Pipeline.AddSink(sink);
        for (int i = 0; i < 10; i++) monitor.Predict(i);
        monitor.Flush();
        Assert.Equal(10, sink.FlushedPredictions);
        // The table disappears under the sink, as when another process or a bad migration drops it.
        log.Execute("DROP VIEW prediction_log; DROP TABLE predictions");
        for (int i = 0; i < 25; i++) monitor.Predict(i);
        monitor.Flush();

        var health = Assert.Single(monitor.Pipeline.Sinks);
        Assert.Equal("prediction_log", health.Name);
        Assert.Equal(3, health.Errors);                       // two full batches of 10, then the flush of the last 5
        Assert.Equal(25, sink.LostRows);
        Assert.Contains("refused a batch", health.LastError!.Message);
        Assert.Contains("predictions", health.LastError.Message);   // DuckDB's own reason: the table does not exist
        Assert.Equal(0, monitor.Pipeline.HookErrors);
        Assert.Equal(35, monitor.Counts.Processed);            // the monitor kept going
        Assert.Equal(3, MeterReadings.Read("workbooks.monitor.sink.errors", "broken-log", "sink")["prediction_log"]);
    }

    [Fact]
    public void A_failing_alert_sink_is_counted_and_the_other_sinks_still_get_every_event()
    {
        var good = new JsonLinesAlertSink(Path.Combine(_dir, "good.jsonl"));
        var closed = new JsonLinesAlertSink(Path.Combine(_dir, "closed.jsonl"));
        closed.Dispose();   // every Publish now throws ObjectDisposedException
        using var engine = new AlertEngine([AlertRule.Below("acc", "accuracy", warning: 0.8)], [closed, good], model: "failing-alert-sink");
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var v in new[] { 0.9, 0.7, 0.9, 0.6 }) engine.Observe("accuracy", v, t = t.AddMinutes(1));
        Assert.Equal(3, engine.History.Count);
        Assert.Equal(3, File.ReadAllLines(good.FilePath).Length);
        var health = engine.Sinks[0];
        Assert.Equal("json_lines", health.Name);
        Assert.Equal(3, health.Errors);
        Assert.IsType<ObjectDisposedException>(health.LastError);
        Assert.Equal(0, engine.Sinks[1].Errors);
        // Both sinks are json_lines: the exported series adds them up.
        Assert.Equal(3, MeterReadings.Read("workbooks.monitor.sink.errors", "failing-alert-sink", "sink")["json_lines"]);
    }

    [Fact]
    public void Webhook_deliveries_that_fail_after_retries_are_exported_as_sink_errors()
    {
        int port = AlertTests.FreePort();   // nothing listens there
        var webhook = new WebhookAlertSink(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(500), maxAttempts: 2, TimeSpan.FromMilliseconds(10));
        using var engine = new AlertEngine([AlertRule.Above("slow", "latency_p99_ms", warning: 10)], [webhook], model: "failing-webhook");
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        engine.Observe("latency_p99_ms", 50, t);
        engine.Flush();
        Assert.Equal(1, webhook.Failed);
        Assert.Equal(0, engine.Sinks[0].Errors);   // Publish itself never throws: the delivery failed later
        Assert.Equal(1, MeterReadings.Read("workbooks.monitor.sink.errors", "failing-webhook", "sink")["webhook"]);
    }

    [Fact]
    public void Hook_errors_are_exported_per_monitor_and_sink_names_follow_the_type()
    {
        using var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { ModelName = "hook-errors", Window = WindowSpec.ByCount(1) });
        monitor.Pipeline.AddWindowObserver(new ThrowingObserver());
        for (int i = 0; i < 4; i++) monitor.Predict(i);
        monitor.Flush();
        Assert.Equal(4, MeterReadings.Read("workbooks.monitor.hook.errors", "hook-errors", "version")["1"]);
        using var webhook = new WebhookAlertSink(new Uri("http://127.0.0.1:9/"));
        Assert.Equal("webhook", SinkHealth.NameOf(webhook));
        Assert.Equal("logger", SinkHealth.NameOf(new LoggerAlertSink(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)));
        Assert.Equal("id", SinkHealth.NameOf(new IdSink()));
    }

    private sealed class ThrowingObserver : IWindowObserver<int, int>
    {
        public void OnWindow(MonitorWindow<int, int> window) => throw new InvalidOperationException("observer bug");
    }
}
