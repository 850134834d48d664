using Plotly.NET;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Monitoring.Simulation;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of a <see cref="ReplayResult"/>: quality, latency percentiles, throughput and error rate per
/// window. Windows without a value (no successful call) are gaps, never zeros.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", new double[20]), TableColumn.Numerical("y", [.. Enumerable.Range(0, 20).Select(i => i + 1.0)])]);
/// var replay = TrafficSimulation.Run(ReplayDataset.Create(table, "y", task: ModelTask.Regression), row => new PredictionView(null, row), [], 0,
///     new SimulationOptions { Window = WindowSpec.ByCount(5), ProgressInterval = TimeSpan.MaxValue }, new Dictionary&lt;string, double&gt;());
/// Console.WriteLine(GenericChart.toChartHTML(ReplayCharts.QualityOverTime(replay)).Contains("MAE per window"));
/// // prints: True
/// </code>
/// </example>
public static class ReplayCharts
{
    // These charts keep Plotly.NET's default layout (template, 600×600) and a 2 px line.
    private const double LineWidth = 2;

    /// <summary>MAE (and RMSE) per window, with the reference MAE (e.g. the model's held-out MAE) as a dashed line.</summary>
    public static GenericChart QualityOverTime(ReplayResult replay, double? referenceMae = null, string unit = "")
    {
        var keys = Keys(replay);
        var traces = new List<Trace>
        {
            Line(keys, replay.Windows.Select(w => Metric(w, "mae")), "MAE per window", PlotlyFigure.Palette[0]),
            Line(keys, replay.Windows.Select(w => Metric(w, "rmse")), "RMSE per window", PlotlyFigure.Palette[1]),
        };
        if (referenceMae is { } reference)
            traces.Add(PlotlyFigure.Scatter("reference MAE (held out)", keys, keys.Select(_ => (object?)reference), PlotlyFigure.Palette[3], mode: "lines", dash: "dash", width: LineWidth));
        return PlotlyFigure.Chart(traces, "Prediction error per window", "window", $"error{(unit.Length > 0 ? $" ({unit})" : "")}", height: null, plotlyNetDefaults: true);
    }

    /// <summary>p50, p90, p95, p99 and p99.9 latency per window, in microseconds on a log axis.</summary>
    public static GenericChart LatencyPercentiles(ReplayResult replay)
    {
        var keys = Keys(replay);
        var traces = LatencySnapshot.StandardPercentiles.Select((p, i) => Line(keys,
            replay.Windows.Select(w => w.Latency.IsEmpty ? null : (object?)w.Latency.ValueAtPercentile(p)),
            $"p{p}", PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length]));
        return PlotlyFigure.Chart(traces, "Latency percentiles per window", "window", "latency (µs, log scale)", height: null, plotlyNetDefaults: true, logY: true);
    }

    /// <summary>The latency distribution as a percentile curve: where the tail begins.</summary>
    public static GenericChart PercentileCurve(LatencySnapshot latency, string name = "latency")
    {
        var points = latency.PercentileCurve();
        var trace = Line(points.Select(p => $"p{p.Percentile}").ToArray(), points.Select(p => (object?)p.Microseconds), name, PlotlyFigure.Palette[0]);
        return PlotlyFigure.Chart(new[] { trace }, "Latency by percentile", "percentile", "latency (µs, log scale)", height: null, plotlyNetDefaults: true, logY: true);
    }

    /// <summary>Calls per second of wall time in each window.</summary>
    public static GenericChart Throughput(ReplayResult replay) =>
        PlotlyFigure.Chart(new[] { PlotlyFigure.Bar("calls/s", Keys(replay), replay.Windows.Select(w => w.Calls.Throughput), PlotlyFigure.Palette[2]) },
            "Throughput per window", "window", "calls per second", height: null, plotlyNetDefaults: true);

    /// <summary>Failure rate (failed calls) and error rate (failed calls + incorrect predictions) per window, in percent.</summary>
    public static GenericChart ErrorRate(ReplayResult replay)
    {
        var keys = Keys(replay);
        var traces = new[]
        {
            Line(keys, replay.Windows.Select(w => (object?)(100 * w.Calls.FailureRate)), "failed calls", PlotlyFigure.Palette[3]),
            Line(keys, replay.Windows.Select(w => (object?)(100 * w.Calls.ErrorRate)), "failed + incorrect", PlotlyFigure.Palette[4]),
        };
        return PlotlyFigure.Chart(traces, "Error rate per window", "window", "% of calls", height: null, plotlyNetDefaults: true);
    }

    private static Trace Line(string[] keys, IEnumerable<object?> values, string name, string color) =>
        PlotlyFigure.Scatter(name, keys, values, color, width: LineWidth);

    private static string[] Keys(ReplayResult replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return replay.Windows.Select(w => w.Key).ToArray();
    }

    private static object? Metric(ReplayWindow window, string name) => window.Quality.TryGetValue(name, out var v) ? v : null;
}
