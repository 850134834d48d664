using Plotly.NET;
using Workbooks.ModelOps.Profiles.Drift;

namespace Workbooks.ModelOps.Reporting;

/// <summary>Charts of drift from profiles: the approximate statistic with its error band against the exact one.</summary>
/// <example>
/// <code>
/// var band = ProfileCharts.StatisticBand([(1000L, 0.05, approx1k), (100_000L, 0.04, approx100k)], "ks");
/// Console.WriteLine(ChartHtml.ToHtml(band).Contains("exact"));
/// // prints: True
/// </code>
/// </example>
public static class ProfileCharts
{
    private static readonly string Blue = PlotlyFigure.Palette[0], Orange = PlotlyFigure.Palette[1];

    /// <summary>Per sample size: the statistic from profiles, its guaranteed band (shaded) and the exact statistic on the raw values.</summary>
    public static GenericChart StatisticBand(IEnumerable<(long Rows, double Exact, ApproximateDriftResult Approximate)> points, string test)
    {
        var p = points.OrderBy(x => x.Rows).ToArray();
        object?[] X = p.Select(x => (object?)x.Rows).ToArray();
        object?[] Y(Func<(long Rows, double Exact, ApproximateDriftResult Approximate), double> f) => p.Select(x => (object?)f(x)).ToArray();
        var traces = new[]
        {
            PlotlyFigure.Scatter("band low", X, Y(x => x.Approximate.StatisticLow), Blue, "lines", showLegend: false, width: 0),
            PlotlyFigure.Scatter("error bound", X, Y(x => x.Approximate.StatisticHigh), Blue, "lines", width: 0, fill: "tonexty", fillColor: "rgba(31,119,180,0.18)"),
            PlotlyFigure.Scatter("from profiles", X, Y(x => x.Approximate.Statistic), Blue, "lines+markers"),
            PlotlyFigure.Scatter("exact (raw values)", X, Y(x => x.Exact), Orange, "markers"),
        };
        return PlotlyFigure.Chart(traces, $"{test} statistic: exact and from profiles, with the bound", "rows per side", "statistic", logX: true);
    }
}
