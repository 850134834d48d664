using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>Exact totals of a monitor since it started.</summary>
/// <param name="Requests">Calls made (each got an id).</param>
/// <param name="Failures">Calls whose predictor threw or ran past the timeout.</param>
/// <param name="Dropped">Call records dropped because the queue was full (policy Drop); they still count as requests.</param>
/// <param name="Processed">Call records the background thread has handled (windows, log, meters).</param>
/// <param name="Labels">The label join: waiting, joined, expired, evicted, unmatched.</param>
/// <param name="LabelsDropped">Labels dropped because the label queue was full (policy Drop).</param>
public readonly record struct MonitorCounts(long Requests, long Failures, long Dropped, long Processed, LabelJoinCounts Labels, long LabelsDropped);

/// <summary>
/// Wraps a predictor so every call is timed, given an id and handed, without allocating, to a background
/// thread that builds windows, joins labels, feeds drift checks, detectors, meters, alerts and the log.
/// Safe for any number of concurrent callers; counts are exact. <see cref="SwapModel"/> replaces the model while
/// calls run: each call is served and recorded by exactly one version, and tagged with it.
/// </summary>
/// <example>
/// <code>
/// using var monitor = new ModelMonitor&lt;double, double&gt;(x => 2 * x, new MonitorOptions { Window = WindowSpec.ByCount(2) });
/// double y = monitor.Predict(21, out long id);
/// monitor.Label(id, GroundTruth.OfValue(42));
/// monitor.Flush();
/// Console.WriteLine($"{y} id={id} requests={monitor.Counts.Requests} joined={monitor.Counts.Labels.Joined}");
/// // prints: 42 id=1 requests=1 joined=1
/// </code>
/// </example>
public sealed class ModelMonitor<TIn, TOut> : IDisposable
{
    private readonly ConcurrentDictionary<string, VersionTally> _tallies = new(StringComparer.Ordinal);
    private readonly object _swapGate = new();
    private volatile ServingModel<TIn, TOut> _serving;
    private readonly BoundedRing<MonitoredCall<TIn, TOut>> _calls;
    private readonly BoundedRing<LabelEvent> _labels;
    private readonly TimeProvider _clock;
    private readonly MonitorPipeline<TIn, TOut> _pipeline;
    private readonly long _timeoutTicks;
    private long _nextId;
    private long _failures;

    public ModelMonitor(Func<TIn, TOut> predictor, MonitorOptions? options = null, Func<TOut, PredictionView>? project = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        Options = options ?? new MonitorOptions();
        Options.Validate();
        _serving = new ServingModel<TIn, TOut>(predictor, TallyOf(Options.ModelVersion));
        _clock = Options.Clock;
        WallClockFromStopwatch = ReferenceEquals(_clock, TimeProvider.System);
        _timeoutTicks = Options.Timeout is { } t ? (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _calls = new BoundedRing<MonitoredCall<TIn, TOut>>(Options.QueueCapacity, Options.BackPressure);
        _labels = new BoundedRing<LabelEvent>(Math.Max(1024, Options.QueueCapacity / 4), Options.BackPressure);
        _pipeline = new MonitorPipeline<TIn, TOut>(this, _calls, _labels, project ?? PredictionProjection.Default<TOut>());
        MonitorMeters.Register(this);
    }

    public MonitorOptions Options { get; }

    /// <summary>The version now serving calls: <see cref="MonitorOptions.ModelVersion"/> until the first <see cref="SwapModel"/>.</summary>
    public string ModelVersion => _serving.Version;

    /// <summary>Calls per version served so far (exact after <see cref="Flush"/>); the meters report these under each version's tag.</summary>
    public IReadOnlyList<ModelVersionCounts> VersionCounts => _tallies.Values.Select(t => t.Snapshot()).OrderBy(c => c.Version, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Serves every call that starts from now on with <paramref name="predictor"/>, tagged <paramref name="version"/>
    /// (in the log, the latency histogram and the per-version counters; other gauges take the new tag at once).
    /// Calls already running finish on the model they started with and are recorded under its version: none is
    /// lost or counted twice. Windows open at the swap are not cut, so one window can hold calls of both versions.
    /// </summary>
    public void SwapModel(Func<TIn, TOut> predictor, string version)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (string.IsNullOrWhiteSpace(version)) throw new ArgumentException("A model version must not be empty: it tags every meter and log row.", nameof(version));
        lock (_swapGate) _serving = new ServingModel<TIn, TOut>(predictor, TallyOf(version));
    }

    internal VersionTally TallyOf(string version) => _tallies.GetOrAdd(version, v => new VersionTally(v));

    /// <summary>True when calls carry their Stopwatch start timestamp and the background thread turns it into UTC.</summary>
    internal bool WallClockFromStopwatch { get; }
    /// <summary>What the background thread feeds: hooks, sinks and observers are added here.</summary>
    public MonitorPipeline<TIn, TOut> Pipeline => _pipeline;

    /// <summary>Calls the predictor and records the call. Exceptions are counted and rethrown unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TOut Predict(TIn input) => Predict(input, out _);

    /// <summary>Calls the predictor and records the call under a new <paramref name="id"/>, to which a label can be given later.</summary>
    public TOut Predict(TIn input, out long id)
    {
        id = Interlocked.Increment(ref _nextId);
        long start = Stopwatch.GetTimestamp();
        // Reading the wall clock costs as much as a Stopwatch read; with the system clock the background
        // thread derives the time from the start timestamp instead (see WallClockFromStopwatch).
        long time = WallClockFromStopwatch ? start : _clock.GetUtcNow().UtcTicks;
        // One read of the serving pair: this call is predicted and recorded by the same version even if a swap lands now.
        var serving = _serving;
        TOut output;
        try
        {
            output = serving.Predict(input);
        }
        catch
        {
            RecordFailure(id, time, start, input, serving);
            throw;
        }
        long latency = Stopwatch.GetTimestamp() - start;
        if (!_calls.TryAdd(new MonitoredCall<TIn, TOut>(id, time, latency, input, output, latency > _timeoutTicks ? TimeoutFailure() : null) { ModelVersion = serving.Version }))
            serving.Tally.CountDropped();
        return output;
    }

    /// <summary>
    /// Records a call served outside <see cref="Predict(TIn, out long)"/>: an asynchronous path such as a service that
    /// answers from a prediction cache or awaits a remote model. <paramref name="startTimestamp"/> is the
    /// <see cref="Stopwatch.GetTimestamp"/> taken when the call began (the latency runs from it to now) and
    /// <paramref name="version"/> the model version that answered (the serving one when null). Returns the call's id,
    /// to which a label can be given later, exactly as for <see cref="Predict(TIn, out long)"/>.
    /// </summary>
    public long Record(TIn input, TOut output, long startTimestamp, string? version = null)
    {
        long id = Interlocked.Increment(ref _nextId);
        long latency = Stopwatch.GetTimestamp() - startTimestamp;
        long time = WallClockFromStopwatch ? startTimestamp : _clock.GetUtcNow().UtcTicks;
        var tally = version is null ? _serving.Tally : TallyOf(version);
        if (!_calls.TryAdd(new MonitoredCall<TIn, TOut>(id, time, latency, input, output, latency > _timeoutTicks ? TimeoutFailure() : null) { ModelVersion = tally.Version }))
            tally.CountDropped();
        return id;
    }

    /// <summary>Records a call served outside <see cref="Predict(TIn, out long)"/> that failed (see <see cref="Record"/>);
    /// it counts as a failure of <paramref name="version"/>. Returns its id.</summary>
    public long RecordFailure(TIn input, long startTimestamp, string? version = null)
    {
        long id = Interlocked.Increment(ref _nextId);
        long time = WallClockFromStopwatch ? startTimestamp : _clock.GetUtcNow().UtcTicks;
        var serving = _serving;
        RecordFailure(id, time, startTimestamp, input, version is null || version == serving.Version ? serving : new ServingModel<TIn, TOut>(serving.Predict, TallyOf(version)));
        return id;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordFailure(long id, long time, long start, TIn input, ServingModel<TIn, TOut> serving)
    {
        long latency = Stopwatch.GetTimestamp() - start;
        Interlocked.Increment(ref _failures);
        if (!_calls.TryAdd(new MonitoredCall<TIn, TOut>(id, time, latency, input, default, CallFailure.Exception) { ModelVersion = serving.Version }))
            serving.Tally.CountDropped();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private CallFailure TimeoutFailure()
    {
        Interlocked.Increment(ref _failures);
        return CallFailure.Timeout;
    }

    /// <summary>Gives the true outcome of call <paramref name="id"/>; it is joined on the background thread.</summary>
    public void Label(long id, GroundTruth truth)
    {
        if (id < 1 || id > Volatile.Read(ref _nextId))
            throw new ArgumentOutOfRangeException(nameof(id), id, $"No call has id {id}: ids run from 1 to {Volatile.Read(ref _nextId)}.");
        _labels.TryAdd(new LabelEvent(id, truth, _clock.GetUtcNow().UtcTicks));
    }

    /// <summary>Call records waiting for the background thread.</summary>
    public long QueueDepth => _calls.Count;

    public MonitorCounts Counts => new(
        Volatile.Read(ref _nextId), Volatile.Read(ref _failures), _calls.Dropped, _pipeline.Processed,
        _pipeline.LabelCounts, _labels.Dropped);

    /// <summary>Waits until every call and label recorded before this call is processed and every sink has flushed.</summary>
    public void Flush(TimeSpan? timeout = null) => _pipeline.Flush(timeout ?? TimeSpan.FromMinutes(1));

    /// <summary>Flushes, closes the open windows as partial ones, stops the background thread and closes the sinks.</summary>
    public void Dispose()
    {
        MonitorMeters.Unregister(this);
        _pipeline.Stop();
    }
}

internal readonly record struct LabelEvent(long Id, GroundTruth Truth, long TimeTicks);
