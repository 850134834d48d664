using System.Text;
using Workbooks.Notebooks.Execution;

namespace Workbooks.Notebooks.Reports;

/// <summary>The index.html of a folder run: one row per notebook with its report, status and duration.</summary>
public static class IndexPageWriter
{
    /// <summary>The page listing <paramref name="runs"/>; links are relative to the reports folder.</summary>
    public static string Render(IReadOnlyList<NotebookRun> runs)
    {
        var body = new StringBuilder("<header><h1>Notebook reports</h1><p>");
        var passed = runs.Count(r => r.Status == NotebookStatus.Passed);
        body.Append(passed).Append(" of ").Append(runs.Count).Append(" notebooks passed &middot; ")
            .Append(HtmlReportWriter.FormatDuration(TimeSpan.FromTicks(runs.Sum(r => r.Duration.Ticks)))).Append("</p></header>\n<main>\n");
        body.Append("<table class=\"index\"><tr><th>Notebook</th><th>Status</th><th>Duration</th><th>Failure</th><th>Executed notebook</th></tr>\n");
        foreach (var run in runs)
        {
            var name = HtmlReportWriter.Encode(run.Name);
            var link = Uri.EscapeDataString(run.Name);
            body.Append("<tr><td><a href=\"").Append(link).Append(".html\">").Append(name).Append("</a></td><td>")
                .Append(HtmlReportWriter.StatusBadge(run.Status)).Append("</td><td>").Append(HtmlReportWriter.FormatDuration(run.Duration))
                .Append("</td><td>");
            if (run.Failure is { } failure)
                body.Append(HtmlReportWriter.Encode($"{HtmlReportWriter.CellLabel(failure.Cell)}: {failure.Error}"));
            body.Append("</td><td><a href=\"").Append(link).Append(".ipynb\">").Append(name).Append(".ipynb</a></td></tr>\n");
        }
        body.Append("</table>\n</main>\n");
        return HtmlReportWriter.Page("Notebook reports", body.ToString());
    }
}
