using System.Net;
using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>One panel of the Grafana dashboard: its title, what it explains, and its PromQL queries.</summary>
public sealed record DashboardPanel(string Title, string Description, IReadOnlyList<string> Queries);

/// <summary>
/// The Grafana dashboard for the monitor (<c>dashboards/workbooks-monitor.json</c> in the repository, embedded
/// here so a service or a notebook can write it out or list its panels without the repository at hand).
/// Its queries use exactly the metric names the Prometheus exporter emits (a test checks this against a real scrape).
/// </summary>
/// <example>
/// <code>
/// var dashboard = GrafanaDashboard.Load();
/// Console.WriteLine(dashboard.Panels[0].Title);
/// // prints: Latency percentiles
/// </code>
/// </example>
public sealed class GrafanaDashboard : IHtmlRenderable
{
    private GrafanaDashboard(string json, IReadOnlyList<DashboardPanel> panels) { Json = json; Panels = panels; }

    /// <summary>The dashboard JSON, ready to import into Grafana.</summary>
    public string Json { get; }
    public IReadOnlyList<DashboardPanel> Panels { get; }

    public static GrafanaDashboard Load()
    {
        using var stream = typeof(GrafanaDashboard).Assembly.GetManifestResourceStream("Workbooks.ModelOps.workbooks-monitor.json")
            ?? throw new InvalidOperationException("The embedded dashboard 'workbooks-monitor.json' is missing from Workbooks.ModelOps.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var json = reader.ReadToEnd();
        using var doc = JsonDocument.Parse(json);
        var panels = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => new DashboardPanel(
            p.GetProperty("title").GetString() ?? "",
            p.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "",
            p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString() ?? "").ToList())).ToList();
        return new GrafanaDashboard(json, panels);
    }

    /// <summary>Writes the dashboard JSON to <paramref name="path"/> (to import into Grafana).</summary>
    public void Save(string path) => Data.AtomicFile.WriteAllText(path, Json);

    public string ToHtml()
    {
        var table = new HtmlTable(["panel", "what it shows", "PromQL"]);
        foreach (var p in Panels)
            table.Add([p.Title, p.Description, HtmlCell.Markup($"<code>{string.Join("<br/>", p.Queries.Select(WebUtility.HtmlEncode))}</code>")]);
        return table.ToHtml();
    }
}
