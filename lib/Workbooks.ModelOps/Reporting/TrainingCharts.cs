using Plotly.NET;
using Workbooks.ModelOps.Training;

namespace Workbooks.ModelOps.Reporting;

/// <summary>Plotly charts of gradient training: seconds per epoch by batch size, one line per device (log axes).</summary>
/// <example>
/// <code>
/// var chart = TrainingCharts.EpochTimeByBatchSize([new EpochTiming("CPU", 64, 0.2, 0.5), new EpochTiming("CPU", 256, 0.1, 0.5)]);
/// Console.WriteLine(GenericChart.toChartHTML(chart).Contains("seconds per epoch"));
/// // prints: True
/// </code>
/// </example>
public static class TrainingCharts
{
    public static GenericChart EpochTimeByBatchSize(IReadOnlyList<EpochTiming> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        var traces = timings.GroupBy(t => t.Device).Select((g, i) => PlotlyFigure.Scatter(g.Key, g.Select(t => (object)t.BatchSize), g.Select(t => t.SecondsPerEpoch),
            PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length], mode: "lines+markers")).ToList();
        return PlotlyFigure.Chart(traces, "seconds per epoch by batch size", "batch size (rows per step)", "seconds per epoch", height: 380);
    }
}
