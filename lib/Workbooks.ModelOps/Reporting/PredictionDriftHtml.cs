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
}
