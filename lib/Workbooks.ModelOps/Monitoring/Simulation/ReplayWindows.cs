using System.Diagnostics;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// Builds a replay's <see cref="ReplayWindow"/>s: the replay loop reports each row (wall time spent, injected failure)
/// into its own window assigner with the monitor's <see cref="WindowSpec"/>; the monitor's traffic windows (calls,
/// latency) are joined to them by window key, its quality windows (metrics, incorrect predictions) to the window in which
/// they start (quality windows count labelled predictions, so their count keys differ once calls fail).
/// </summary>
internal sealed class ReplayWindows(SimulationOptions options) : IWindowObserver<ReplayRow, PredictionView>, IQualityObserver<ReplayRow, PredictionView>
{
    private sealed record RowWindow(int Index, string Key, DateTime Start, DateTime End, long WallTicks, int Injected);
    private sealed record Quality(DateTime Start, IReadOnlyDictionary<string, double> Metrics, long Labelled, long Incorrect);

    private readonly Random _faults = new(options.Seed);
    private readonly List<RowWindow> _replayed = new();
    private readonly Dictionary<string, MonitorWindow<ReplayRow, PredictionView>> _traffic = new(StringComparer.Ordinal);
    private readonly List<Quality> _quality = new();
    private WindowAssigner<(long WallTicks, bool Injected)>? _rows;
    private long _last = Stopwatch.GetTimestamp();

    /// <summary>Whether this call fails by fault injection before reaching the model.</summary>
    public bool InjectFailure() => options.SimulatedFailureRate > 0 && _faults.NextDouble() < options.SimulatedFailureRate;

    /// <summary>One row replayed at <paramref name="time"/>: the wall time since the previous row counts to its window.</summary>
    public void Replayed(DateTime time, bool injected)
    {
        _rows ??= new(options.Window, w => _replayed.Add(new RowWindow(w.Index, w.Key, w.Start, w.End, w.Items.Sum(i => i.WallTicks), w.Items.Count(i => i.Injected))));
        long now = Stopwatch.GetTimestamp();
        _rows.Add((now - _last, injected), time);
        _last = now;
    }

    public void OnWindow(MonitorWindow<ReplayRow, PredictionView> window)
    {
        lock (_traffic) _traffic[window.Key] = window with { Calls = [] };
    }

    public void OnQualityWindow(QualityWindow<ReplayRow, PredictionView> window)
    {
        long incorrect = options.IncorrectAbove is { } limit
            ? window.Predictions.Count(p => p.Truth.Class is null && Math.Abs(p.Truth.Value - p.Prediction.Score) > limit)
            : 0;
        lock (_quality) _quality.Add(new Quality(window.Start, window.Metrics, window.Counts.Labelled, window.Counts.Incorrect + incorrect));
    }

    /// <summary>The joined windows, once the monitor has been disposed (every window delivered).</summary>
    public IReadOnlyList<ReplayWindow> Windows()
    {
        _rows?.Flush();
        var empty = LatencySnapshot.Merge([]);
        var result = new List<ReplayWindow>(_replayed.Count);
        var quality = new Quality?[_replayed.Count];
        lock (_quality)
            foreach (var q in _quality)
            {
                int at = _replayed.FindLastIndex(r => r.Start <= q.Start);
                if (at >= 0) quality[at] ??= q;
            }
        lock (_traffic)
            foreach (var (r, q) in _replayed.Zip(quality))
            {
                _traffic.TryGetValue(r.Key, out var t);
                var wall = TimeSpan.FromSeconds(Math.Max(r.WallTicks, 1) / (double)Stopwatch.Frequency);
                var calls = new CallCounts((t?.Counts.Calls ?? 0) + r.Injected, t?.Counts.Exceptions ?? 0, (t?.Counts.Timeouts ?? 0) + r.Injected,
                    q?.Labelled ?? 0, q?.Incorrect ?? 0, wall);
                result.Add(new ReplayWindow(r.Index, r.Key, r.Start, r.End, calls, t?.Latency ?? empty, q?.Metrics ?? new Dictionary<string, double>()));
            }
        return result;
    }
}
