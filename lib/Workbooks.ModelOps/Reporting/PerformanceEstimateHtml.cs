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
        sb.Append(HtmlTable.Render(null, ["chunk", "metric", "estimated", "band", "realized", "alert"],
            e.Rows.Select(r => (IReadOnlyList<string>)[r.Chunk.Key, r.Metric.Name(), F(r.Estimated), $"[{F(r.Lower)}, {F(r.Upper)}]", F(r.Realized), r.Alert ? "⚠" : ""]).ToList()));
        sb.Append("</div>");
        return sb.ToString();
    }

    public static string RenderSummary(EstimateSummary summary)
    {
        var table = new HtmlTable(["metric", "chunks", "alerts", "reference", "realized in band", "mean |estimated − realized|"], $"{summary.Method} summary", "wb-estimate-summary");
        foreach (var r in summary.Rows)
            table.Add([r.Metric.Name(), r.Chunks.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Alerts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                F(r.ReferenceValue), r.Coverage is { } c ? FormattableString.Invariant($"{c * 100:0}%") : "–", F(r.MeanAbsoluteError)]);
        return table.ToHtml();
    }

    private static string F(double? v) => v is { } x ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "–";
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
