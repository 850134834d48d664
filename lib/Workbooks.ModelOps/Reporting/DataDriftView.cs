using System.Text;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// A data drift report with its charts, for notebooks and standalone pages: the report's table, the drift
/// score per column, and the reference vs current distribution of each column (drifted columns first).
/// It keeps the two tables because the distributions are drawn from the data, not from the report.
/// </summary>
/// <example>
/// <code>
/// var view = new DataDriftView(DataDrift.Compute(reference, current), reference, current);
/// view.SaveHtml("artifacts/drift.html");   // also writes plotly.min.js beside it
/// Console.WriteLine(view.ToHtml().Contains("wb-plotly"));
/// // prints: True
/// </code>
/// </example>
/// <param name="Report">The univariate drift results.</param>
/// <param name="Reference">The reference table the report was computed from.</param>
/// <param name="Current">The current table the report was computed from.</param>
/// <param name="MaxDistributionCharts">At most this many distribution charts (drifted columns first). Default 20.</param>
public sealed record DataDriftView(DataDriftReport Report, Table Reference, Table Current, int MaxDistributionCharts = 20) : IHtmlRenderable
{
    public string ToHtml()
    {
        var html = new StringBuilder(Report.ToHtml());
        html.Append(ChartHtml.ToHtml(DataDriftCharts.DriftScores(Report)));
        // Untested columns have nothing to compare; the others are drawn as the report compared them (a column of
        // numbers with a few text values on one side is drawn as numbers).
        foreach (var column in Report.Columns.Where(c => c.Tested).OrderByDescending(c => c.DriftDetected).Take(MaxDistributionCharts))
            html.Append(ChartHtml.ToHtml(DistributionCharts.Compare(Reference[column.Name], Current[column.Name], column.Kind)));
        return html.ToString();
    }

    /// <summary>A complete HTML page of <see cref="ToHtml"/> that loads plotly.js from beside itself.</summary>
    public string ToHtmlPage(string title = "Data drift report") =>
        ChartHtml.ToStandalonePage(title, $"<h1 style=\"font-family:system-ui,sans-serif\">{System.Net.WebUtility.HtmlEncode(title)}</h1>\n{ToHtml()}");

    /// <summary>Writes <see cref="ToHtmlPage"/> to <paramref name="path"/> and plotly.min.js beside it, so the
    /// page opens offline.</summary>
    public void SaveHtml(string path, string title = "Data drift report") => StandaloneHtml.Save(path, ToHtmlPage(title));
}

/// <summary>Writes a standalone page and the plotly.js bundle it loads into the page's folder.</summary>
internal static class StandaloneHtml
{
    public static void Save(string path, string page)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        ChartHtml.WritePlotlyScript(folder);
        AtomicFile.WriteAllText(path, page);
    }
}
