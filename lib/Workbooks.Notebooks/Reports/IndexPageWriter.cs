using System.Text;
using System.Text.RegularExpressions;
using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Execution;

namespace Workbooks.Notebooks.Reports;

/// <summary>
/// The index.html of a folder run: the notebooks in learning order (their numbered file names), each with its
/// title and a one-line summary taken from its first markdown cell, its status and duration, and links to the
/// report and the executed notebook. A failure is shown in full under its notebook, wrapped to the page width.
/// </summary>
public static partial class IndexPageWriter
{
    /// <summary>Characters of a summary before it is cut at a word with "…".</summary>
    public const int SummaryLength = 220;

    /// <summary>The page listing <paramref name="runs"/>; links are relative to the reports folder.</summary>
    public static string Render(IReadOnlyList<NotebookRun> runs)
    {
        var body = new StringBuilder("<header><h1>Notebook reports</h1><p>");
        var passed = runs.Count(r => r.Status == NotebookStatus.Passed);
        body.Append(passed).Append(" of ").Append(runs.Count).Append(" notebooks passed &middot; ")
            .Append(HtmlReportWriter.FormatDuration(TimeSpan.FromTicks(runs.Sum(r => r.Duration.Ticks)))).Append("</p></header>\n<main>\n");
        var table = new HtmlTable(["Notebook", "Status", "Duration", "Executed notebook"], cssClass: "index", selfStyled: false);
        foreach (var run in runs.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var link = Uri.EscapeDataString(run.Name);
            var (title, summary) = TitleAndSummary(run.Document);
            table.Add(
            [
                HtmlCell.Markup($"<a href=\"{link}.html\">{HtmlReportWriter.Encode(title ?? run.Name)}</a>"
                    + (summary is null ? "" : $"<div class=\"summary\">{HtmlReportWriter.Encode(summary)}</div>")),
                HtmlCell.Markup(HtmlReportWriter.StatusBadge(run.Status)),
                HtmlCell.Text(run.Status == NotebookStatus.NotRun ? "" : HtmlReportWriter.FormatDuration(run.Duration), "num"),
                HtmlCell.Markup($"<a href=\"{link}.ipynb\">.ipynb</a>"),
            ]);
            if (run.Failure is { } failure)
                table.Gap(HtmlCell.Markup($"<pre class=\"failure\">{HtmlReportWriter.Encode($"{HtmlReportWriter.CellLabel(failure.Cell)}: {failure.Error}")}</pre>"), "failure-row");
        }
        body.Append(table.ToHtml()).Append("\n</main>\n");
        return HtmlReportWriter.Page("Notebook reports", body.ToString());
    }

    /// <summary>The first markdown cell's first heading (numbering such as "02 · " kept) and as many whole
    /// sentences of the paragraph after it as fit in <see cref="SummaryLength"/> characters, as plain text; nulls
    /// where the notebook has none.</summary>
    public static (string? Title, string? Summary) TitleAndSummary(NotebookDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var markdown = document.Cells.FirstOrDefault(c => c.Kind == "markdown")?.Source;
        if (markdown is null) return (null, null);
        var lines = markdown.Split('\n').Select(l => l.Trim()).ToList();
        var heading = lines.FindIndex(l => l.StartsWith('#'));
        var title = heading < 0 ? null : PlainText(lines[heading].TrimStart('#'));
        var prose = string.Join(" ", lines.Skip(heading + 1).SkipWhile(l => l.Length == 0).TakeWhile(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('|')));
        var summary = Cut(PlainText(prose));
        return (string.IsNullOrEmpty(title) ? null : title, string.IsNullOrEmpty(summary) ? null : summary);
    }

    // Whole sentences that fit; a short start gets the next sentence cut at a word. A sentence that introduces a
    // list ("…three numbers:") ends with a full stop here, since the list is not shown.
    private static string Cut(string text)
    {
        var summary = new StringBuilder();
        foreach (var sentence in SentenceEnd().Split(text))
        {
            if (summary.Length + 1 + sentence.Length <= SummaryLength)
            {
                summary.Append(summary.Length > 0 ? " " : "").Append(sentence);
                continue;
            }
            if (summary.Length < SummaryLength / 2)
            {
                var room = SummaryLength - summary.Length - 3;
                var end = sentence.LastIndexOf(' ', Math.Min(room, sentence.Length - 1));
                summary.Append(summary.Length > 0 ? " " : "").Append(sentence[..(end > 0 ? end : Math.Min(room, sentence.Length))].TrimEnd(',', ';', ':')).Append(" …");
            }
            break;
        }
        return summary.Length > 0 && summary[^1] == ':' ? summary.ToString(0, summary.Length - 1) + "." : summary.ToString();
    }

    // Markdown to one line of text: links keep their words, emphasis and code marks go.
    private static string PlainText(string markdown) =>
        MarkdownMarks().Replace(MarkdownLink().Replace(markdown, "$1"), "").Trim();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\*\*|\*|`|__")]
    private static partial Regex MarkdownMarks();
}
