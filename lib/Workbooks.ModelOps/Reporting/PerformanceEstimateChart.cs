using Plotly.NET;
using Workbooks.ModelOps.Estimation;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of a <see cref="PerformanceEstimate"/>: per chunk the estimate with its sampling band
/// (shaded), the realized value where labels exist, and the alert thresholds.
/// </summary>
/// <example>
/// <code>
/// GenericChart chart = PerformanceEstimateChart.Create(estimate, PerformanceMetric.Accuracy);
/// Console.WriteLine(ChartHtml.ToHtml(chart).Contains("estimated accuracy"));
/// // prints: True
/// </code>
/// </example>
public static class PerformanceEstimateChart
{
    private static readonly string Blue = PlotlyFigure.Palette[0], Orange = PlotlyFigure.Palette[1], Red = PlotlyFigure.Palette[3];

    /// <summary>One metric over the chunks.</summary>
    public static GenericChart Create(PerformanceEstimate estimate, PerformanceMetric metric)
    {
        var rows = estimate.For(metric);
        if (rows.Count == 0)
            throw new ArgumentException($"The estimate has no {metric.Name()} rows; it has {string.Join(", ", estimate.Metrics.Select(m => m.Name()))}.", nameof(metric));
        var keys = rows.Select(r => r.Chunk.Key).ToArray();
        // Undefined values become gaps in the line (null in the JSON), never zeros.
        object?[] Values(Func<ChunkEstimate, double?> f) => rows.Select(r => f(r) is { } v ? (object)v : null).ToArray();

        var traces = new List<Trace>
        {
            Scatter(keys, Values(r => r.Lower), "band lower", "lines", Blue, width: 0, showLegend: false),
            Scatter(keys, Values(r => r.Upper), FormattableString.Invariant($"estimate ± {estimate.BandStandardErrors:0.#} SE"), "lines", Blue, width: 0, fill: "tonexty"),
            Scatter(keys, Values(r => r.Estimated), $"estimated {metric.Name()}", "lines+markers", Blue),
        };
        if (rows.Any(r => r.Realized.HasValue))
            traces.Add(Scatter(keys, Values(r => r.Realized), $"realized {metric.Name()}", "lines+markers", Orange));
        traces.Add(Scatter(keys, Values(r => r.AlertUpper), "alert thresholds", "lines", Red, dash: "dash"));
        traces.Add(Scatter(keys, Values(r => r.AlertLower), "alert lower", "lines", Red, dash: "dash", showLegend: false));

        return PlotlyFigure.Chart(traces, $"{estimate.Method}: estimated {metric.Name()} per chunk", "chunk", metric.Name(), height: null, plotlyNetDefaults: true);
    }

    private static Trace Scatter(string[] x, object?[] y, string name, string mode, string color,
        double width = 2, string? dash = null, string? fill = null, bool showLegend = true) =>
        PlotlyFigure.Scatter(name, x, y, color, mode, dash, showLegend, width: width, fill: fill,
            fillColor: fill is null ? null : "rgba(31,119,180,0.18)");
}
