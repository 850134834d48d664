using Plotly.NET;

namespace Workbooks.ModelOps.Reporting;

/// <summary>Small builders for Plotly traces and layouts, so each chart reads as what it shows.</summary>
internal static class ChartParts
{
    public static readonly string[] Palette = { "rgb(31,119,180)", "rgb(255,127,14)", "rgb(44,160,44)", "rgb(214,39,40)", "rgb(148,103,189)", "rgb(140,86,75)" };

    public static Trace Line(IEnumerable<string> x, IEnumerable<object?> y, string name, string color, string? dash = null, string mode = "lines+markers", string? yAxis = null)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("name", name);
        trace.SetProperty("mode", mode);
        var line = new Dictionary<string, object> { ["color"] = color, ["width"] = 2 };
        if (dash is not null) line["dash"] = dash;
        trace.SetProperty("line", line);
        trace.SetProperty("marker", new Dictionary<string, object> { ["color"] = color });
        if (yAxis is not null) trace.SetProperty("yaxis", yAxis);
        return trace;
    }

    public static Trace Bar(IEnumerable<string> x, IEnumerable<object?> y, string name, string color)
    {
        var trace = new Trace2D("bar");
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("name", name);
        trace.SetProperty("marker", new Dictionary<string, object> { ["color"] = color });
        return trace;
    }

    public static GenericChart Chart(IEnumerable<Trace> traces, string title, string xTitle, string yTitle, Action<Layout>? more = null)
    {
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        layout.SetProperty("xaxis", Axis(xTitle));
        layout.SetProperty("yaxis", Axis(yTitle));
        more?.Invoke(layout);
        return Plotly.NET.Chart.withLayout(layout).Invoke(GenericChart.ofTraceObjects(true, traces));
    }

    public static Dictionary<string, object> Axis(string title) => new() { ["title"] = new Dictionary<string, object> { ["text"] = title } };
}
