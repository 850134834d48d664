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

    /// <summary>Colours for charts with one series per item (percentiles, detectors), in order: plotly's ten
    /// (D3 category10), so up to ten series never share a colour (seven detectors did with six).</summary>
    public static readonly string[] Palette =
    {
        "rgb(31,119,180)", "rgb(255,127,14)", "rgb(44,160,44)", "rgb(214,39,40)", "rgb(148,103,189)",
        "rgb(140,86,75)", "rgb(227,119,194)", "rgb(127,127,127)", "rgb(188,189,34)", "rgb(23,190,207)",
    };

    /// <summary>Characters per title line: plotly.js never wraps a title, and a longer line is cut off at the
    /// chart's edges once the chart is as narrow as 800 px.</summary>
    public const int TitleLineLength = 70;

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
    /// 600×600 size; <see cref="ChartHtml"/> drops the width) instead of replacing it; <paramref name="subtitle"/>
    /// goes under the title in smaller type. Titles wrap (<see cref="SetTitle"/>) and the legend sits under the plot.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, string title, string xTitle, string yTitle,
        string? barMode = null, int? height = 360, IEnumerable<DynamicObj.DynamicObj>? shapes = null, bool logX = false,
        bool logY = false, Action<Layout>? more = null, bool plotlyNetDefaults = false, string? subtitle = null)
    {
        var layout = new Layout();
        SetTitle(layout, title, subtitle);
        layout.SetProperty("legend", LegendBelow());
        layout.SetProperty("xaxis", logX ? Obj(("title", Obj(("text", xTitle))), ("type", "log")) : Obj(("title", Obj(("text", xTitle)))));
        layout.SetProperty("yaxis", logY ? Obj(("title", Obj(("text", yTitle))), ("automargin", true), ("type", "log")) : Obj(("title", Obj(("text", yTitle))), ("automargin", true)));
        if (height is { } h) layout.SetProperty("height", h);
        if (barMode is not null) layout.SetProperty("barmode", barMode);
        if (shapes is not null) layout.SetProperty("shapes", shapes.ToArray());
        more?.Invoke(layout);
        var figure = GenericChart.ofTraceObjects(true, traces.ToArray());
        return plotlyNetDefaults ? Plotly.NET.Chart.withLayout(layout).Invoke(figure) : GenericChart.setLayout(layout, figure);
    }

    /// <summary>Sets the layout's title: <paramref name="title"/> broken into lines of at most
    /// <see cref="TitleLineLength"/> characters, an optional smaller <paramref name="subtitle"/> under it, left
    /// aligned with the plot, and a top margin tall enough for all the lines (plotly.js keeps its default
    /// margin whatever the title, and cuts off what does not fit).</summary>
    public static void SetTitle(Layout layout, string title, string? subtitle = null)
    {
        var lines = Wrap(title, TitleLineLength).Select(Escape).ToList();
        var sub = subtitle is null ? [] : Wrap(subtitle, TitleLineLength + 25).Select(l => "<span style=\"font-size:12px\">" + Escape(l) + "</span>").ToList();
        layout.SetProperty("title", Obj(("text", string.Join("<br>", lines.Concat(sub))), ("x", 0), ("xref", "paper"), ("xanchor", "left")));
        layout.SetProperty("margin", Obj(("t", 40 + 20 * (lines.Count + sub.Count))));
    }

    /// <summary>A horizontal legend at the bottom of the figure, under the x axis title: clear of a right-hand
    /// axis (plotly's default place, right of the plot, covers a second y axis's title) and leaving the plot
    /// the full width on a narrow page. The bottom margin grows to fit it.</summary>
    public static DynamicObj.DynamicObj LegendBelow() =>
        Obj(("orientation", "h"), ("x", 0), ("xanchor", "left"), ("y", 0), ("yanchor", "bottom"), ("yref", "container"));

    // plotly.js reads a few HTML tags in titles: "p < 0.05" must not open one.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
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
