using System.Globalization;
using HdrHistogram;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// The latencies of one window (or of several merged), in microseconds: count, mean, max and percentiles.
/// Percentiles follow HdrHistogram: the value at or below which the given percent of calls fall, reported
/// as the highest value equivalent to it at 3 significant digits (so within 0.1% of the exact value).
/// Immutable; <see cref="Merge(IEnumerable{LatencySnapshot})"/> combines windows or threads.
/// </summary>
/// <example>
/// <code>
/// var a = new LatencyRecorder(); a.RecordMicroseconds(1000);
/// var b = new LatencyRecorder(); b.RecordMicroseconds(2000);
/// var both = LatencySnapshot.Merge(new[] { a.TakeInterval(), b.TakeInterval() });
/// Console.WriteLine($"{both.Count} {both.Mean}");
/// // prints: 2 1500
/// </code>
/// </example>
public sealed class LatencySnapshot : IHtmlRenderable
{
    private readonly HistogramBase _histogram;

    internal LatencySnapshot(HistogramBase histogram) => _histogram = histogram;

    /// <summary>A window with no calls.</summary>
    public static LatencySnapshot Empty { get; } = new(new LongHistogram(1, LatencyRecorder.HighestTrackableMicroseconds, LatencyRecorder.SignificantDigits));

    /// <summary>The percentiles every report shows: p50, p90, p95, p99, p99.9.</summary>
    public static IReadOnlyList<double> StandardPercentiles { get; } = new[] { 50.0, 90.0, 95.0, 99.0, 99.9 };

    public long Count => _histogram.TotalCount;
    public bool IsEmpty => Count == 0;

    /// <summary>Mean latency in microseconds (of the bucket midpoints, so also within 0.1%).</summary>
    public double Mean => Require(nameof(Mean)).GetMean();
    public long Max => Require(nameof(Max)).GetMaxValue();
    public long P50 => ValueAtPercentile(50);
    public long P90 => ValueAtPercentile(90);
    public long P95 => ValueAtPercentile(95);
    public long P99 => ValueAtPercentile(99);
    public long P999 => ValueAtPercentile(99.9);

    /// <summary>The latency (µs) at <paramref name="percentile"/> (0 to 100).</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (!(percentile >= 0 && percentile <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must be in [0, 100].");
        return Require($"p{percentile.ToString(CultureInfo.InvariantCulture)}").GetValueAtPercentile(percentile);
    }

    /// <summary>(percentile, latency µs) pairs for a percentile curve, from p0 up to p99.999.</summary>
    public IReadOnlyList<(double Percentile, long Microseconds)> PercentileCurve()
    {
        Require("a percentile curve");
        var points = new List<(double, long)>();
        foreach (var p in new[] { 0.0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999 })
            points.Add((p, _histogram.GetValueAtPercentile(p)));
        return points;
    }

    /// <summary>One snapshot holding every latency of <paramref name="snapshots"/> (windows or threads combined).</summary>
    public static LatencySnapshot Merge(IEnumerable<LatencySnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var sum = new LongHistogram(1, LatencyRecorder.HighestTrackableMicroseconds, LatencyRecorder.SignificantDigits);
        foreach (var s in snapshots) sum.Add(s._histogram);
        return new LatencySnapshot(sum);
    }

    public string ToHtml()
    {
        if (IsEmpty) return "<p>No calls recorded.</p>";
        List<IReadOnlyList<string>> rows = [["calls", Count.ToString(CultureInfo.InvariantCulture)], ["mean", FormatMicroseconds(Mean)]];
        rows.AddRange(StandardPercentiles.Select(p => (IReadOnlyList<string>)[$"p{p.ToString(CultureInfo.InvariantCulture)}", FormatMicroseconds(ValueAtPercentile(p))]));
        rows.Add(["max", FormatMicroseconds(Max)]);
        return HtmlTable.Render(null, ["latency", "value"], rows);
    }

    public override string ToString() => IsEmpty ? "no calls"
        : $"{Count} calls, p50 {FormatMicroseconds(P50)}, p99 {FormatMicroseconds(P99)}, p99.9 {FormatMicroseconds(P999)}, max {FormatMicroseconds(Max)}";

    /// <summary>"850 µs", "12.3 ms" or "1.50 s".</summary>
    public static string FormatMicroseconds(double us) => us switch
    {
        < 1000 => $"{us.ToString("0", CultureInfo.InvariantCulture)} µs",
        < 1_000_000 => $"{(us / 1000).ToString("0.##", CultureInfo.InvariantCulture)} ms",
        _ => $"{(us / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture)} s",
    };

    private HistogramBase Require(string what) => IsEmpty
        ? throw new InvalidOperationException($"Latency {what} is undefined for a window with no calls; check IsEmpty first.")
        : _histogram;
}
