using System.Net;
using System.Text;

namespace Workbooks.ModelOps.Reporting;

/// <summary>A plain, self-styled HTML table: a caption, a header row, text cells (HTML-encoded) and a note.</summary>
/// <example>
/// <code>
/// Console.WriteLine(HtmlTable.Render("T", ["a"], [["1 &lt; 2"]]).Contains("1 &amp;lt; 2"));
/// // prints: True
/// </code>
/// </example>
public static class HtmlTable
{
    /// <summary>Renders the table; numbers (cells that parse as numbers) are right-aligned. <paramref name="cellStyle"/>
    /// adds CSS to the cell at (row, column), e.g. a status colour; null adds none.</summary>
    public static string Render(string caption, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, string? note = null,
        Func<int, int, string?>? cellStyle = null)
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\">");
        sb.Append("<caption style=\"text-align:left;font-weight:bold;padding:4px\">").Append(WebUtility.HtmlEncode(caption)).Append("</caption><thead><tr>");
        foreach (var h in header)
            sb.Append("<th style=\"border-bottom:2px solid #444;padding:3px 8px;text-align:left\">").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            sb.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                bool numeric = double.TryParse(cell.Replace(",", "").TrimStart('>', ' '), System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out _);
                sb.Append("<td style=\"border-bottom:1px solid #ddd;padding:3px 8px;text-align:").Append(numeric ? "right" : "left")
                  .Append(cellStyle?.Invoke(r, c) is { } style ? ";" + WebUtility.HtmlEncode(style) : "")
                  .Append("\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (note is not null)
            sb.Append("<p style=\"font-family:sans-serif;font-size:12px;color:#555\">").Append(WebUtility.HtmlEncode(note)).Append("</p>");
        return sb.ToString();
    }
}
