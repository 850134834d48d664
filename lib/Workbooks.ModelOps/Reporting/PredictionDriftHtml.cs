using System.Text;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Prediction;

namespace Workbooks.ModelOps.Reporting;

/// <summary>HTML of a <see cref="PredictionDriftResult"/>: the one-column drift table (the same as a data
/// drift report's) and the reference vs current chart of the outputs.</summary>
internal static class PredictionDriftHtml
{
    public static string Render(PredictionDriftResult r)
    {
        var report = new DataDriftReport([r.Column], 1.0, MultipleTestingCorrection.None, r.Reference.Length, r.Current.Length);
        return new StringBuilder()
            .Append("<div class=\"wb-drift\"><h3>Prediction drift: ")
            .Append(r.DriftDetected ? "<span style=\"color:#c0392b\">drift detected</span>" : "<span style=\"color:#27ae60\">no drift</span>")
            .Append("</h3>").Append(report.ToHtml()).Append(ChartHtml.ToHtml(r.Chart())).Append("</div>").ToString();
    }

    public static Plotly.NET.GenericChart Timeline(PredictionDriftTimeline t)
    {
        var x = t.Chunks.Select(c => (object)c.Chunk.Key).ToArray();
        var first = t.Chunks.FirstOrDefault()?.Result;
        return PlotlyFigure.Chart(
        [
            PlotlyFigure.Scatter($"{t.Name} drift score", x, t.Chunks.Select(c => c.Result.Score), PlotlyFigure.CurrentColor,
                markerColors: t.Chunks.Select(c => c.Result.DriftDetected ? PlotlyFigure.AlertColor : PlotlyFigure.CurrentColor)),
            PlotlyFigure.Scatter("threshold", x, t.Chunks.Select(c => c.Result.Threshold), PlotlyFigure.ThresholdColor, mode: "lines", dash: "dash"),
        ], $"Prediction drift per chunk ({first?.Test ?? "no chunks"}; red = drift)", "chunk", first?.PValue is null ? "distance" : "p-value");
    }
}
