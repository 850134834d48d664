using System.Net;
using System.Text;
using Workbooks.ModelOps.Estimation;

namespace Workbooks.ModelOps.Reporting;

/// <summary>HTML for a <see cref="PerformanceEstimate"/>: the calibration decisions, a chart per metric and a table.</summary>
internal static class PerformanceEstimateHtml
{
    public static string Render(PerformanceEstimate e)
    {
        var sb = new StringBuilder();
        sb.Append($"<div class=\"wb-estimate\"><h3>{Enc(e.Method)} performance estimate ({Enc(e.Problem)})</h3>");
        sb.Append(FormattableString.Invariant($"<p>Bands: estimate ± {e.BandStandardErrors:0.##} standard errors. Alerts: estimate outside reference ± {e.BandStandardErrors:0.##} standard errors.</p>"));
        if (e.Calibration.Count > 0)
        {
            sb.Append("<ul>");
            foreach (var c in e.Calibration) sb.Append($"<li>{Enc(c.Decision)}</li>");
            sb.Append("</ul>");
        }
        foreach (var m in e.Metrics)
        {
            var coverage = e.Coverage(m);
            if (coverage is { } cov) sb.Append(FormattableString.Invariant($"<p>{m.Name()}: realized value inside the band in {cov * 100:0}% of chunks; mean |estimated − realized| {e.MeanAbsoluteError(m):0.0000}.</p>"));
            sb.Append(ChartHtml.ToHtml(PerformanceEstimateChart.Create(e, m)));
        }
        sb.Append("<table><thead><tr><th>chunk</th><th>metric</th><th>estimated</th><th>band</th><th>realized</th><th>alert</th></tr></thead><tbody>");
        foreach (var r in e.Rows)
            sb.Append($"<tr><td>{Enc(r.Chunk.Key)}</td><td>{r.Metric.Name()}</td><td>{F(r.Estimated)}</td><td>[{F(r.Lower)}, {F(r.Upper)}]</td><td>{F(r.Realized)}</td><td>{(r.Alert ? "⚠" : "")}</td></tr>");
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    public static string RenderSummary(EstimateSummary summary)
    {
        var sb = new StringBuilder($"<table class=\"wb-estimate-summary\"><caption>{Enc(summary.Method)} summary</caption><thead><tr><th>metric</th><th>chunks</th><th>alerts</th><th>reference</th><th>realized in band</th><th>mean |estimated − realized|</th></tr></thead><tbody>");
        foreach (var r in summary.Rows)
            sb.Append($"<tr><td>{r.Metric.Name()}</td><td>{r.Chunks}</td><td>{r.Alerts}</td><td>{F(r.ReferenceValue)}</td><td>{(r.Coverage is { } c ? FormattableString.Invariant($"{c * 100:0}%") : "–")}</td><td>{F(r.MeanAbsoluteError)}</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    private static string F(double? v) => v is { } x ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "–";
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
