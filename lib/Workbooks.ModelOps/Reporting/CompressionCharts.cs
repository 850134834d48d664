using Plotly.NET;
using Workbooks.ModelOps.Compression;

namespace Workbooks.ModelOps.Reporting;

/// <summary>The Pareto charts of a compression run: held-out quality against single-row latency (p50) and against
/// file size, one point per variant (accepted ones filled, rejected ones grey), the original in its own colour.</summary>
public static class CompressionCharts
{
    /// <summary>Quality against p50 latency (<paramref name="bySize"/> false) or against bytes on disk (true, log scale).</summary>
    public static GenericChart Pareto(CompressionReport report, bool bySize = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        double X(VariantMeasurement m) => bySize ? m.Bytes : m.P50Us;
        var traces = new List<Trace>
        {
            PlotlyFigure.Scatter("original", [X(report.OriginalMeasurement)], [report.OriginalMeasurement.Value], PlotlyFigure.Palette[3], mode: "markers"),
        };
        var byTechnique = report.Variants.GroupBy(v => v.Technique).ToList();
        for (int i = 0; i < byTechnique.Count; i++)
        {
            var g = byTechnique[i].ToList();
            string color = PlotlyFigure.Palette[i % 3];
            var trace = PlotlyFigure.Scatter(g[0].Technique, g.Select(v => (object)X(v.Measurement)), g.Select(v => v.Measurement.Value), color, mode: "markers",
                markerColors: g.Select(v => v.Accepted ? color : "rgb(180,180,180)"));
            trace.SetProperty("text", g.Select(v => v.Parameters + (v.Accepted ? "" : " (over budget)")).ToArray());
            traces.Add(trace);
        }
        string metric = report.Metric == "mae" ? "held-out MAE (lower is better)" : "held-out accuracy (higher is better)";
        return PlotlyFigure.Chart(traces, bySize ? "Quality against size on disk" : "Quality against single-row latency",
            bySize ? "bytes on disk (log scale)" : "p50 latency, µs", metric, logX: bySize);
    }
}
