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
/// // prints: score,threshold
/// </code>
/// </example>
public static class DataDriftCharts
{
    /// <summary>One bar per column: the deciding test's score (p-value or distance), red when the column
    /// drifted, and a tick at that column's threshold. A p-value drifts below its tick, a distance at or above it.</summary>
    public static GenericChart DriftScores(DataDriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tested = report.Columns.Where(c => c.Tested).ToArray();   // an untested column has no score to draw
        var x = tested.Select(c => (object)c.Name).ToArray();
        var bars = Bar("score", x, tested.Select(c => c.Score), ReferenceColor);
        bars.SetProperty("marker", Obj(("color", tested.Select(c => c.DriftDetected ? AlertColor : ReferenceColor).ToArray())));
        bars.SetProperty("text", tested.Select(c => c.Test).ToArray());
        bars.SetProperty("hovertemplate", "%{x}: %{text} score %{y}<extra></extra>");
        var ticks = Scatter("threshold", x, tested.Select(c => c.Threshold), ThresholdColor, mode: "markers");
        ticks.SetProperty("marker", Obj(("color", ThresholdColor), ("symbol", "line-ew-open"), ("size", 24), ("line", Obj(("width", 3)))));
        return Chart([bars, ticks],
            $"Drift score per column ({report.NumberOfDriftedColumns} of {report.NumberOfTestedColumns} drifted; p-values drift below the tick, distances at or above)",
            "column", "score");
    }

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
