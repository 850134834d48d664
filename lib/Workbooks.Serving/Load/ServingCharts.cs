using System.Globalization;
using Plotly.NET;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Serving.Load;

/// <summary>Charts of load runs and timelines (notebook 11): hit rate against key popularity, latency percentiles
/// per cache mode, and latency over time coloured by the answering version across a hot swap.</summary>
public static class ServingCharts
{
    /// <summary>Measured hit rate per Zipf exponent, beside the best any cache holding every key could do.</summary>
    public static GenericChart HitRateByPopularity(IReadOnlyList<double> exponents, IReadOnlyList<LoadResult> runs, IReadOnlyList<double> ideal)
    {
        var x = exponents.Select(e => (object)e).ToArray();
        return PlotlyFigure.Chart(
            [PlotlyFigure.Scatter("measured hit rate", x, runs.Select(r => r.HitRate), PlotlyFigure.Palette[0]),
             PlotlyFigure.Scatter("every repeat a hit (ceiling)", x, ideal, PlotlyFigure.Palette[1], dash: "dash")],
            "Cache hit rate against key popularity", "Zipf exponent of key popularity", "hit rate");
    }

    /// <summary>p50, p99 and p99.9 per run (one group of bars per run), milliseconds on a log axis.</summary>
    public static GenericChart LatencyByRun(IReadOnlyList<LoadResult> runs)
    {
        var names = runs.Select(r => (object)$"{r.Scenario} (c={r.Concurrency})").ToArray();
        return PlotlyFigure.Chart(
            [PlotlyFigure.Bar("p50", names, runs.Select(r => r.P50Ms), PlotlyFigure.Palette[0]),
             PlotlyFigure.Bar("p99", names, runs.Select(r => r.P99Ms), PlotlyFigure.Palette[1]),
             PlotlyFigure.Bar("p99.9", names, runs.Select(r => r.P999Ms), PlotlyFigure.Palette[3])],
            "Latency by run", "", "latency (ms, log scale)", barMode: "group", logY: true);
    }

    /// <summary>Each answer's latency at the time it finished, one colour per answering version, with the swap marked
    /// where the first answer of a later version arrived.</summary>
    public static GenericChart LatencyByVersion(IReadOnlyList<TimedAnswer> answers)
    {
        var versions = answers.Where(a => a.Version is not null).Select(a => a.Version!).Distinct().ToList();
        var traces = versions.Select((v, i) =>
        {
            var mine = answers.Where(a => a.Version == v).ToArray();
            return PlotlyFigure.Scatter($"version {v}", mine.Select(a => (object)a.At), mine.Select(a => a.LatencyMs), PlotlyFigure.Palette[i % PlotlyFigure.Palette.Length], mode: "markers");
        }).ToList();
        var swaps = versions.Skip(1).Select(v => PlotlyFigure.Rule(answers.First(a => a.Version == v).At, "gray", vertical: true));
        return PlotlyFigure.Chart(traces, "Latency per request across the hot swap", "seconds", "latency (ms, log scale)", shapes: swaps, logY: true);
    }

    /// <summary>Requests answered per version (the swap as counts).</summary>
    public static string Summary(IReadOnlyList<TimedAnswer> answers) => string.Join(", ", answers.GroupBy(a => a.Version ?? $"HTTP {a.Status}")
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()} answers ({g.Count(a => a.Cached)} cached)")));
}
