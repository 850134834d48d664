using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Execution;

namespace Workbooks.Notebooks.Reports;

/// <summary>
/// Renders an executed notebook as one standalone HTML page: markdown rendered with Markdig, code
/// (unless hidden), and every output in place. Text outputs are HTML-encoded, so a string such as
/// "&lt;script&gt;" shows as text; HTML outputs (tables, charts) are embedded as the kernel made them.
/// Charts draw with the plotly.min.js written beside the page, so the page needs no network.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    // Richest first, as Jupyter picks what to show from a mime bundle.
    private static readonly string[] MimePreference =
        ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "application/json", "text/plain"];

    /// <summary>The report page for <paramref name="run"/>.</summary>
    public static string Render(NotebookRun run, bool showCode)
    {
        var body = new StringBuilder();
        body.Append("<header><h1>").Append(Encode(run.Name)).Append("</h1><p>")
            .Append(StatusBadge(run.Status)).Append(" &middot; ").Append(FormatDuration(run.Duration))
            .Append(" &middot; ").Append(Encode(Path.GetFileName(run.Document.Path))).Append("</p>");
        if (run.Parameters.Count > 0)
        {
            var table = new HtmlTable(["Parameter", "Value"], cssClass: "params", selfStyled: false);
            foreach (var (name, value) in run.Parameters)
                table.Add([HtmlCell.Markup($"<code>{Encode(name)}</code>"), HtmlCell.Markup($"<code>{Encode(value)}</code>")]);
            body.Append(table.ToHtml());
        }
        if (run.Failure is { } failure)
            body.Append("<p class=\"failure\">").Append(Encode(CellLabel(failure.Cell))).Append(' ')
                .Append(failure.Status == CellStatus.TimedOut ? "timed out" : "failed").Append(": ")
                .Append(Encode(failure.Error ?? "")).Append("</p>");
        body.Append("</header>\n<main>\n");
        foreach (var cellRun in run.Cells) AppendCell(body, cellRun, showCode, run.Name + ".ipynb");
        body.Append("</main>\n");
        return Page(run.Name, body.ToString());
    }

    /// <summary>"cell 3" for a cell of the notebook as written, "injected-parameters cell" otherwise.</summary>
    public static string CellLabel(NotebookCell cell) =>
        cell.SourceNumber is { } n ? $"cell {n}" : "injected-parameters cell";

    internal static string Page(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        Encode(title) + "</title>\n<script src=\"" + ChartHtml.PlotlyScriptFileName + "\"></script>\n<style>\n" + Css + "</style>\n</head>\n<body>\n" +
        body + "</body>\n</html>\n";

    internal static string StatusBadge(NotebookStatus status) => status switch
    {
        NotebookStatus.Passed => "<span class=\"badge passed\">passed</span>",
        NotebookStatus.Failed => "<span class=\"badge failed\">failed</span>",
        _ => "<span class=\"badge notrun\">not run</span>",
    };

    internal static string FormatDuration(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void AppendCell(StringBuilder html, CellRun run, bool showCode, string executedFile)
    {
        var cell = run.Cell;
        switch (cell.Kind)
        {
            case "markdown":
                html.Append("<section class=\"cell markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                return;
            case "raw":
                html.Append("<section class=\"cell raw\"><pre>").Append(Encode(cell.Source)).Append("</pre></section>\n");
                return;
        }
        var state = run.Status switch { CellStatus.Failed or CellStatus.TimedOut => " failed", CellStatus.NotRun => " notrun", _ => "" };
        html.Append("<section class=\"cell code").Append(state).Append("\" id=\"cell-").Append(cell.SourceNumber?.ToString(CultureInfo.InvariantCulture) ?? "injected").Append("\">");
        if (showCode)
        {
            var prompt = cell.ExecutionCount is { } n ? $"In [{n}]" : "In [ ]";
            html.Append("<div class=\"prompt\">").Append(prompt).Append(run.Status == CellStatus.NotRun ? " &middot; not run" : "")
                .Append(run.Duration > TimeSpan.Zero ? " &middot; " + FormatDuration(run.Duration) : "").Append("</div>");
            html.Append("<pre class=\"source\"><code class=\"language-csharp\">").Append(Encode(cell.Source)).Append("</code></pre>");
        }
        foreach (var output in cell.Outputs) AppendOutput(html, output, executedFile);
        html.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder html, JsonObject output, string executedFile)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                var (shown, note) = LongOutput.Shorten(Text(output["text"]), executedFile);
                if (note is not null) html.Append("<p class=\"output shortened\">").Append(Encode(note)).Append("</p>");
                html.Append("<pre class=\"output stream ").Append(name).Append("\">").Append(Encode(shown)).Append("</pre>");
                break;
            case "error":
                html.Append("<div class=\"output error\"><strong>").Append(Encode(output["ename"]?.GetValue<string>() ?? "Error"))
                    .Append("</strong><pre>").Append(Encode(output["traceback"] is JsonArray tb ? string.Join("\n", tb.Select(Text)) : "")).Append("</pre></div>");
                break;
            case "display_data" or "execute_result" when output["data"] is JsonObject data:
                html.Append("<div class=\"output display\">").Append(RenderMimeBundle(data, executedFile)).Append("</div>");
                break;
        }
    }

    private static string RenderMimeBundle(JsonObject data, string executedFile)
    {
        var mime = MimePreference.FirstOrDefault(data.ContainsKey);
        if (mime is null) return "";
        var value = data[mime];
        return mime switch
        {
            "text/html" or "image/svg+xml" when Text(value) is { Length: > LongOutput.MaxHtmlChars } big =>
                "<p class=\"output shortened\">" + Encode(LongOutput.HtmlTooLarge(big.Length, executedFile)) + "</p>",
            "text/html" or "image/svg+xml" => Text(value),
            "image/png" or "image/jpeg" => $"<img alt=\"output\" src=\"data:{mime};base64,{Encode(Text(value).Replace("\n", "", StringComparison.Ordinal))}\">",
            "text/markdown" => Markdig.Markdown.ToHtml(Text(value), Markdown),
            "application/json" => "<pre>" + Encode(value?.ToJsonString() ?? "") + "</pre>",
            _ => PlainText(Text(value), executedFile),
        };
    }

    private static string PlainText(string text, string executedFile)
    {
        var (shown, note) = LongOutput.Shorten(text, executedFile);
        return (note is null ? "" : "<p class=\"output shortened\">" + Encode(note) + "</p>") + "<pre>" + Encode(shown) + "</pre>";
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(Text)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    // The column is at most 1,100 px and everything in it follows its width: charts resize (ChartHtml), text
    // wraps, and an output that is wider still (a table of many columns) scrolls inside itself, never the page.
    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
        header { border-bottom: 1px solid #d0d7de; margin-bottom: 1rem; }
        main { overflow-wrap: break-word; }
        .badge { padding: 0.1rem 0.5rem; border-radius: 0.8rem; color: #fff; font-size: 0.85rem; white-space: nowrap; }
        .badge.passed { background: #1a7f37; } .badge.failed { background: #cf222e; } .badge.notrun { background: #6e7781; }
        .failure { color: #cf222e; font-weight: 600; overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.6rem; text-align: left; }
        table.index { width: 100%; } table.index td { vertical-align: top; } table.index td.num { text-align: right; white-space: nowrap; }
        table.index .summary { color: #57606a; font-size: 0.9rem; margin-top: 0.2rem; }
        table.index tr.failure-row td { border-top: none; background: #ffebe9; }
        table.index pre.failure { margin: 0; background: transparent; font-weight: normal; }
        .cell { margin: 1rem 0; } .cell.code { border-left: 3px solid #d0d7de; padding-left: 0.8rem; }
        .cell.code.failed { border-left-color: #cf222e; } .cell.code.notrun { opacity: 0.6; }
        .prompt { color: #6e7781; font-size: 0.8rem; }
        pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.source { background: #eef1f4; }
        pre.stderr { background: #fff8c5; }
        .output.display { max-width: 100%; overflow-x: auto; }
        .output.display .dni-code-hint, .output.display details.dni-treeview { white-space: normal; overflow-wrap: anywhere; }
        .output.error { background: #ffebe9; border: 1px solid #ff8182; padding: 0.4rem; }
        .output.error pre { background: transparent; }
        .output.shortened { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.3rem 0.6rem; font-size: 0.9rem; }
        .wb-plotly { width: 100%; }

        """;
}
