using System.Diagnostics;
using System.Diagnostics.Metrics;
using Workbooks.ModelOps.Monitoring.Alerts;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>What the meters read from a live monitor (one per model name and version).</summary>
internal interface IMeteredMonitor
{
    MonitorOptions Options { get; }
    /// <summary>The version serving now: the tag of the gauges.</summary>
    string ModelVersion { get; }
    IReadOnlyList<ModelVersionCounts> VersionCounts { get; }
    MonitorCounts Counts { get; }
    IReadOnlyDictionary<string, double> LatestMetrics { get; }
    long QueueDepth { get; }
    IEnumerable<(string Sink, long Errors)> SinkErrors { get; }
    long HookErrors { get; }
}

/// <summary>What the meters read from an alert engine.</summary>
internal interface IMeteredAlerts
{
    string Model { get; }
    string Version { get; }
    IEnumerable<(string Rule, string Metric, AlertSeverity Severity, long Fired)> AlertStates { get; }
    IEnumerable<(string Sink, long Errors)> SinkErrors { get; }
}

/// <summary>
/// The one <see cref="Meter"/> of the monitoring runtime, so any OpenTelemetry exporter picks it up.
/// Instruments (Prometheus names in brackets, as the exporter writes them):
/// latency histogram in seconds [<c>workbooks_monitor_latency_seconds</c>],
/// requests, failures and dropped records [<c>workbooks_monitor_requests_total</c>, <c>..._failures_total</c>, <c>..._dropped_total</c>],
/// labels joined/expired/evicted/unmatched [<c>workbooks_monitor_labels_total</c>],
/// queue depth, quality and drift gauges [<c>workbooks_monitor_queue_depth</c>, <c>workbooks_monitor_quality</c>, <c>workbooks_monitor_drift</c>],
/// per-window traffic gauges [<c>workbooks_monitor_window</c>], active alerts and alerts fired
/// [<c>workbooks_monitor_alerts_active</c>, <c>workbooks_monitor_alerts_fired_total</c>], failures of each sink of a
/// monitor or alert engine, tag <c>sink</c> [<c>workbooks_monitor_sink_errors_total</c>], and of the other hooks
/// (observers, drift checks, detectors) [<c>workbooks_monitor_hook_errors_total</c>].
/// Every series carries the tags <c>model</c> and <c>version</c>.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(MonitorMeters.MeterName);
/// // prints: Workbooks.ModelOps.Monitor
/// </code>
/// </example>
public static class MonitorMeters
{
    public const string MeterName = "Workbooks.ModelOps.Monitor";

    /// <summary>Latency bucket bounds in seconds: 10 µs to 10 s, three per decade.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly object Gate = new();
    private static IMeteredMonitor[] _monitors = [];
    private static IMeteredAlerts[] _alerts = [];

    private static readonly Histogram<double> Latency = Meter.CreateHistogram(
        "workbooks.monitor.latency", "s", "Time the predictor took per call.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    static MonitorMeters()
    {
        Meter.CreateObservableCounter("workbooks.monitor.requests", () => PerVersion(c => c.Requests), description: "Calls to the model, by the version that served them.");
        Meter.CreateObservableCounter("workbooks.monitor.failures", () => PerVersion(c => c.Failures), description: "Calls whose predictor threw, by version.");
        Meter.CreateObservableCounter("workbooks.monitor.dropped", () => PerVersion(c => c.Dropped), description: "Call records dropped because the monitor's queue was full, by version.");
        Meter.CreateObservableCounter("workbooks.monitor.labels", LabelCounts, description: "Labels by outcome of the join: joined, expired, evicted, unmatched.");
        Meter.CreateObservableGauge("workbooks.monitor.queue.depth", () => PerMonitor(m => m.QueueDepth), description: "Records waiting for the monitor's background thread.");
        Meter.CreateObservableGauge("workbooks.monitor.quality", () => Latest(IsQuality, "metric"), description: "Latest quality metric per window of labeled predictions.");
        Meter.CreateObservableGauge("workbooks.monitor.drift", () => Latest(IsDrift, "score"), description: "Latest drift score or detector state per window.");
        Meter.CreateObservableGauge("workbooks.monitor.window", () => Latest(IsTraffic, "metric"), description: "Latest per-window traffic figure: throughput, failure rate, latency percentiles.");
        Meter.CreateObservableGauge("workbooks.monitor.alerts.active", AlertsActive, description: "1 while an alert rule is firing (tag severity).");
        Meter.CreateObservableCounter("workbooks.monitor.alerts.fired", AlertsFired, description: "Alert events raised, by rule and severity.");
        Meter.CreateObservableCounter("workbooks.monitor.sink.errors", SinkErrors, description: "Failed writes of the monitor's and the alert engine's sinks (prediction log, alert files, webhooks), by sink.");
        Meter.CreateObservableCounter("workbooks.monitor.hook.errors", () => PerMonitor(m => m.HookErrors), description: "Observer, drift check and detector calls that threw and were skipped.");
    }

    internal static bool IsTraffic(string name) => name is "requests" or "failure_rate" or "throughput" || name.StartsWith("latency_", StringComparison.Ordinal);
    internal static bool IsDrift(string name) => name.StartsWith("drift.", StringComparison.Ordinal) || name.StartsWith("detector.", StringComparison.Ordinal);
    internal static bool IsQuality(string name) => !IsTraffic(name) && !IsDrift(name);

    internal static void Register<TIn, TOut>(ModelMonitor<TIn, TOut> monitor)
    {
        lock (Gate) _monitors = [.. _monitors, new MeteredMonitor<TIn, TOut>(monitor)];
    }

    internal static void Unregister<TIn, TOut>(ModelMonitor<TIn, TOut> monitor)
    {
        lock (Gate) _monitors = _monitors.Where(m => m is not MeteredMonitor<TIn, TOut> mm || !ReferenceEquals(mm.Monitor, monitor)).ToArray();
    }

    internal static void Register(IMeteredAlerts alerts) { lock (Gate) _alerts = [.. _alerts, alerts]; }
    internal static void Unregister(IMeteredAlerts alerts) { lock (Gate) _alerts = _alerts.Where(a => !ReferenceEquals(a, alerts)).ToArray(); }

    internal static void RecordLatency(string model, string version, double seconds)
    {
        if (!Latency.Enabled) return;
        var tags = new TagList { { "model", model }, { "version", version } };
        Latency.Record(seconds, in tags);
    }

    private static IEnumerable<Measurement<long>> PerMonitor(Func<IMeteredMonitor, long> read) =>
        _monitors.Select(m => new Measurement<long>(read(m), Tags(m)));

    // Counters per version that served: a swapped-out version keeps its final count, the new one starts from zero,
    // so summing over versions never counts a call twice.
    private static IEnumerable<Measurement<long>> PerVersion(Func<ModelVersionCounts, long> read) =>
        _monitors.SelectMany(m => m.VersionCounts.Select(c => new Measurement<long>(read(c),
            new KeyValuePair<string, object?>("model", m.Options.ModelName), new("version", c.Version))));

    private static IEnumerable<Measurement<long>> LabelCounts() => _monitors.SelectMany(m =>
    {
        var c = m.Counts.Labels;
        return new[] { ("joined", c.Joined), ("expired", c.Expired), ("evicted", c.Evicted), ("unmatched", c.Unmatched) }
            .Select(o => new Measurement<long>(o.Item2, Tags(m, ("outcome", o.Item1))));
    });

    private static IEnumerable<Measurement<double>> Latest(Func<string, bool> include, string tag) => _monitors.SelectMany(m =>
        m.LatestMetrics.Where(kv => include(kv.Key) && double.IsFinite(kv.Value))
            .Select(kv => new Measurement<double>(kv.Value, Tags(m, (tag, kv.Key)))));

    private static IEnumerable<Measurement<int>> AlertsActive() => _alerts.SelectMany(a => a.AlertStates.Select(s =>
        new Measurement<int>(s.Severity == AlertSeverity.None ? 0 : 1, new KeyValuePair<string, object?>("model", a.Model), new("version", a.Version),
            new("rule", s.Rule), new("metric", s.Metric), new("severity", s.Severity.ToString().ToLowerInvariant()))));

    private static IEnumerable<Measurement<long>> AlertsFired() => _alerts.SelectMany(a => a.AlertStates.Select(s =>
        new Measurement<long>(s.Fired, new KeyValuePair<string, object?>("model", a.Model), new("version", a.Version), new("rule", s.Rule), new("metric", s.Metric))));

    // One series per model, version and sink kind: a monitor's prediction-log sink and its alert engine's PredictionLog
    // sink are both "prediction_log", so their counts are added.
    private static IEnumerable<Measurement<long>> SinkErrors() =>
        _monitors.SelectMany(m => m.SinkErrors.Select(s => (m.Options.ModelName, m.ModelVersion, s.Sink, s.Errors)))
            .Concat(_alerts.SelectMany(a => a.SinkErrors.Select(s => (a.Model, a.Version, s.Sink, s.Errors))))
            .GroupBy(s => (s.Item1, s.Item2, s.Sink))
            .Select(g => new Measurement<long>(g.Sum(s => s.Errors), new KeyValuePair<string, object?>("model", g.Key.Item1),
                new("version", g.Key.Item2), new("sink", g.Key.Sink)));

    private static KeyValuePair<string, object?>[] Tags(IMeteredMonitor m, params (string Key, string Value)[] extra) =>
        [new("model", m.Options.ModelName), new("version", m.ModelVersion), .. extra.Select(e => new KeyValuePair<string, object?>(e.Key, e.Value))];

    private sealed class MeteredMonitor<TIn, TOut>(ModelMonitor<TIn, TOut> monitor) : IMeteredMonitor
    {
        public ModelMonitor<TIn, TOut> Monitor => monitor;
        public MonitorOptions Options => monitor.Options;
        public string ModelVersion => monitor.ModelVersion;
        public IReadOnlyList<ModelVersionCounts> VersionCounts => monitor.VersionCounts;
        public MonitorCounts Counts => monitor.Counts;
        public IReadOnlyDictionary<string, double> LatestMetrics => monitor.Pipeline.LatestMetrics;
        public long QueueDepth => monitor.QueueDepth;
        public IEnumerable<(string Sink, long Errors)> SinkErrors => monitor.Pipeline.Sinks.Select(s => (s.Name, s.Errors));
        public long HookErrors => monitor.Pipeline.HookErrors;
    }
}
