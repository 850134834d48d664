using System.Net;
using System.Text;
using Plotly.NET;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// What a notebook exported to a C# file-based app (<c>workbooks export --to cs</c>) does with the values
/// its cells would have displayed: each is added to an HTML report (tables and reports as their HTML,
/// Plotly.NET charts drawn with the plotly.min.js written beside the page) and summarised in one console
/// line. <see cref="Save"/> writes the page beside the app (temporary file, then rename).
/// </summary>
/// <example>
/// <code>
/// var report = new AppReport("demo");
/// report.Show(6 * 7);                       // prints "[1] Int32: 42"
/// var page = report.Save(Path.GetTempPath());
/// Console.WriteLine(Path.GetFileName(page)); // demo.html
/// </code>
/// </example>
public sealed class AppReport(string title)
{
    private readonly StringBuilder _body = new();
    private int _count;

    /// <summary>Adds <paramref name="value"/> to the report and prints a one-line summary.</summary>
    public void Show(object? value)
    {
        _count++;
        var (html, summary) = value switch
        {
            null => ("<pre>null</pre>", "null"),
            GenericChart chart => (ChartHtml.ToHtml(chart), "chart (in the HTML report)"),
            IHtmlRenderable renderable => (renderable.ToHtml(), FirstLine(value.ToString()) + " (table in the HTML report)"),
            _ => ("<pre>" + WebUtility.HtmlEncode(value.ToString()) + "</pre>", FirstLine(value.ToString())),
        };
        _body.Append("<section class=\"wb-output\">\n").Append(html).Append("\n</section>\n");
        Console.WriteLine($"[{_count}] {value?.GetType().Name ?? "null"}: {summary}");
    }

    /// <summary>Writes <c>TITLE.html</c> and plotly.min.js into <paramref name="directory"/>; returns the page's path.</summary>
    public string Save(string directory)
    {
        var path = Path.Combine(directory, title + ".html");
        ChartHtml.WritePlotlyScript(directory);
        var page = ChartHtml.ToStandalonePage(title, "<h1>" + WebUtility.HtmlEncode(title) + "</h1>\n" + _body);
        AtomicFile.WriteAllText(path, page);
        Console.WriteLine($"Report: {path} ({_count} outputs)");
        return path;
    }

    private static string FirstLine(string? text)
    {
        var line = (text ?? "").Split('\n')[0].TrimEnd('\r');
        return line.Length > 100 ? line[..100] + "…" : line;
    }
}
