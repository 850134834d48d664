using System.Globalization;
using System.Text;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Simulation;

/// <summary>
/// What a <see cref="TrafficReplay"/> measured, per window and overall. Renders as an HTML table in notebooks;
/// <see cref="ReplayCharts"/> draws it.
/// </summary>
/// <example>
/// <code>
/// var rows = Enumerable.Range(0, 10).Select(i => (double)i).ToList();
/// var replay = TrafficReplay.Regression(rows, Chunker.BySize(10, 5), x => x, x => x);
/// Console.WriteLine($"{replay.TotalCalls.Calls} {replay.OverallLatency.Count}");
/// // prints: 10 10
/// </code>
/// </example>
public sealed class ReplayResult(IReadOnlyList<ReplayWindow> windows) : IHtmlRenderable
{
    public IReadOnlyList<ReplayWindow> Windows { get; } = windows;

    /// <summary>Latencies of every window merged.</summary>
    public LatencySnapshot OverallLatency { get; } = LatencySnapshot.Merge(windows.Select(w => w.Latency));

    /// <summary>Call counts of every window added.</summary>
    public CallCounts TotalCalls { get; } = CallCounts.Sum(windows.Select(w => w.Calls));

    public string ToHtml()
    {
        string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
        var html = new StringBuilder("<table><tr><th>window</th><th>calls</th><th>MAE</th><th>RMSE</th><th>R²</th><th>p50</th><th>p99</th><th>p99.9</th><th>calls/s</th><th>error rate</th></tr>");
        foreach (var w in Windows)
        {
            var q = w.Quality;
            string Lat(Func<LatencySnapshot, long> f) => w.Latency.IsEmpty ? "" : LatencySnapshot.FormatMicroseconds(f(w.Latency));
            html.Append($"<tr><td>{System.Net.WebUtility.HtmlEncode(w.Window.Key)}</td><td>{w.Calls.Calls}</td><td>{(q is null ? "" : F(q.Mae))}</td><td>{(q is null ? "" : F(q.Rmse))}</td>")
                .Append($"<td>{(q is null ? "" : F(q.R2, "0.000"))}</td><td>{Lat(l => l.P50)}</td><td>{Lat(l => l.P99)}</td><td>{Lat(l => l.P999)}</td>")
                .Append($"<td>{F(w.Calls.Throughput, "N0")}</td><td>{F(w.Calls.ErrorRate, "0.0%")}</td></tr>");
        }
        return html.Append("</table>").ToString();
    }

    public override string ToString() => $"{Windows.Count} windows, {TotalCalls.Calls} calls ({TotalCalls.Failed} failed), latency {OverallLatency}";
}
