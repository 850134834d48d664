using System.Globalization;
using System.Text;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Monitoring.Alerts;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>One window of a replay: the calls made in it, their latency, and the quality of its labelled predictions.</summary>
/// <param name="Index">0-based position.</param>
/// <param name="Key">The window's label: <c>[0:500)</c> for count windows, the period (<c>2012-03</c>) or start time otherwise.</param>
/// <param name="Start">Start of the window in replayed (or simulated) time.</param>
/// <param name="End">End of the window, exclusive.</param>
/// <param name="Calls">Calls, failures (exceptions, timeouts), labelled and incorrect predictions; its window length is the
/// wall time the replay spent in the window, so <see cref="CallCounts.Throughput"/> is calls per second of wall time.</param>
/// <param name="Latency">Latency of the calls that reached the model.</param>
/// <param name="Quality">The task's metrics (<see cref="QualityEvaluators"/>: mae, rmse, r2 ... or accuracy, f1 ...) over the
/// predictions labelled in the window; empty when none were.</param>
public sealed record ReplayWindow(int Index, string Key, DateTime Start, DateTime End, CallCounts Calls, LatencySnapshot Latency,
    IReadOnlyDictionary<string, double> Quality);

/// <summary>
/// What a replay (<see cref="TrafficSimulation"/>, or the walkthroughs' front <c>TrafficReplay</c>) leaves: its windows,
/// the monitor's counts, the alerts that fired and resolved, and the holdout baseline the rules were set from. Renders as an
/// HTML table in notebooks; <see cref="ReplayCharts"/> draws it.
/// </summary>
public sealed record ReplayResult(int RowsReplayed, bool Interrupted, MonitorCounts Counts, long FlushedPredictions,
    IReadOnlyList<AlertEvent> Alerts, IReadOnlyList<ReplayWindow> Windows, IReadOnlyDictionary<string, double> Baseline) : IHtmlRenderable
{
    /// <summary>Latencies of every window merged.</summary>
    public LatencySnapshot OverallLatency { get; } = LatencySnapshot.Merge(Windows.Select(w => w.Latency));

    /// <summary>Call counts of every window added.</summary>
    public CallCounts TotalCalls { get; } = CallCounts.Sum(Windows.Select(w => w.Calls));

    public string ToHtml()
    {
        var metrics = Windows.SelectMany(w => w.Quality.Keys).Distinct().Where(m => m is "mae" or "rmse" or "r2" or "accuracy" or "f1").ToList();
        string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
        List<string> header = ["window", "calls", .. metrics.Select(m => m == "r2" ? "R²" : m.ToUpperInvariant()), "p50", "p99", "p99.9", "calls/s", "error rate"];
        var rows = Windows.Select(w =>
        {
            string Lat(Func<LatencySnapshot, long> f) => w.Latency.IsEmpty ? "" : LatencySnapshot.FormatMicroseconds(f(w.Latency));
            return (IReadOnlyList<string>)[w.Key, w.Calls.Calls.ToString(CultureInfo.InvariantCulture),
                .. metrics.Select(m => w.Quality.TryGetValue(m, out var v) ? F(v, m is "mae" or "rmse" ? "0.0" : "0.000") : ""),
                Lat(l => l.P50), Lat(l => l.P99), Lat(l => l.P999), w.Calls.Window > TimeSpan.Zero ? F(w.Calls.Throughput, "N0") : "", F(w.Calls.ErrorRate, "0.0%")];
        }).ToList();
        return HtmlTable.Render(null, header, rows);
    }

    public override string ToString() => $"{Windows.Count} windows, {TotalCalls.Calls} calls ({TotalCalls.Failed} failed), latency {OverallLatency}";
}
