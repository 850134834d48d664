using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// Turns the C# kernel's displayed values into Jupyter mime bundles. Every bundle has
/// <c>text/plain</c>; tables and reports keep their <c>text/html</c>; a Plotly.NET chart gets
/// <c>application/vnd.plotly.v1+json</c> (drawn natively by JupyterLab and VS Code) plus a
/// <c>text/html</c> fallback for Jupyter Notebook. The fallback of the first chart of a session
/// carries plotly.js inline (from Plotly.NET's embedded copy), so charts draw without network.
/// </summary>
internal sealed class MimeBundles
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";
    private static readonly Lazy<string> PlotlyScript = new(ChartHtml.ReadPlotlyScript);
    private const string ChartFragmentMarker = "class=\"wb-plotly\"";
    private int _plotlyInlined;

    /// <summary>The bundle for <paramref name="e"/>; empty when nothing is to be shown.</summary>
    public JsonObject Data(DisplayEvent e)
    {
        var data = MimeData.From(e, text => JsonValue.Create(text));
        if (e.Value is GenericChart chart)
        {
            var figure = ChartHtml.Figure(chart);
            figure["config"] = ChartHtml.Config(chart);
            data[PlotlyMimeType] = figure;
            data[HtmlFormatter.MimeType] = PlotlyLoader() + ChartHtml.ToHtml(chart);
            data[PlainTextFormatter.MimeType] = $"Plotly.NET chart ({figure["data"]?.AsArray().Count ?? 0} traces)";
        }
        else if (data[HtmlFormatter.MimeType] is JsonValue html && html.GetValue<string>().Contains(ChartFragmentMarker, StringComparison.Ordinal))
        {
            // A report with charts inside (ChartHtml fragments): it needs plotly.js just the same.
            data[HtmlFormatter.MimeType] = PlotlyLoader() + html.GetValue<string>();
        }
        if (data.Count > 0 && !data.ContainsKey(PlainTextFormatter.MimeType))
            data[PlainTextFormatter.MimeType] = PlainText(e);
        return data;
    }

    /// <summary>The text of a stream event (stdout, stderr).</summary>
    public static string StreamText(DisplayEvent e) => MimeData.PlainText(e);

    private static string PlainText(DisplayEvent e)
    {
        if (e.Value is null) return StreamText(e);
        try { return e.Value.ToDisplayString(PlainTextFormatter.MimeType); }
        catch (Exception) { return e.Value.ToString() ?? ""; }
    }

    // plotly.js registers itself with an AMD loader instead of window.Plotly when one is present
    // (Jupyter Notebook has require.js), so hide `define` while the inline copy runs.
    private string PlotlyLoader()
    {
        if (Interlocked.Exchange(ref _plotlyInlined, 1) == 1) return "";
        var source = PlotlyScript.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return "<script type=\"text/javascript\">window.__workbooksAmd = window.define; window.define = undefined;</script>\n" +
               "<script type=\"text/javascript\">" + source + "</script>\n" +
               "<script type=\"text/javascript\">window.define = window.__workbooksAmd;</script>\n";
    }
}
