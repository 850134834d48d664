using System.Diagnostics;
using HdrHistogram;

namespace Workbooks.ModelOps.Metrics;

/// <summary>
/// Records call latencies in microseconds into an HdrHistogram (3 significant digits, 1 µs to one hour), so
/// every percentile it reports is within 0.1% of the exact one. Recording is wait-free and thread-safe
/// (HdrHistogram's <see cref="Recorder"/> over concurrent histograms) and allocates nothing, so many
/// threads can record into one recorder while a reader takes interval snapshots.
/// A latency above one hour is recorded as one hour and counted in <see cref="SaturatedCount"/>.
/// </summary>
/// <example>
/// <code>
/// var recorder = new LatencyRecorder();
/// foreach (var us in new long[] { 100, 200, 300, 400 }) recorder.RecordMicroseconds(us);
/// var window = recorder.TakeInterval();
/// Console.WriteLine($"{window.Count} {window.P50} {window.Max}");
/// // prints: 4 200 400
/// </code>
/// </example>
public sealed class LatencyRecorder
{
    /// <summary>Largest value the histogram tracks: one hour in microseconds.</summary>
    public const long HighestTrackableMicroseconds = 3_600_000_000L;
    /// <summary>Decimal digits of precision kept at every magnitude.</summary>
    public const int SignificantDigits = 3;

    private static readonly long TicksPerMicrosecond = Stopwatch.Frequency % 1_000_000 == 0 ? Stopwatch.Frequency / 1_000_000 : 0;
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly Recorder _recorder;
    private readonly object _readLock = new();
    private long _saturated;

    public LatencyRecorder()
    {
        _recorder = new Recorder(1, HighestTrackableMicroseconds, SignificantDigits,
            (id, lowest, highest, digits) => new LongConcurrentHistogram(id, lowest, highest, digits));
    }

    /// <summary>Values above one hour that were recorded as one hour (since the recorder was made).</summary>
    public long SaturatedCount => Interlocked.Read(ref _saturated);

    /// <summary>Records one latency in microseconds. Thread-safe, allocation-free.</summary>
    public void RecordMicroseconds(long microseconds)
    {
        if (microseconds < 0) throw new ArgumentOutOfRangeException(nameof(microseconds), microseconds, "A latency cannot be negative.");
        if (microseconds > HighestTrackableMicroseconds)
        {
            Interlocked.Increment(ref _saturated);
            microseconds = HighestTrackableMicroseconds;
        }
        _recorder.RecordValue(microseconds);
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public void RecordElapsedSince(long startTimestamp) => RecordStopwatchTicks(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Records a duration given in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordStopwatchTicks(long ticks) =>
        RecordMicroseconds(TicksPerMicrosecond > 0 ? ticks / TicksPerMicrosecond : (long)(ticks * MicrosecondsPerTick));

    /// <summary>Records a <see cref="TimeSpan"/>.</summary>
    public void Record(TimeSpan elapsed) => RecordMicroseconds(elapsed.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>Everything recorded since the previous call (or since creation): one window's latencies.
    /// Recording threads are never stalled. Safe to call from several readers.</summary>
    public LatencySnapshot TakeInterval()
    {
        lock (_readLock)
            return new LatencySnapshot(_recorder.GetIntervalHistogram());
    }
}
