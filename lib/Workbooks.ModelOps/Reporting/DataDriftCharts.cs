using Plotly.NET;
using Workbooks.ModelOps.Drift;
using static Workbooks.ModelOps.Reporting.PlotlyFigure;

namespace Workbooks.ModelOps.Reporting;

/// <summary>Plotly charts of a <see cref="DataDriftReport"/>.</summary>
/// <example>
/// <code>
/// var report = DataDrift.Compute(reference, current);
/// GenericChart chart = DataDriftCharts.DriftScores(report);
/// Console.WriteLine(string.Join(",", GenericChart.getTraces(chart).Select(t => t.GetPropertyValue("name"))));
/// // prints: -log10 p-value,threshold   (up to 1,000 reference rows; "distance,threshold" above)
/// </code>
/// </example>
public static class DataDriftCharts
{
    /// <summary>Below this p-value a bar is drawn at -log10 of it (300): doubles reach 1e-308, and a longer bar
    /// would say nothing more.</summary>
    public const double SmallestDrawnPValue = 1e-300;

    /// <summary>One horizontal bar per column (named with its test), red when the column drifted, and a tick at
    /// that column's threshold; longer bars mean more drift. P-values are drawn as -log10 p (p = 0.05 is 1.3,
    /// 1e-11 is 11), so the columns that drifted most have the longest bars instead of invisible ones near 0;
    /// distances are drawn as they are. A report mixing both puts distances on a second axis along the top.</summary>
    public static GenericChart DriftScores(DataDriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tested = report.Columns.Where(c => c.Tested).ToArray();   // an untested column has no score to draw
        var pValues = tested.Where(c => c.PValue is not null).ToArray();
        var distances = tested.Where(c => c.PValue is null).ToArray();
        bool mixed = pValues.Length > 0 && distances.Length > 0;
        var traces = new List<Plotly.NET.Trace>();
        if (pValues.Length > 0)
            traces.AddRange(ScoreBars(pValues, "-log10 p-value", mixed ? "threshold (p-value)" : "threshold", c => MinusLog10(c.Score), c => MinusLog10(c.Threshold), null));
        if (distances.Length > 0)
            traces.AddRange(ScoreBars(distances, "distance", mixed ? "threshold (distance)" : "threshold", c => c.Score, c => c.Threshold, mixed ? "x2" : null));
        var xTitle = pValues.Length > 0 ? "-log10 p-value (p = 0.05 is 1.3; longer bar = stronger evidence of drift)" : "distance (longer bar = larger change)";
        return Chart(traces, $"Drift per column: {report.NumberOfDriftedColumns} of {report.NumberOfTestedColumns} drifted (red)", xTitle, "",
            barMode: "overlay", height: 160 + 26 * Math.Max(tested.Length, 3),
            subtitle: "A column drifted when its bar reaches past its threshold tick.",
            more: layout =>
            {
                layout.SetProperty("yaxis", Obj(("automargin", true), ("autorange", "reversed"), ("type", "category")));
                if (mixed) layout.SetProperty("xaxis2", Obj(("title", Obj(("text", "distance"))), ("overlaying", "x"), ("side", "top"), ("automargin", true)));
            });
    }

    private static IEnumerable<Plotly.NET.Trace> ScoreBars(ColumnDriftResult[] columns, string name, string thresholdName,
        Func<ColumnDriftResult, double> length, Func<ColumnDriftResult, double> threshold, string? xAxis)
    {
        var labels = columns.Select(c => (object)$"{c.Name} ({c.Test})").ToArray();
        var bars = Bar(name, labels, columns.Select(length), ReferenceColor, horizontal: true);
        bars.SetProperty("marker", Obj(("color", columns.Select(c => c.DriftDetected ? AlertColor : ReferenceColor).ToArray())));
        bars.SetProperty("customdata", columns.Select(c => c.PValue is null ? $"distance {c.Score:G4}, threshold {c.Threshold:G4}" : $"p-value {c.Score:G3}, threshold {c.Threshold:G3}").ToArray());
        bars.SetProperty("hovertemplate", "%{y}: %{customdata}<extra></extra>");
        var ticks = Scatter(thresholdName, columns.Select(c => (object?)threshold(c)), labels, ThresholdColor, mode: "markers");
        ticks.SetProperty("marker", Obj(("color", ThresholdColor), ("symbol", "line-ns-open"), ("size", 18), ("line", Obj(("width", 3)))));
        if (xAxis is not null)
        {
            bars.SetProperty("xaxis", xAxis);
            ticks.SetProperty("xaxis", xAxis);
        }
        return [bars, ticks];
    }

    private static double MinusLog10(double p) => -Math.Log10(Math.Max(p, SmallestDrawnPValue));

    /// <summary>Score of each test against the sample size (log scale), with each test's threshold dashed.</summary>
    public static GenericChart SampleSize(SampleSizeSensitivityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] palette = [ReferenceColor, CurrentColor, "#54A24B", "#B279A2", "#9D755D"];
        var traces = new List<Plotly.NET.Trace>();
        foreach (var (test, i) in result.Points.Select(p => p.Test).Distinct().Select((t, i) => (t, i)))
        {
            var points = result.Points.Where(p => p.Test == test).OrderBy(p => p.Size).ToArray();
            var color = palette[i % palette.Length];
            var sizes = points.Select(p => (object)p.Size).ToArray();
            traces.Add(Scatter(test, sizes, points.Select(p => p.Score), color,
                markerColors: points.Select(p => p.DriftDetected ? AlertColor : color)));
            traces.Add(Scatter($"{test} threshold", sizes, points.Select(p => p.Threshold), color, mode: "lines", dash: "dash"));
        }
        return Chart(traces, $"{result.Column}: drift score vs sample size (red = drift flagged)", "rows per side", "score (p-value or distance)", logX: true);
    }
}
