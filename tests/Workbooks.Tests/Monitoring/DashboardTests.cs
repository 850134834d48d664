using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Monitoring;

/// <summary>A monitor with traffic, labels, a drift check, a firing alert, a sink that fails now and then and an alert
/// file, exported to Prometheus's format.</summary>
internal sealed class ExportedTraffic : IDisposable
{
    /// <summary>A prediction sink whose every 500th write fails, as a flaky disk would: its errors are exported.</summary>
    private sealed class FlakySink : NullSink<double, bool>
    {
        private long _calls;
        public override void WriteCall(in MonitoredCall<double, bool> call)
        {
            if (++_calls % 500 == 0) throw new IOException("disk hiccup");
        }
    }

    private sealed class MeanShift : IWindowDriftCheck<double, bool>
    {
        public string Name => "mean";
        // A toy drift score for the exporter test (the drift helpers' tests check real ones): |window mean - 0.5|.
        public IReadOnlyList<DriftScore> Check(MonitorWindow<double, bool> w) =>
            [new DriftScore("drift.x_mean_shift", Math.Abs(w.Calls.Average(c => c.Input) - 0.5), false)];
    }

    public readonly MonitorTelemetry Telemetry;
    public readonly ModelMonitor<double, bool> Monitor;
    public readonly AlertEngine Alerts;
    public readonly int Port;
    private readonly Random _random = new(7);
    private readonly string _alertFile = Path.Combine(Path.GetTempPath(), $"wb-alerts-{Guid.NewGuid():N}.jsonl");

    /// <summary>Serves on a free loopback port; a port taken between the probe and the bind (other test runs share
    /// the machine) is replaced by another.</summary>
    public ExportedTraffic(string model)
    {
        for (int attempt = 1; ; attempt++)
        {
            Port = AlertTests.FreePort();
            try { Telemetry = MonitorTelemetry.StartPrometheus(Port); break; }
            catch (InvalidOperationException) when (attempt < 5) { }
        }
        Monitor = new ModelMonitor<double, bool>(x => x > 0.999 ? throw new InvalidOperationException("rare failure") : x > 0.5,
            new MonitorOptions { ModelName = model, ModelVersion = "9", Window = WindowSpec.ByCount(200) });
        Monitor.Pipeline.QualityEvaluator = QualityEvaluators.Binary("True");
        Monitor.Pipeline.AddDriftCheck(new MeanShift());
        // Random labels make accuracy about 0.5: the rule fires.
        Monitor.Pipeline.AddSink(new FlakySink());
        Alerts = new AlertEngine([AlertRule.Below("accuracy", "accuracy", warning: 0.9)], [new JsonLinesAlertSink(_alertFile)], model: model, version: "9").Watch(Monitor);
    }

    public void Send(int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            try
            {
                Monitor.Predict(_random.NextDouble(), out long id);
                Monitor.Label(id, GroundTruth.OfClass(_random.Next(2) == 0 ? "True" : "False"));
            }
            catch (InvalidOperationException) { }
        }
        Monitor.Flush();
    }

    public void Dispose()
    {
        Monitor.Dispose();
        Alerts.Dispose();
        Telemetry.Dispose();
        File.Delete(_alertFile);
    }
}

public class DashboardTests(ITestOutputHelper output)
{
    private static readonly string DashboardPath = Path.Combine(TestEnvironment.RepoRoot, "dashboards", "workbooks-monitor.json");

    /// <summary>Every PromQL expression of the dashboard (panels and variables).</summary>
    internal static List<string> DashboardQueries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var root = doc.RootElement;
        var queries = root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        queries.AddRange(root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query").Select(v => v.GetProperty("definition").GetString()!));
        return queries;
    }

    /// <summary>Queries of the service's panels (prediction cache, request outcomes): their series come from a running
    /// model service (tests/Workbooks.Tests/Serving checks them there), not from a bare monitor.</summary>
    internal static List<string> ServiceQueries() => DashboardQueries().Where(IsServiceQuery).ToList();

    /// <summary>Every query that a monitor alone answers.</summary>
    internal static List<string> MonitorQueries() => DashboardQueries().Where(q => !IsServiceQuery(q)).ToList();

    private static bool IsServiceQuery(string q) => q.Contains("workbooks_cache_", StringComparison.Ordinal) || q.Contains("workbooks_serving_", StringComparison.Ordinal);

    internal static SortedSet<string> MetricNames(IEnumerable<string> queries) =>
        new(queries.SelectMany(q => Regex.Matches(q, @"\bworkbooks_[a-z0-9_]+\b").Select(m => m.Value)), StringComparer.Ordinal);

    [Fact]
    public async Task Dashboard_queries_use_exactly_the_metric_names_the_exporter_emits()
    {
        using var traffic = new ExportedTraffic("dashboard-test");
        traffic.Send(1000);
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(traffic.Telemetry.ScrapeUrl);
        var emitted = new SortedSet<string>(exposition.Split('\n').Where(l => l.StartsWith("workbooks_", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOfAny(['{', ' '])]), StringComparer.Ordinal);
        var used = MetricNames(MonitorQueries());
        output.WriteLine("emitted: " + string.Join(", ", emitted));
        output.WriteLine("used:    " + string.Join(", ", used));
        Assert.Empty(used.Except(emitted));   // no dashboard query names a series the exporter does not emit
        // ...and every metric family the exporter emits has a panel (a histogram counts through its buckets).
        var families = emitted.Select(n => Regex.Replace(n, "_(bucket|sum|count)$", "")).ToHashSet();
        Assert.DoesNotContain(families, f => !used.Any(u => u.StartsWith(f, StringComparison.Ordinal)));
        Assert.Contains("workbooks_monitor_latency_seconds_bucket", used);
    }
}

/// <summary>A real Prometheus server scrapes the exporter on 127.0.0.1; every dashboard query is asked through its HTTP API.
/// Skipped where no prometheus binary is installed, failed then under CI=true.</summary>
public class PrometheusServerTests(ITestOutputHelper output)
{
    private const string Model = "prometheus-test";

    [SkippableFact]
    public void Prometheus_scrapes_the_exporter_and_answers_every_dashboard_query()
    {
        var binary = Requirements.Program("prometheus", "apt-get install prometheus");
        var dir = Directory.CreateTempSubdirectory("wb-prom-").FullName;
        using var traffic = new ExportedTraffic(Model);
        // Every query names this test's model and this exporter: the meters are process-wide, so monitors of tests
        // running alongside are exported too (their series once made .Single() fail), and another Prometheus
        // on a port taken from under us would hold no series of this exporter.
        var own = $"model=\"{Model}\", instance=\"127.0.0.1:{traffic.Port}\"";
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: workbooks
                static_configs:
                  - targets: ['127.0.0.1:{traffic.Port}']
            """);
        var (prometheus, http) = StartPrometheus(binary, dir);
        try
        {
            // Traffic for a while, so rate() has several scrapes to work with.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(8)) { traffic.Send(500); Thread.Sleep(200); }
            WaitUntil(() => Query(http, $"workbooks_monitor_requests_total{{{own}}}").Count > 0, TimeSpan.FromSeconds(30), "Prometheus never scraped the exporter");
            // On a loaded machine scrapes lag: wait (bounded) until every dashboard query has samples before judging values.
            var dashboardPromQl = DashboardTests.MonitorQueries().Where(q => !q.StartsWith("label_values", StringComparison.Ordinal))
                .Select(q => q.Replace("$__rate_interval", "30s").Replace("$model", Model).Replace("$version", "9")).ToList();
            WaitUntil(() => dashboardPromQl.All(q => Query(http, q).Count > 0), TimeSpan.FromSeconds(45), "Prometheus never answered every dashboard query");

            Assert.True(Query(http, $"workbooks_monitor_requests_total{{{own}}}").Single() > 1000);
            Assert.InRange(Query(http, $"workbooks_monitor_quality{{{own}, metric=\"accuracy\"}}").Single(), 0.2, 0.8);
            Assert.InRange(Query(http, $"workbooks_monitor_drift{{{own}}}").Single(), 0, 0.5);
            Assert.Equal(1, Query(http, $"workbooks_monitor_alerts_active{{{own}, rule=\"accuracy\"}}").Single());
            Assert.True(Query(http, $"workbooks_monitor_failures_total{{{own}}}").Single() > 0);
            // The flaky sink's failures reach Prometheus; the alert file wrote every event.
            Assert.True(Query(http, $"workbooks_monitor_sink_errors_total{{{own}, sink=\"flaky\"}}").Single() >= 2);
            Assert.Equal(0, Query(http, $"workbooks_monitor_sink_errors_total{{{own}, sink=\"json_lines\"}}").Single());
            var p99 = Query(http, $"histogram_quantile(0.99, sum by (le) (rate(workbooks_monitor_latency_seconds_bucket{{{own}}}[30s])))").Single();
            Assert.InRange(p99, 1e-7, 1.0);

            foreach (var name in DashboardTests.MetricNames(DashboardTests.MonitorQueries()))
            {
                var values = Query(http, $"{name}{{{own}}}");
                output.WriteLine($"{name}: {values.Count} series, e.g. {values.FirstOrDefault().ToString(CultureInfo.InvariantCulture)}");
                Assert.True(values.Count > 0, $"Prometheus holds no series named {name}");
                // Counts, rates, latencies and drift scores are never negative; quality gauges include MCC, which is >= -1.
                double floor = name == "workbooks_monitor_quality" ? -1 : 0;
                Assert.All(values, v => Assert.True(v >= floor && double.IsFinite(v), $"{name} = {v}"));
            }
            foreach (var promql in dashboardPromQl)
            {
                var values = Query(http, promql);
                output.WriteLine($"{values.Count} series: {promql}");
                Assert.True(values.Count > 0, $"the dashboard query returns nothing: {promql}");
            }
        }
        finally
        {
            http.Dispose();
            prometheus.Kill();
            prometheus.WaitForExit(10_000);
            prometheus.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts Prometheus on a free loopback port and waits until it is ready. A port probed free can be
    /// taken before Prometheus binds it (other test runs share the machine): then Prometheus exits, and it is
    /// started again on another port.</summary>
    private (Process Prometheus, HttpClient Http) StartPrometheus(string binary, string dir)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = AlertTests.FreePort();
            var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            var storage = Path.Combine(dir, $"data{attempt}");
            foreach (var a in new[] { $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={storage}",
                         $"--web.listen-address=127.0.0.1:{port}" })
                start.ArgumentList.Add(a);
            var prometheus = Process.Start(start)!;
            var log = new ConcurrentQueue<string>();
            prometheus.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
            prometheus.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
            prometheus.BeginErrorReadLine();
            prometheus.BeginOutputReadLine();
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60) && !prometheus.HasExited)
            {
                try { if (http.GetAsync("-/ready").Result.IsSuccessStatusCode && IsOurs(http, storage)) return (prometheus, http); }
                catch (AggregateException) { }
                Thread.Sleep(250);
            }
            http.Dispose();
            var why = prometheus.HasExited ? $"exited with {prometheus.ExitCode}" : "was not ready within 60 s";
            if (!prometheus.HasExited) prometheus.Kill();
            prometheus.WaitForExit(10_000);
            prometheus.Dispose();
            output.WriteLine($"Prometheus on port {port} {why}: {string.Join(" | ", log.TakeLast(5))}");
            if (attempt == 3) Assert.Fail($"Prometheus did not start in 3 attempts; last: {why}.");
        }
    }

    // The server answering is the one started here (not another run's, on a port taken from under us): its flags name our storage folder.
    private static bool IsOurs(HttpClient http, string storage)
    {
        using var doc = JsonDocument.Parse(http.GetStringAsync("api/v1/status/flags").Result);
        return doc.RootElement.GetProperty("data").GetProperty("storage.tsdb.path").GetString() == storage;
    }

    private static List<double> Query(HttpClient http, string promql)
    {
        var json = http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)).Result;
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))
            .Where(v => !double.IsNaN(v)).ToList();
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try { if (condition()) return; } catch (Exception e) when (e is HttpRequestException or AggregateException or TaskCanceledException) { }
            Thread.Sleep(250);
        }
        Assert.Fail($"{what} within {limit.TotalSeconds} s.");
    }
}
