using Plotly.NET;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Small C# builders over Plotly.NET's dynamic trace and layout objects. Plotly.NET's chart functions
/// take F# optional arguments that are awkward from C#; setting plotly.js attributes by name here
/// keeps every chart in <c>Reporting/</c> short, and the names are exactly those of the plotly.js
/// reference (https://plotly.com/javascript/reference/).
/// </summary>
internal static class PlotlyFigure
{
    public const string ReferenceColor = "#4C78A8";
    public const string CurrentColor = "#F58518";
    public const string AlertColor = "#C0392B";
    public const string ThresholdColor = "#7F7F7F";

    /// <summary>A bar trace; <paramref name="horizontal"/> swaps the axes (categories on y).</summary>
    public static Trace Bar(string name, IEnumerable<object> categories, IEnumerable<double> values, string color,
        bool horizontal = false, IEnumerable<double>? widths = null, double opacity = 1.0)
    {
        var t = new Trace2D("bar");
        t.SetProperty("name", name);
        t.SetProperty(horizontal ? "y" : "x", categories.ToArray());
        t.SetProperty(horizontal ? "x" : "y", values.ToArray());
        if (horizontal) t.SetProperty("orientation", "h");
        if (widths is not null) t.SetProperty("width", widths.ToArray());
        if (opacity < 1) t.SetProperty("opacity", opacity);
        t.SetProperty("marker", Obj(("color", color)));
        return t;
    }

    /// <summary>A scatter trace: <paramref name="mode"/> is plotly's "lines", "markers" or "lines+markers".</summary>
    public static Trace Scatter(string name, IEnumerable<object> x, IEnumerable<double> y, string color,
        string mode = "lines+markers", string? dash = null, bool showLegend = true, IEnumerable<string>? markerColors = null)
    {
        var t = new Trace2D("scatter");
        t.SetProperty("name", name);
        t.SetProperty("x", x.ToArray());
        t.SetProperty("y", y.ToArray());
        t.SetProperty("mode", mode);
        t.SetProperty("showlegend", showLegend);
        t.SetProperty("line", dash is null ? Obj(("color", color)) : Obj(("color", color), ("dash", dash)));
        t.SetProperty("marker", markerColors is null ? Obj(("color", color)) : Obj(("color", markerColors.ToArray())));
        return t;
    }

    /// <summary>A chart of <paramref name="traces"/> with a title, axis titles and, for bars, a bar mode
    /// ("group" or "overlay"); <paramref name="logX"/> puts the x axis on a log scale.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, string title, string xTitle, string yTitle,
        string? barMode = null, int height = 360, IEnumerable<DynamicObj.DynamicObj>? shapes = null, bool logX = false)
    {
        var layout = new Layout();
        layout.SetProperty("title", Obj(("text", title)));
        layout.SetProperty("xaxis", logX ? Obj(("title", Obj(("text", xTitle))), ("type", "log")) : Obj(("title", Obj(("text", xTitle)))));
        layout.SetProperty("yaxis", Obj(("title", Obj(("text", yTitle))), ("automargin", true)));
        layout.SetProperty("height", height);
        if (barMode is not null) layout.SetProperty("barmode", barMode);
        if (shapes is not null) layout.SetProperty("shapes", shapes.ToArray());
        return GenericChart.setLayout(layout, GenericChart.ofTraceObjects(true, traces.ToArray()));
    }

    /// <summary>A horizontal line across the plot at y = <paramref name="at"/> (or vertical at x when
    /// <paramref name="vertical"/>), for thresholds.</summary>
    public static DynamicObj.DynamicObj Rule(double at, string color, bool vertical = false) => vertical
        ? Obj(("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", at), ("x1", at), ("y0", 0), ("y1", 1), ("line", Obj(("color", color), ("dash", "dash"))))
        : Obj(("type", "line"), ("xref", "paper"), ("yref", "y"), ("x0", 0), ("x1", 1), ("y0", at), ("y1", at), ("line", Obj(("color", color), ("dash", "dash"))));

    /// <summary>A plotly.js attribute object from name/value pairs.</summary>
    public static DynamicObj.DynamicObj Obj(params (string Name, object Value)[] properties)
    {
        var o = new DynamicObj.DynamicObj();
        foreach (var (name, value) in properties) o.SetProperty(name, value);
        return o;
    }
}
