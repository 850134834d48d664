using Plotly.NET;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Workbooks.ModelOps.Monitoring.Simulation;

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
    private const double LineWidth = 2;

    /// <summary>p50 ... p99.9 per window in microseconds, log axis.</summary>
    public static GenericChart LatencyPercentiles<TIn, TOut>(IReadOnlyList<MonitorWindow<TIn, TOut>> windows)
    {
        var keys = Keys(windows.Select(w => w.Key));
        var traces = LatencySnapshot.StandardPercentiles.Select((p, i) => Line(keys,
            windows.Select(w => w.Latency.IsEmpty ? null : (object?)w.Latency.ValueAtPercentile(p)), $"p{p}", PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length]));
        return PlotlyFigure.Chart(traces, "Latency percentiles per window", "window", "latency (µs, log scale)", height: null, plotlyNetDefaults: true, logY: true);
    }

    /// <summary>Calls per second in each window (bars) and the share of failed calls (line, right axis).</summary>
    public static GenericChart ThroughputAndFailures<TIn, TOut>(IReadOnlyList<MonitorWindow<TIn, TOut>> windows)
    {
        var keys = Keys(windows.Select(w => w.Key));
        var traces = new[]
        {
            // A window with no elapsed time has no throughput: plotted as a gap, not as zero.
            PlotlyFigure.Bar("calls/s", keys, windows.Select(w => double.IsNaN(w.ThroughputPerSecond) ? null : (object?)w.ThroughputPerSecond), PlotlyFigure.Palette[2]),
            PlotlyFigure.Scatter("failed calls (%)", keys, windows.Select(w => (object?)(100 * w.FailureRate)), PlotlyFigure.Palette[3], width: LineWidth, yAxis: "y2"),
        };
        return PlotlyFigure.Chart(traces, "Throughput and failures per window", "window", "calls per second", height: null, plotlyNetDefaults: true,
            more: layout => layout.SetProperty("yaxis2", PlotlyFigure.Obj(("title", PlotlyFigure.Obj(("text", "failed (%)"))), ("overlaying", "y"), ("side", "right"),
                ("rangemode", "tozero"), ("automargin", true))));
    }

    /// <summary><paramref name="metric"/> per labeled window, the rule's thresholds as dashed lines, and a marker
    /// where each alert fired (red) or resolved (green).</summary>
    public static GenericChart QualityWithAlerts<TIn, TOut>(IReadOnlyList<QualityWindow<TIn, TOut>> windows, string metric,
        IReadOnlyList<AlertEvent> alerts, AlertRule? rule = null) =>
        QualityWithAlerts(windows.Select(w => (w.Key, w.Metrics)), metric, alerts, rule);

    /// <summary>A replay's <paramref name="metric"/> per window with its alerts (see the overload above).</summary>
    public static GenericChart QualityWithAlerts(ReplayResult replay, string metric, AlertRule? rule = null) =>
        QualityWithAlerts(replay.Windows.Where(w => w.Quality.Count > 0).Select(w => (w.Key, w.Quality)), metric, replay.Alerts, rule);

    private static GenericChart QualityWithAlerts(IEnumerable<(string Key, IReadOnlyDictionary<string, double> Metrics)> windows, string metric,
        IReadOnlyList<AlertEvent> alerts, AlertRule? rule)
    {
        var list = windows.ToList();
        var keys = Keys(list.Select(w => w.Key));
        var traces = new List<Trace>
        {
            Line(keys, list.Select(w => w.Metrics.TryGetValue(metric, out var v) ? (object?)v : null), metric, PlotlyFigure.Palette[0]),
        };
        if (rule is not null)
        {
            traces.Add(PlotlyFigure.Scatter("warning threshold", keys, keys.Select(_ => (object?)rule.Warning), PlotlyFigure.Palette[1], mode: "lines", dash: "dash", width: LineWidth));
            if (rule.Critical is { } c) traces.Add(PlotlyFigure.Scatter("critical threshold", keys, keys.Select(_ => (object?)c), PlotlyFigure.Palette[3], mode: "lines", dash: "dash", width: LineWidth));
        }
        foreach (var (kind, color) in new[] { (AlertEventKind.Firing, "rgb(214,39,40)"), (AlertEventKind.Resolved, "rgb(44,160,44)") })
        {
            var events = alerts.Where(a => a.Metric == metric && (kind == AlertEventKind.Resolved ? a.Kind == kind : a.Kind != AlertEventKind.Resolved)).ToList();
            if (events.Count == 0) continue;
            var trace = PlotlyFigure.Scatter(kind == AlertEventKind.Firing ? "alert fired / escalated" : "alert resolved",
                Keys(events.Select(e => e.WindowKey)), events.Select(e => (object?)e.Value), color, mode: "markers");
            trace.SetProperty("marker", PlotlyFigure.Obj(("color", color), ("size", 12), ("symbol", kind == AlertEventKind.Firing ? "triangle-up" : "circle")));
            traces.Add(trace);
        }
        return PlotlyFigure.Chart(traces, $"{metric} per window, with alerts", "window", metric, height: null, plotlyNetDefaults: true);
    }

    private static object?[] Keys(IEnumerable<string> keys) => keys.Cast<object?>().ToArray();

    private static Trace Line(object?[] keys, IEnumerable<object?> values, string name, string color) =>
        PlotlyFigure.Scatter(name, keys, values, color, width: LineWidth);
}
