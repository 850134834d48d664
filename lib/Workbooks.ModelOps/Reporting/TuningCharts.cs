using Plotly.NET;
using Workbooks.ModelOps.Tuning;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of hyperparameter searches: the best validation value found against the seconds spent (the curve a
/// searcher is judged by), every trial at its budget, and the defaults against the best on held-out rows.
/// </summary>
/// <example>
/// <code>
/// var days = ReplayDataset.Create(DatasetCatalog.LoadTable("bike_sharing_day"), "cnt", time: "dteday", drop: ["instant", "casual", "registered"]);
/// var result = Tuner.Run(TuningData.Create(days, timeOrdered: true), "linear", new TuningOptions { Trials = 3 });
/// Console.WriteLine(GenericChart.toChartHTML(TuningCharts.BestSoFar(result)).Contains("random"));
/// // prints: True
/// </code>
/// </example>
public static class TuningCharts
{
    /// <summary>For each search, the best full-budget validation value so far against the seconds since it began (a step line),
    /// and each full trial as a point.</summary>
    public static GenericChart BestSoFar(params TuningResult[] searches)
    {
        ArgumentNullException.ThrowIfNull(searches);
        var traces = new List<Trace>();
        for (int i = 0; i < searches.Length; i++)
        {
            var s = searches[i];
            string color = PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length];
            var best = s.BestSoFar();
            var line = PlotlyFigure.Scatter($"{s.Searcher}: best so far", best.Select(p => (object)p.Seconds), best.Select(p => p.Value), color, mode: "lines");
            line.SetProperty("line", PlotlyFigure.Obj(("color", color), ("shape", "hv"), ("width", 2)));
            traces.Add(line);
            var full = s.Trials.Where(t => t.IsFull).ToList();
            traces.Add(PlotlyFigure.Scatter($"{s.Searcher}: full trials", full.Select(t => (object)t.FinishedAt), full.Select(t => t.Value), color, mode: "markers"));
        }
        string metric = searches.Length > 0 ? searches[0].Metric : "metric";
        return PlotlyFigure.Chart(traces, $"Best validation {metric} against time spent", "seconds since the search began",
            $"validation {metric} ({(searches.Length > 0 && searches[0].HigherIsBetter ? "higher" : "lower")} is better)");
    }

    /// <summary>Every trial of one search: its validation value by the share of the budget it trained with (successive
    /// halving's rungs show as columns of points, thinning as they rise).</summary>
    public static GenericChart TrialsByBudget(TuningResult search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var traces = search.Trials.GroupBy(t => t.Rung).OrderBy(g => g.Key).Select(g => PlotlyFigure.Scatter(
            $"rung {g.Key} ({g.First().Fidelity:P0} of the budget)", g.Select(t => (object)t.Fidelity), g.Select(t => t.Value),
            PlotlyFigure.Palette[g.Key % PlotlyFigure.Palette.Length], mode: "markers"));
        return PlotlyFigure.Chart(traces, $"{search.Searcher} search of {search.Trainer}: every trial", "share of the budget (log scale)",
            $"validation {search.Metric}", logX: true);
    }

    /// <summary>The defaults and the best of each search, measured on the same held-out rows.</summary>
    public static GenericChart DefaultVersusBest(params TuningResult[] searches)
    {
        ArgumentNullException.ThrowIfNull(searches);
        if (searches.Length == 0) throw new ArgumentException("Give at least one search.");
        var names = new List<object> { "defaults" };
        var values = new List<double> { searches[0].Default.Value };
        foreach (var s in searches) { names.Add($"best of {s.Searcher}"); values.Add(s.Best.Value); }
        return PlotlyFigure.Chart([PlotlyFigure.Bar($"held-out {searches[0].Metric}", names, values, PlotlyFigure.Palette[0])],
            $"Held-out {searches[0].Metric}: defaults against the tuned best", "", searches[0].Metric);
    }
}
