using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// The one place that turns a Plotly.NET chart into HTML. The fragment draws with the page's own
/// <c>Plotly</c> when present (our reports load a local <see cref="PlotlyScriptFileName"/>, so they
/// need no network) and otherwise loads plotly.js once from the CDN (VS Code notebook outputs).
/// Every chart follows the width of the page or output it sits in: a fixed width is dropped from the
/// layout and plotly.js is told to resize with its container.
/// </summary>
/// <example>
/// <code>
/// var trace = new Trace2D("scatter");
/// trace.SetProperty("x", new[] { 1, 2, 3 });
/// trace.SetProperty("y", new[] { 2.0, 1.0, 3.0 });
/// var html = ChartHtml.ToHtml(GenericChart.ofTraceObject(true, trace), "demo");
/// Console.WriteLine(html.StartsWith("&lt;div id=\"demo\""));   // True
/// Console.WriteLine(ChartHtml.PlotlyScriptFileName);          // plotly.min.js
/// </code>
/// </example>
public static class ChartHtml
{
    /// <summary>File name of the plotly.js bundle that reports reference beside themselves.</summary>
    public const string PlotlyScriptFileName = "plotly.min.js";

    /// <summary>File name of plotly.js's licence, written beside the bundle.</summary>
    public const string PlotlyLicenseFileName = "plotly.min.js.LICENSE.txt";

    /// <summary>The plotly.js version bundled in Plotly.NET 6.0.0 (and loaded from the CDN as fallback).</summary>
    public const string PlotlyVersion = "2.28.0";

    private const string ResourcePrefix = "Plotly.NET.plotly-" + PlotlyVersion + ".min.js";

    /// <summary>An HTML fragment (a div and an inline script) that draws <paramref name="chart"/>.</summary>
    /// <param name="chart">The chart to draw.</param>
    /// <param name="elementId">The div's id; a fresh unique id when null.</param>
    public static string ToHtml(GenericChart chart, string? elementId = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var id = elementId ?? "wb-plot-" + Guid.NewGuid().ToString("N");
        var figure = ScriptSafe(Figure(chart).ToJsonString());
        var config = ScriptSafe(Config(chart).ToJsonString());
        var html = new StringBuilder();
        html.Append("<div id=\"").Append(id).Append("\" class=\"wb-plotly\" style=\"width:100%;max-width:100%\"></div>\n");
        html.Append("<script type=\"text/javascript\">\n(function () {\n");
        html.Append("  var figure = ").Append(figure).Append(";\n");
        html.Append("  var config = ").Append(config).Append(";\n");
        html.Append("  function draw() { window.Plotly.newPlot('").Append(id)
            .Append("', figure.data, figure.layout || {}, config); }\n");
        html.Append(LoaderScript);
        html.Append("})();\n</script>\n");
        return html.ToString();
    }

    /// <summary>The chart's figure (data and layout) as plotly.js takes it, without a fixed width and with
    /// <c>autosize</c> on, so it fills its container (Plotly.NET's default layout is 600 px wide).</summary>
    public static JsonObject Figure(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        if (figure["layout"] is not JsonObject layout) figure["layout"] = layout = new JsonObject();
        layout.Remove("width");
        layout["autosize"] = true;
        return figure;
    }

    /// <summary>The chart's plotly.js config with <c>responsive</c> on: the chart redraws when its container
    /// (the page, a notebook output) changes width.</summary>
    public static JsonObject Config(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var config = JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(GenericChart.getConfig(chart))) as JsonObject ?? new JsonObject();
        config["responsive"] = true;
        return config;
    }

    /// <summary>A complete page showing <paramref name="bodyHtml"/> (for example fragments from
    /// <see cref="ToHtml"/>), loading plotly.js from <see cref="PlotlyScriptFileName"/> beside it.
    /// Call <see cref="WritePlotlyScript"/> for the folder the page is saved in.</summary>
    public static string ToStandalonePage(string title, string bodyHtml) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
        System.Net.WebUtility.HtmlEncode(title) + "</title>\n<script src=\"" + PlotlyScriptFileName +
        "\"></script>\n</head>\n<body>\n" + bodyHtml + "\n</body>\n</html>\n";

    /// <summary>Writes plotly.min.js and its licence into <paramref name="directory"/>, taken from the
    /// copy embedded in the Plotly.NET assembly (no download). Files already identical are left alone;
    /// others are replaced through a temporary file so no half-written script is ever left.</summary>
    /// <returns>The path of the written plotly.min.js.</returns>
    public static string WritePlotlyScript(string directory)
    {
        Directory.CreateDirectory(directory);
        var script = Path.Combine(directory, PlotlyScriptFileName);
        WriteResource(ResourcePrefix, script);
        WriteResource(ResourcePrefix + ".LICENSE.txt", Path.Combine(directory, PlotlyLicenseFileName));
        return script;
    }

    /// <summary>The source of plotly.js from the copy embedded in Plotly.NET, for hosts that inline it
    /// once into a page instead of writing it beside the page (the Jupyter kernel).</summary>
    public static string ReadPlotlyScript() => Encoding.UTF8.GetString(ReadResource(ResourcePrefix));

    private static byte[] ReadResource(string resourceName)
    {
        var assembly = typeof(GenericChart).Assembly;
        using var resource = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Resource '{resourceName}' is missing from {assembly.GetName().Name}; was the Plotly.NET version changed?");
        using var buffer = new MemoryStream();
        resource.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static void WriteResource(string resourceName, string path)
    {
        var bytes = ReadResource(resourceName);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return;
        AtomicFile.WriteAllBytes(path, bytes);
    }

    // JSON inside an inline <script>: "</" would end the script element early.
    private static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal)
        .Replace("<!--", "<\\!--", StringComparison.Ordinal);

    // Notebook front ends have no Plotly: load it once per page; hide an AMD loader while it loads,
    // since plotly.js registers itself with `define` instead of `window.Plotly` when one is present.
    private const string LoaderScript = """
          if (window.Plotly) { draw(); return; }
          if (!window.__workbooksPlotly) {
            window.__workbooksPlotly = new Promise(function (resolve, reject) {
              var amd = window.define; window.define = undefined;
              var s = document.createElement('script');
              s.src = 'https://cdn.plot.ly/plotly-2.28.0.min.js';
              s.onload = function () { window.define = amd; resolve(); };
              s.onerror = function (e) { window.define = amd; reject(e); };
              document.head.appendChild(s);
            });
          }
          window.__workbooksPlotly.then(draw);

        """;
}
