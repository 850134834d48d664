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

    /// <summary>Colours for charts with one series per item (percentiles, detectors), in order.</summary>
    public static readonly string[] Palette = { "rgb(31,119,180)", "rgb(255,127,14)", "rgb(44,160,44)", "rgb(214,39,40)", "rgb(148,103,189)", "rgb(140,86,75)" };

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

    /// <summary>A bar trace whose missing values (null) are gaps, never zero-height bars.</summary>
    public static Trace Bar(string name, IEnumerable<object?> categories, IEnumerable<object?> values, string color)
    {
        var t = new Trace2D("bar");
        t.SetProperty("name", name);
        t.SetProperty("x", categories.ToArray());
        t.SetProperty("y", values.ToArray());
        t.SetProperty("marker", Obj(("color", color)));
        return t;
    }

    /// <summary>A scatter trace: <paramref name="mode"/> is plotly's "lines", "markers" or "lines+markers".</summary>
    public static Trace Scatter(string name, IEnumerable<object> x, IEnumerable<double> y, string color,
        string mode = "lines+markers", string? dash = null, bool showLegend = true, IEnumerable<string>? markerColors = null) =>
        NewScatter(name, x.ToArray(), y.ToArray(), color, mode, dash, showLegend, markerColors);

    /// <summary>A scatter trace whose missing values (null) are gaps in the line, never zeros;
    /// <paramref name="width"/> sets the line width (0 hides it, for band edges), <paramref name="fill"/>
    /// and <paramref name="fillColor"/> shade down to the previous trace ("tonexty"), <paramref name="yAxis"/>
    /// puts it on a second axis ("y2").</summary>
    public static Trace Scatter(string name, IEnumerable<object?> x, IEnumerable<object?> y, string color,
        string mode = "lines+markers", string? dash = null, bool showLegend = true, IEnumerable<string>? markerColors = null,
        double? width = null, string? fill = null, string? fillColor = null, string? yAxis = null)
    {
        var t = NewScatter(name, x.ToArray(), y.ToArray(), color, mode, dash, showLegend, markerColors);
        if (width is { } w) t.SetProperty("line", dash is null ? Obj(("color", color), ("width", w)) : Obj(("color", color), ("width", w), ("dash", dash)));
        if (fill is not null) t.SetProperty("fill", fill);
        if (fillColor is not null) t.SetProperty("fillcolor", fillColor);
        if (yAxis is not null) t.SetProperty("yaxis", yAxis);
        return t;
    }

    private static Trace NewScatter(string name, Array x, Array y, string color, string mode, string? dash, bool showLegend, IEnumerable<string>? markerColors)
    {
        var t = new Trace2D("scatter");
        t.SetProperty("name", name);
        t.SetProperty("x", x);
        t.SetProperty("y", y);
        t.SetProperty("mode", mode);
        t.SetProperty("showlegend", showLegend);
        t.SetProperty("line", dash is null ? Obj(("color", color)) : Obj(("color", color), ("dash", dash)));
        t.SetProperty("marker", markerColors is null ? Obj(("color", color)) : Obj(("color", markerColors.ToArray())));
        return t;
    }

    /// <summary>A chart of <paramref name="traces"/> with a title, axis titles and, for bars, a bar mode
    /// ("group" or "overlay"); <paramref name="logX"/> and <paramref name="logY"/> put an axis on a log scale;
    /// a null <paramref name="height"/> leaves the default; <paramref name="more"/> sets further layout attributes;
    /// <paramref name="plotlyNetDefaults"/> merges the layout into Plotly.NET's default one (its template and
    /// 600×600 size) instead of replacing it.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, string title, string xTitle, string yTitle,
        string? barMode = null, int? height = 360, IEnumerable<DynamicObj.DynamicObj>? shapes = null, bool logX = false,
        bool logY = false, Action<Layout>? more = null, bool plotlyNetDefaults = false)
    {
        var layout = new Layout();
        layout.SetProperty("title", Obj(("text", title)));
        layout.SetProperty("xaxis", logX ? Obj(("title", Obj(("text", xTitle))), ("type", "log")) : Obj(("title", Obj(("text", xTitle)))));
        layout.SetProperty("yaxis", logY ? Obj(("title", Obj(("text", yTitle))), ("automargin", true), ("type", "log")) : Obj(("title", Obj(("text", yTitle))), ("automargin", true)));
        if (height is { } h) layout.SetProperty("height", h);
        if (barMode is not null) layout.SetProperty("barmode", barMode);
        if (shapes is not null) layout.SetProperty("shapes", shapes.ToArray());
        more?.Invoke(layout);
        var figure = GenericChart.ofTraceObjects(true, traces.ToArray());
        return plotlyNetDefaults ? Plotly.NET.Chart.withLayout(layout).Invoke(figure) : GenericChart.setLayout(layout, figure);
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
