using System.Text;
using Workbooks.ModelOps.Drift.Prediction;

namespace Workbooks.ModelOps.Reporting;

/// <summary>HTML of a <see cref="PredictionDriftResult"/>: the verdict, a one-row table of the test (its
/// statistic, score, rule and why it was chosen) and the reference vs current chart of the outputs.</summary>
internal static class PredictionDriftHtml
{
    public static string Render(PredictionDriftResult r)
    {
        var c = r.Column;
        var sb = new StringBuilder()
            .Append("<div class=\"wb-drift\"><h3>Prediction drift: ")
            .Append(r.DriftDetected ? "<span style=\"color:#c0392b\">drift detected</span>" : "<span style=\"color:#27ae60\">no drift</span>")
            .Append("</h3>");
        string rule = c.PValue is null ? "≥ " : "< ";
        MultivariateHtml.Table(sb, ["output", "test", "statistic", "score", "drift when", "reference / current rows", "why this test, notes"],
            [[c.Name, c.Test, F(c.Statistic), F(c.Score) + (c.PValue is null ? " (distance)" : " (p-value)"), rule + F(c.Threshold),
              $"{c.Reference.Rows} / {c.Current.Rows}", string.Join("; ", new[] { c.Reason }.Concat(c.Notes))]]);
        return sb.Append(ChartHtml.ToHtml(r.Chart())).Append("</div>").ToString();
    }

    private static string F(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

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
