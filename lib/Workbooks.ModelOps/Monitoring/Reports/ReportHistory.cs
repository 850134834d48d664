using Workbooks.ModelOps.Data;
using System.Net;
using System.Text;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>One run of a scheduled report: its summary and the folder it was written into.</summary>
public sealed record ReportRun(string Folder, ReportSummary Summary);

/// <summary>
/// The history of a scheduled monitoring report: every run's summary.json under a reports folder (each run in its
/// own dated folder), one row per run with status colours and links to its report, and trend charts of the key
/// figures across runs (drift share, p99 latency, error rate, realised and estimated quality).
/// </summary>
public static class ReportHistory
{
    public const string PageName = "history.html";

    /// <summary>Every summary.json under <paramref name="folder"/>, oldest period first. A folder without any, or a file
    /// that is not a summary, is an <see cref="InvalidDataException"/> naming it.</summary>
    public static IReadOnlyList<ReportRun> Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' is not a folder of reports.");
        var runs = Directory.EnumerateFiles(folder, ReportSummary.FileName, SearchOption.AllDirectories)
            .Select(f => new ReportRun(Path.GetDirectoryName(Path.GetFullPath(f))!, ReportSummary.Load(f)))
            .OrderBy(r => r.Summary.End).ThenBy(r => r.Summary.Start).ThenBy(r => r.Folder, StringComparer.Ordinal).ToList();
        if (runs.Count == 0) throw new InvalidDataException($"'{folder}' holds no {ReportSummary.FileName} (one per report run, e.g. {folder}/2026-01-12/{ReportSummary.FileName}).");
        return runs;
    }

    /// <summary>Writes the history page of <paramref name="folder"/> to <paramref name="output"/> (default: history.html
    /// in the folder), plotly.min.js beside it; returns the page's path.</summary>
    public static string Write(string folder, string? output = null)
    {
        var runs = Load(folder);
        var page = Path.GetFullPath(output ?? Path.Combine(folder, PageName));
        var dir = Path.GetDirectoryName(page)!;
        Directory.CreateDirectory(dir);
        ChartHtml.WritePlotlyScript(dir);
        var html = ChartHtml.ToStandalonePage($"Monitoring report history: {string.Join(", ", runs.Select(r => r.Summary.Model).Distinct())}", Render(runs, dir));
        AtomicFile.WriteAllText(page, html);
        return page;
    }

    /// <summary>The page body: the runs table and the trend charts; links are relative to <paramref name="pageFolder"/>.</summary>
    public static string Render(IReadOnlyList<ReportRun> runs, string pageFolder)
    {
        var keys = runs.SelectMany(r => r.Summary.Sections.Select(s => (s.Key, s.Title))).Distinct().ToList();
        var sb = new StringBuilder("<h1 style=\"font-family:sans-serif\">Monitoring report history</h1>");
        var latest = runs[^1].Summary;
        sb.Append("<p style=\"font-family:sans-serif\">Latest: ").Append(latest.Status.Badge()).Append(' ').Append(WebUtility.HtmlEncode(latest.Headline)).Append("</p>");
        var header = new List<string> { "period", "model", "version", "status" };
        header.AddRange(keys.Select(k => k.Title));
        header.Add("next");
        var rows = runs.Select(r => (IReadOnlyList<string>)[Period(r.Summary), r.Summary.Model, r.Summary.ModelVersion ?? "", r.Summary.Status.Name(),
            .. keys.Select(k => r.Summary.StatusOf(k.Key)?.Name() ?? ""), string.Join("; ", r.Summary.NextSteps)]).ToList();
        sb.Append(HtmlTable.Render($"{runs.Count} runs", header, rows, cellStyle: (row, column) =>
            column == 3 ? $"background:{runs[row].Summary.Status.Colour()}"
            : column > 3 && column - 4 < keys.Count && runs[row].Summary.StatusOf(keys[column - 4].Key) is { } s ? $"background:{s.Colour()}" : null));
        sb.Append("<ul style=\"font-family:sans-serif;font-size:13px\">");
        foreach (var r in runs)
            foreach (var report in Directory.EnumerateFiles(r.Folder, "*.html").Where(f => Path.GetFileName(f) != PageName).Order(StringComparer.Ordinal))
                sb.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(Path.GetRelativePath(pageFolder, report).Replace('\\', '/'))).Append("\">")
                  .Append(WebUtility.HtmlEncode($"{Period(r.Summary)}: {Path.GetFileName(report)}")).Append("</a></li>");
        sb.Append("</ul>");
        var x = runs.Select(r => (object?)r.Summary.End.AddDays(-1).ToString("yyyy-MM-dd")).ToList();
        IEnumerable<object?> Series(string figure, double scale = 1) => runs.Select(r => r.Summary.Figure(figure) is { } v ? (object?)(v * scale) : null);
        var metric = latest.QualityMetric;
        var charts = new[]
        {
            PlotlyFigure.Chart([PlotlyFigure.Scatter("drift share", x, Series("drift_share"), PlotlyFigure.Palette[0])], "Share of drifted features", "period end", "share"),
            PlotlyFigure.Chart([PlotlyFigure.Scatter("p99 latency (ms)", x, Series("latency_p99_ms"), PlotlyFigure.Palette[1])], "p99 latency", "period end", "ms"),
            PlotlyFigure.Chart([PlotlyFigure.Scatter("error rate (%)", x, Series("error_rate", 100), PlotlyFigure.Palette[3])], "Error rate", "period end", "%"),
            PlotlyFigure.Chart([
                PlotlyFigure.Scatter($"realised {metric}", x, Series("quality_realised"), PlotlyFigure.Palette[2]),
                PlotlyFigure.Scatter($"estimated {metric}", x, Series("quality_estimated"), PlotlyFigure.Palette[4], dash: "dash"),
                PlotlyFigure.Scatter($"reference {metric}", x, Series("quality_reference"), "rgb(127,127,127)", mode: "lines", dash: "dot")],
                $"Quality ({metric})", "period end", metric),
        };
        foreach (var chart in charts) sb.Append(ChartHtml.ToHtml(chart));
        return sb.ToString();
    }

    private static string Period(ReportSummary s) => $"{MonitoringReportRequest.Show(s.Start)} .. {MonitoringReportRequest.Show(s.End)}";
}
