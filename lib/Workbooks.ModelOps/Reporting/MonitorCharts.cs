using Plotly.NET;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of a live monitor's windows: latency percentiles, throughput and failures per traffic window,
/// a quality metric per labeled window with the alerts that fired and resolved on it.
/// </summary>
/// <example>
/// <code>
/// var load = LoadTest.Run(i => i, inputs: 200, threads: 2, windowSize: 100);
/// Console.WriteLine(GenericChart.toChartHTML(MonitorCharts.LatencyPercentiles(load.Windows)).Contains("p99.9"));
/// // prints: True
/// </code>
/// </example>
public static class MonitorCharts
{
    /// <summary>p50 ... p99.9 per window in microseconds, log axis.</summary>
    public static GenericChart LatencyPercentiles<TIn, TOut>(IReadOnlyList<MonitorWindow<TIn, TOut>> windows)
    {
        var keys = windows.Select(w => w.Key).ToArray();
        var traces = LatencySnapshot.StandardPercentiles.Select((p, i) => ChartParts.Line(keys,
            windows.Select(w => w.Latency.IsEmpty ? null : (object?)w.Latency.ValueAtPercentile(p)), $"p{p}", ChartParts.Palette[i % ChartParts.Palette.Length]));
        return ChartParts.Chart(traces, "Latency percentiles per window", "window", "latency (µs)", LogY("latency (µs, log scale)"));
    }

    /// <summary>Calls per second in each window (bars) and the share of failed calls (line, right axis).</summary>
    public static GenericChart ThroughputAndFailures<TIn, TOut>(IReadOnlyList<MonitorWindow<TIn, TOut>> windows)
    {
        var keys = windows.Select(w => w.Key).ToArray();
        var traces = new[]
        {
            ChartParts.Bar(keys, windows.Select(w => double.IsNaN(w.ThroughputPerSecond) ? null : (object?)w.ThroughputPerSecond), "calls/s", ChartParts.Palette[2]),
            ChartParts.Line(keys, windows.Select(w => (object?)(100 * w.FailureRate)), "failed calls (%)", ChartParts.Palette[3], yAxis: "y2"),
        };
        return ChartParts.Chart(traces, "Throughput and failures per window", "window", "calls per second", layout =>
            layout.SetProperty("yaxis2", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "failed (%)" }, ["overlaying"] = "y", ["side"] = "right" }));
    }

    /// <summary><paramref name="metric"/> per labeled window, the rule's thresholds as dashed lines, and a marker
    /// where each alert fired (red) or resolved (green).</summary>
    public static GenericChart QualityWithAlerts<TIn, TOut>(IReadOnlyList<QualityWindow<TIn, TOut>> windows, string metric,
        IReadOnlyList<AlertEvent> alerts, AlertRule? rule = null)
    {
        var keys = windows.Select(w => w.Key).ToArray();
        var traces = new List<Trace>
        {
            ChartParts.Line(keys, windows.Select(w => w.Metrics.TryGetValue(metric, out var v) ? (object?)v : null), metric, ChartParts.Palette[0]),
        };
        if (rule is not null)
        {
            traces.Add(ChartParts.Line(keys, keys.Select(_ => (object?)rule.Warning), "warning threshold", ChartParts.Palette[1], dash: "dash", mode: "lines"));
            if (rule.Critical is { } c) traces.Add(ChartParts.Line(keys, keys.Select(_ => (object?)c), "critical threshold", ChartParts.Palette[3], dash: "dash", mode: "lines"));
        }
        foreach (var (kind, color) in new[] { (AlertEventKind.Firing, "rgb(214,39,40)"), (AlertEventKind.Resolved, "rgb(44,160,44)") })
        {
            var events = alerts.Where(a => a.Metric == metric && (kind == AlertEventKind.Resolved ? a.Kind == kind : a.Kind != AlertEventKind.Resolved)).ToList();
            if (events.Count == 0) continue;
            var trace = ChartParts.Line(events.Select(e => e.WindowKey), events.Select(e => (object?)e.Value),
                kind == AlertEventKind.Firing ? "alert fired / escalated" : "alert resolved", color, mode: "markers");
            trace.SetProperty("marker", new Dictionary<string, object> { ["color"] = color, ["size"] = 12, ["symbol"] = kind == AlertEventKind.Firing ? "triangle-up" : "circle" });
            traces.Add(trace);
        }
        return ChartParts.Chart(traces, $"{metric} per window, with alerts", "window", metric);
    }

    private static Action<Layout> LogY(string title) => layout =>
        layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title }, ["type"] = "log" });
}
