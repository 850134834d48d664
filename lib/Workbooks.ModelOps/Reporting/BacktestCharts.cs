using Plotly.NET;
using Workbooks.ModelOps.Retraining;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of prequential backtests: each strategy's metric per window over the stream with the rows where a retrained
/// model took over marked, and the baselines (online model, no-change) dashed on the same axis.
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 3000).Select(i => (double)(i % 10)).ToArray();
/// var data = ReplayDataset.Create(new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", [.. x.Select(v => v &lt; 5 ? "a" : "b")])]), "y");
/// var comparison = PrequentialBacktest.Compare(data, [new NeverRetrain(), new PeriodicRetrain(500)], new BacktestOptions { InitialRows = 1000, ReportEvery = 250 });
/// Console.WriteLine(GenericChart.toChartHTML(BacktestCharts.MetricOverTime(comparison)).Contains("periodic:500 retrains"));
/// // prints: True
/// </code>
/// </example>
public static class BacktestCharts
{
    /// <summary>The metric per window of every strategy, retrain points as markers, baselines dashed.</summary>
    public static GenericChart MetricOverTime(BacktestComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var traces = new List<Trace>();
        string metric = comparison.Results.FirstOrDefault()?.Metric ?? "metric";
        for (int i = 0; i < comparison.Results.Count; i++)
        {
            var r = comparison.Results[i];
            string color = PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length];
            traces.Add(PlotlyFigure.Scatter(r.Strategy, r.Windows.Select(w => (object)w.End), r.Windows.Select(w => w.Value), color, mode: "lines"));
            var marks = r.Retrains.Select(row => (Row: row, Window: r.Windows.FirstOrDefault(w => w.Start <= row && row < w.End) ?? r.Windows[^1])).ToList();
            if (marks.Count > 0)
                traces.Add(PlotlyFigure.Scatter($"{r.Strategy} retrains", marks.Select(m => (object)m.Row), marks.Select(m => m.Window.Value), color, mode: "markers"));
        }
        var b = comparison.Baselines;
        traces.Add(PlotlyFigure.Scatter("baseline: online SGD", b.OnlineWindows.Select(w => (object)w.End), b.OnlineWindows.Select(w => w.Value), PlotlyFigure.ThresholdColor, mode: "lines", dash: "dash"));
        if (b.NoChangeWindows is { } noChange)
            traces.Add(PlotlyFigure.Scatter("baseline: no-change", noChange.Select(w => (object)w.End), noChange.Select(w => w.Value), PlotlyFigure.AlertColor, mode: "lines", dash: "dot"));
        return PlotlyFigure.Chart(traces, $"{metric} per window of the prequential backtest", "row (end of window)", metric, height: 420);
    }
}
