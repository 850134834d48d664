using System.Globalization;
using System.Net;
using System.Text;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// HTML of a <see cref="DataDriftReport"/>: a verdict line and one table row per column (test, why it was
/// chosen, statistic, p-value or distance against the threshold, drift flag, missing share, notes).
/// </summary>
/// <example>
/// <code>
/// var html = DataDriftHtml.Fragment(new DataDriftReport([], 0.5, MultipleTestingCorrection.None, 0, 0));
/// Console.WriteLine(html.Contains("No dataset drift"));   // True
/// </code>
/// </example>
public static class DataDriftHtml
{
    private const string Style = """
        <style>
        .wb-drift{font-family:system-ui,sans-serif;font-size:13px}
        .wb-drift table{border-collapse:collapse}
        .wb-drift th,.wb-drift td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        .wb-drift td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .wb-drift tr.drift td.flag{color:#b00020;font-weight:600}
        .wb-drift .note{color:#555;font-size:12px}
        </style>
        """;

    public static string Fragment(DataDriftReport report)
    {
        var sb = new StringBuilder();
        sb.Append(Style).Append("<div class=\"wb-drift\">");
        sb.Append("<p><b>").Append(report.DatasetDrift ? "Dataset drift" : "No dataset drift").Append("</b>: ")
          .Append(report.NumberOfDriftedColumns).Append(" of ").Append(report.NumberOfTestedColumns).Append(report.NumberOfTestedColumns < report.NumberOfColumns ? $" tested columns ({report.NumberOfColumns - report.NumberOfTestedColumns} not tested)" : " columns").Append(" drifted (share ")
          .Append(F(report.ShareOfDriftedColumns)).Append(", dataset threshold ").Append(F(report.DriftShare)).Append("). Reference ")
          .Append(report.ReferenceRows).Append(" rows, current ").Append(report.CurrentRows).Append(" rows.");
        if (report.Correction != MultipleTestingCorrection.None) sb.Append(" Correction: ").Append(report.Correction).Append('.');
        sb.Append("</p>");
        var table = new HtmlTable(["Column", "Type", "Test", "Statistic", "Score", "Threshold", "Drift", "Missing (ref / cur)", "Why this test, notes"], selfStyled: false);
        foreach (var c in report.Columns)
        {
            var d = DriftTestRegistry.TryGet(c.Test, out var t) ? t.Descriptor : null;
            string scoreKind = c.PValue is null ? "distance" : "p-value";
            var why = new StringBuilder(E(c.Reason));
            foreach (var w in c.Warnings) why.Append("<div class=\"note\"><b>warning:</b> ").Append(E(w)).Append("</div>");
            foreach (var n in c.Notes) why.Append("<div class=\"note\">").Append(E(n)).Append("</div>");
            if (c.OtherTests.Count > 1)
                why.Append("<div class=\"note\">all tests: ").Append(E(string.Join(", ", c.OtherTests.Values.Select(o => $"{o.Test} {F(o.Score)}{(o.DriftDetected ? " (drift)" : "")}")))).Append("</div>");
            table.Add(
            [
                c.Name, AutoTestChooser.Kind(c.Kind), HtmlCell.Text($"{d?.DisplayName ?? c.Test} ({c.Test})") with { Title = d?.Method ?? "" },
                HtmlCell.Text(c.Tested ? F(c.Statistic) : "", "num"), HtmlCell.Text(c.Tested ? $"{F(c.Score)} {scoreKind}" : "not tested", "num"),
                HtmlCell.Text((c.PValue is null ? "≥ " : "< ") + F(c.Threshold), "num"),
                HtmlCell.Text((!c.Tested ? "not tested" : c.DriftDetected ? "drift" : "no") + (c.MissingShareAlert ? " (missing alert)" : ""), "flag"),
                HtmlCell.Text($"{c.Reference.MissingShare.ToString("P1", CultureInfo.InvariantCulture)} / {c.Current.MissingShare.ToString("P1", CultureInfo.InvariantCulture)}", "num"),
                HtmlCell.Markup(why.ToString()),
            ], c.DriftDetected ? "drift" : null);
        }
        sb.Append(table.ToHtml());
        sb.Append("</div>");
        return sb.ToString();
    }

    public static string Page(DataDriftReport report, string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head><body><h1 style=\"font-family:system-ui,sans-serif\">{E(title)}</h1>\n{Fragment(report)}\n</body></html>\n";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "-∞"
        : Math.Abs(v) >= 1e-4 || v == 0 ? v.ToString("0.####", CultureInfo.InvariantCulture) : v.ToString("0.###E+0", CultureInfo.InvariantCulture);
}
