using Plotly.NET;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Simulation;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of a <see cref="ReplayResult"/>: quality, latency percentiles, throughput and error rate per
/// window. Windows without a value (no successful call) are gaps, never zeros.
/// </summary>
/// <example>
/// <code>
/// var rows = Enumerable.Range(0, 10).Select(i => (double)i).ToList();
/// var replay = TrafficReplay.Regression(rows, Chunker.BySize(10, 5), x => x, x => x + 1);
/// Console.WriteLine(GenericChart.toChartHTML(ReplayCharts.QualityOverTime(replay)).Contains("MAE per window"));
/// // prints: True
/// </code>
/// </example>
public static class ReplayCharts
{
    /// <summary>MAE (and RMSE) per window, with the reference MAE (e.g. the model's held-out MAE) as a dashed line.</summary>
    public static GenericChart QualityOverTime(ReplayResult replay, double? referenceMae = null, string unit = "")
    {
        var keys = Keys(replay);
        var traces = new List<Trace>
        {
            ChartParts.Line(keys, replay.Windows.Select(w => (object?)w.Quality?.Mae), "MAE per window", ChartParts.Palette[0]),
            ChartParts.Line(keys, replay.Windows.Select(w => (object?)w.Quality?.Rmse), "RMSE per window", ChartParts.Palette[1]),
        };
        if (referenceMae is { } reference)
            traces.Add(ChartParts.Line(keys, keys.Select(_ => (object?)reference), "reference MAE (held out)", ChartParts.Palette[3], dash: "dash", mode: "lines"));
        return ChartParts.Chart(traces, "Prediction error per window", "window", $"error{(unit.Length > 0 ? $" ({unit})" : "")}");
    }

    /// <summary>p50, p90, p95, p99 and p99.9 latency per window, in microseconds on a log axis.</summary>
    public static GenericChart LatencyPercentiles(ReplayResult replay)
    {
        var keys = Keys(replay);
        var traces = LatencySnapshot.StandardPercentiles.Select((p, i) => ChartParts.Line(keys,
            replay.Windows.Select(w => w.Latency.IsEmpty ? null : (object?)w.Latency.ValueAtPercentile(p)),
            $"p{p}", ChartParts.Palette[i % ChartParts.Palette.Length]));
        return ChartParts.Chart(traces, "Latency percentiles per window", "window", "latency (µs)",
            layout => layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "latency (µs, log scale)" }, ["type"] = "log" }));
    }

    /// <summary>The latency distribution as a percentile curve: where the tail begins.</summary>
    public static GenericChart PercentileCurve(LatencySnapshot latency, string name = "latency")
    {
        var points = latency.PercentileCurve();
        var trace = ChartParts.Line(points.Select(p => $"p{p.Percentile}"), points.Select(p => (object?)p.Microseconds), name, ChartParts.Palette[0]);
        return ChartParts.Chart(new[] { trace }, "Latency by percentile", "percentile", "latency (µs)",
            layout => layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "latency (µs, log scale)" }, ["type"] = "log" }));
    }

    /// <summary>Calls per second of wall time in each window.</summary>
    public static GenericChart Throughput(ReplayResult replay) =>
        ChartParts.Chart(new[] { ChartParts.Bar(Keys(replay), replay.Windows.Select(w => (object?)w.Calls.Throughput), "calls/s", ChartParts.Palette[2]) },
            "Throughput per window", "window", "calls per second");

    /// <summary>Failure rate (failed calls) and error rate (failed calls + incorrect predictions) per window, in percent.</summary>
    public static GenericChart ErrorRate(ReplayResult replay)
    {
        var keys = Keys(replay);
        var traces = new[]
        {
            ChartParts.Line(keys, replay.Windows.Select(w => (object?)(100 * w.Calls.FailureRate)), "failed calls", ChartParts.Palette[3]),
            ChartParts.Line(keys, replay.Windows.Select(w => (object?)(100 * w.Calls.ErrorRate)), "failed + incorrect", ChartParts.Palette[4]),
        };
        return ChartParts.Chart(traces, "Error rate per window", "window", "% of calls");
    }

    private static string[] Keys(ReplayResult replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return replay.Windows.Select(w => w.Window.Key).ToArray();
    }
}
