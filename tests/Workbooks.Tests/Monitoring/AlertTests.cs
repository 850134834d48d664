using System.Net;
using System.Text.Json;
using Workbooks.ModelOps.Monitoring.Alerts;
using Xunit;

namespace Workbooks.Tests.Monitoring;

public class AlertTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static List<AlertEvent> Run(AlertRule rule, params double[] values)
    {
        using var engine = new AlertEngine([rule]);
        var t = T0;
        foreach (var v in values) engine.Observe(rule.Metric, v, t = t.AddMinutes(1));
        return engine.History.ToList();
    }

    [Fact]
    public void Doc_examples_hold()
    {
        var rule = AlertRule.Above("slow", "latency_p99_ms", warning: 50, critical: 200) with { ConsecutiveBreaches = 3 };
        Assert.Equal("slow: latency_p99_ms above 50 (warning) / 200 (critical), 3 in a row", rule.ToString());
        Assert.Equal(AlertSeverity.Warning, rule.SeverityOf(120));
        var events = Run(AlertRule.Below("accuracy", "accuracy", warning: 0.8), 0.9, 0.7, 0.6, 0.85);
        Assert.Equal("Firing 0.7, Resolved 0.85", string.Join(", ", events.Select(e => $"{e.Kind} {e.Value}")));
    }

    [Fact]
    public void Fires_only_after_N_consecutive_breaches_and_deduplicates()
    {
        var rule = AlertRule.Above("drift", "drift.psi", warning: 0.1) with { ConsecutiveBreaches = 3, ConsecutiveClears = 2 };
        // Two breaches then a clear: no alert. Then three in a row: one alert, repeats stay silent; one clear is not enough.
        var events = Run(rule, 0.2, 0.3, 0.05, 0.2, 0.2, 0.2, 0.3, 0.4, 0.05, 0.5, 0.05, 0.01);
        Assert.Equal(2, events.Count);
        Assert.Equal(AlertEventKind.Firing, events[0].Kind);
        Assert.Equal(T0.AddMinutes(6), events[0].Time);
        Assert.Equal(AlertEventKind.Resolved, events[1].Kind);
        Assert.Equal(T0.AddMinutes(12), events[1].Time);
    }

    [Fact]
    public void Judges_the_mean_over_a_window_of_samples()
    {
        var rule = AlertRule.Above("errors", "error_rate", warning: 0.1) with { WindowSamples = 3 };
        // Means: 0.3, 0.15, 0.1333, 0.0667 (1 spike of 0.3 among zeros breaches for two windows).
        var events = Run(rule, 0.3, 0.0, 0.1, 0.1, 0.0);
        Assert.Equal(new[] { AlertEventKind.Firing, AlertEventKind.Resolved }, events.Select(e => e.Kind));
        Assert.Equal(T0.AddMinutes(4), events[1].Time);
    }

    [Fact]
    public void Rejects_inconsistent_rules()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertRule.Above("x", "m", warning: 10, critical: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertRule.Below("x", "m", warning: 0.8, critical: 0.9));
        Assert.Throws<ArgumentException>(() => new AlertEngine([AlertRule.Above("x", "m", 1), AlertRule.Above("x", "n", 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertEngine([AlertRule.Above("x", "m", 1) with { ConsecutiveBreaches = 0 }]));
    }

    [Fact]
    public void Json_lines_sink_writes_one_object_per_event()
    {
        var path = Path.Combine(Path.GetTempPath(), $"alerts-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var engine = new AlertEngine([AlertRule.Above("slow", "latency_p99_ms", 10)], [new JsonLinesAlertSink(path)], "m", "3"))
                foreach (var v in new[] { 20.0, 5 }) engine.Observe("latency_p99_ms", v, T0);
            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var doc = JsonDocument.Parse(lines[0]);
            Assert.Equal("firing", doc.RootElement.GetProperty("kind").GetString());
            Assert.Equal("3", doc.RootElement.GetProperty("version").GetString());
            Assert.Equal(20, doc.RootElement.GetProperty("value").GetDouble());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Webhook_retries_until_the_loopback_listener_accepts()
    {
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/alerts/");
        listener.Start();
        var bodies = new List<string>();
        int requests = 0;
        var server = Task.Run(async () =>
        {
            while (bodies.Count < 1)
            {
                var ctx = await listener.GetContextAsync();
                requests++;
                using var reader = new StreamReader(ctx.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                // The first two attempts fail with 503; the third is accepted.
                ctx.Response.StatusCode = requests <= 2 ? 503 : 200;
                if (requests > 2) bodies.Add(body);
                ctx.Response.Close();
            }
        });
        using var sink = new WebhookAlertSink(new Uri($"http://127.0.0.1:{port}/alerts/"), TimeSpan.FromSeconds(2), maxAttempts: 4, TimeSpan.FromMilliseconds(20));
        sink.Publish(new AlertEvent(T0, "acc", "accuracy", AlertEventKind.Firing, AlertSeverity.Critical, 0.5, 0.6, "[0:10)", "m", "1"));
        sink.Flush();
        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, sink.Delivered);
        Assert.Equal(0, sink.Failed);
        Assert.Equal(3, sink.Attempts);
        Assert.Contains("\"severity\":\"critical\"", bodies[0]);
    }

    [Fact]
    public void Webhook_gives_up_after_its_attempts_and_counts_the_failure()
    {
        int port = FreePort();   // nothing listens there
        using var sink = new WebhookAlertSink(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(500), maxAttempts: 2, TimeSpan.FromMilliseconds(10));
        sink.Publish(new AlertEvent(T0, "acc", "accuracy", AlertEventKind.Firing, AlertSeverity.Warning, 0.5, 0.6, "", "m", "1"));
        sink.Flush();
        Assert.Equal(0, sink.Delivered);
        Assert.Equal(1, sink.Failed);
        Assert.Equal(2, sink.Attempts);
        Assert.NotNull(sink.LastError);
    }

    [Fact]
    public async Task Webhook_times_out_a_listener_that_never_answers()
    {
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var hold = new List<HttpListenerContext>();
        var server = Task.Run(async () => { while (hold.Count < 2) hold.Add(await listener.GetContextAsync()); });   // read, never answer
        using var sink = new WebhookAlertSink(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(300), maxAttempts: 2, TimeSpan.FromMilliseconds(10));
        sink.Publish(new AlertEvent(T0, "acc", "accuracy", AlertEventKind.Firing, AlertSeverity.Warning, 0.5, 0.6, "", "m", "1"));
        sink.Flush();
        Assert.Equal(1, sink.Failed);
        Assert.IsType<TaskCanceledException>(sink.LastError);
        await server.WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var c in hold) c.Response.Abort();
    }

    internal static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
