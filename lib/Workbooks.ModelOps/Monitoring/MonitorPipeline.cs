using System.Collections.Concurrent;
using System.Diagnostics;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// The monitor's background thread: drains the call and label queues, cuts windows, joins labels,
/// runs drift checks and detectors, publishes metric samples and writes the sinks. Hooks can be added
/// at any time: every record enqueued after <c>Add…</c> returns reaches the new hook. Each runs on this thread,
/// and one that throws is counted and skipped, never fatal: sinks in <see cref="Sinks"/> (exported as
/// <c>workbooks_monitor_sink_errors_total</c>), other hooks in <see cref="HookErrors"/>.
/// </summary>
public sealed class MonitorPipeline<TIn, TOut>
{
    private readonly ModelMonitor<TIn, TOut> _owner;
    private readonly BoundedRing<MonitoredCall<TIn, TOut>> _calls;
    private readonly BoundedRing<LabelEvent> _labels;
    private readonly Func<TOut, PredictionView> _project;
    private readonly PendingLabelStore<MonitoredCall<TIn, TOut>> _pending;
    private readonly WindowAssigner<MonitoredCall<TIn, TOut>> _traffic;
    private readonly WindowAssigner<LabeledPrediction<TIn, TOut>> _quality;
    private readonly List<(LabelEvent Label, long WaitUntil)> _early = new();
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly LatencyRecorder _windowLatency = new();
    private static readonly double TicksPerStopwatchTick = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;
    private readonly Stopwatch _anchorAge = new();
    private long _anchorUtc, _anchorTimestamp;
    private readonly Thread _thread;
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _flushGate = new();
    private volatile Hooks _hooks = new();
    private long _processed, _flushRequested, _flushDone, _hookErrors, _flushCallsUntil, _flushLabelsUntil;
    private long _stopAt;   // the flush request that stops the thread (0: none yet), so an earlier flush never stops it
    private LabelJoinCounts _labelCounts;
    private DateTime _lastCallTime = DateTime.MinValue;
    private VersionTally? _lastTally;
    private Exception? _lastHookError;

    internal MonitorPipeline(ModelMonitor<TIn, TOut> owner, BoundedRing<MonitoredCall<TIn, TOut>> calls, BoundedRing<LabelEvent> labels, Func<TOut, PredictionView> project)
    {
        _owner = owner; _calls = calls; _labels = labels; _project = project;
        var o = owner.Options;
        _pending = new PendingLabelStore<MonitoredCall<TIn, TOut>>(o.PendingLabelCapacity, o.LabelTimeToLive);
        _traffic = new WindowAssigner<MonitoredCall<TIn, TOut>>(o.Window, OnTrafficWindow);
        _quality = new WindowAssigner<LabeledPrediction<TIn, TOut>>(o.QualityWindow ?? o.Window, OnQualityWindow);
        ReAnchor();
        _thread = new Thread(Run) { IsBackground = true, Name = $"workbooks-monitor-{o.ModelName}" };
        _thread.Start();
    }

    /// <summary>Call records handled so far.</summary>
    public long Processed => Volatile.Read(ref _processed);
    public LabelJoinCounts LabelCounts => _labelCounts;
    /// <summary>Calls of observers, drift checks, detectors and the quality evaluator that threw (each is skipped);
    /// <see cref="LastHookError"/> keeps the latest. Sink failures are counted per sink in <see cref="Sinks"/>.</summary>
    public long HookErrors => Volatile.Read(ref _hookErrors);
    public Exception? LastHookError => _lastHookError;
    /// <summary>The health of every sink added, in order: failures counted, the latest kept.</summary>
    public IReadOnlyList<SinkHealth> Sinks => _hooks.Sinks.Select(s => s.Health).ToArray();
    /// <summary>Sink calls that threw, all sinks together.</summary>
    public long SinkErrors => _hooks.Sinks.Sum(s => s.Health.Errors);
    /// <summary>The latest value of every metric the pipeline published, by name (gauges read this).</summary>
    public IReadOnlyDictionary<string, double> LatestMetrics => _latest;
    /// <summary>Turns a model output into what metrics and logs read (class and score).</summary>
    public Func<TOut, PredictionView> Project => _project;

    /// <summary>Optional: computes quality metrics over each window of labeled predictions.</summary>
    public Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>>? QualityEvaluator { get; set; }

    public void AddSink(IPredictionSink<TIn, TOut> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Update(h => h with { Sinks = [.. h.Sinks, (sink, new SinkHealth(SinkHealth.NameOf(sink)))] });
    }
    public void AddWindowObserver(IWindowObserver<TIn, TOut> o) => Update(h => h with { Windows = [.. h.Windows, o] });
    public void AddQualityObserver(IQualityObserver<TIn, TOut> o) => Update(h => h with { Quality = [.. h.Quality, o] });
    public void AddDriftCheck(IWindowDriftCheck<TIn, TOut> c) => Update(h => h with { Drift = [.. h.Drift, c] });
    public void AddMetricObserver(IMetricObserver o) => Update(h => h with { Metrics = [.. h.Metrics, o] });
    /// <summary>Feeds <paramref name="detector"/> one value per labeled prediction: by default 1 when incorrect, else 0;
    /// for regression pass <paramref name="value"/>, e.g. the absolute error.</summary>
    public void AddDetector(IStreamDetectorHook detector, Func<LabeledPrediction<TIn, TOut>, double>? value = null) =>
        Update(h => h with { Detectors = [.. h.Detectors, (detector, value ?? (p => p.IsCorrect ? 0 : 1))] });

    private void Update(Func<Hooks, Hooks> change)
    {
        lock (_flushGate) _hooks = change(_hooks);
    }

    private void Run()
    {
        var idle = _owner.Options.IdlePoll;
        while (true)
        {
            long flushTarget, callsUntil, labelsUntil;
            bool stopping;
            lock (_flushGate)
            {
                flushTarget = _flushRequested; callsUntil = _flushCallsUntil; labelsUntil = _flushLabelsUntil;
                stopping = _stopAt != 0 && flushTarget >= _stopAt;
            }
            bool worked = Drain();
            var now = _owner.Options.Clock.GetUtcNow().UtcDateTime;
            if (!worked) AdvanceClock(now);
            else if (_lastCallTime > DateTime.MinValue) _pending.Expire(_lastCallTime);   // under load: the records' own time
            _labelCounts = _pending.Counts;
            foreach (var (sink, health) in _hooks.Sinks) GuardSink(health, sink.Tick);
            if (flushTarget > Volatile.Read(ref _flushDone) && _calls.Taken >= callsUntil && _labels.Taken >= labelsUntil && (!stopping || !worked))
            {
                // The drain that reached the flush target skipped the clock step above; once the queues are
                // empty, take it now, so a flush after the clock moved always closes the windows that are due.
                if (worked && !Drain()) AdvanceClock(now);
                RetryEarlyLabels();
                if (stopping) { _traffic.Flush(); _quality.Flush(); }
                foreach (var (sink, health) in _hooks.Sinks) GuardSink(health, sink.Flush);
                _labelCounts = _pending.Counts;
                lock (_flushGate) { _flushDone = flushTarget; Monitor.PulseAll(_flushGate); }
                if (stopping) return;
            }
            if (!worked) _wake.WaitOne(idle);
        }
    }

    // Close time windows by the clock only once the queues are empty: while records wait, their own
    // times move the windows, so a clock running ahead of the queue cannot cut a window early.
    private void AdvanceClock(DateTime now)
    {
        _traffic.AdvanceTo(now);
        _quality.AdvanceTo(now);
        _pending.Expire(now);   // likewise: a label still queued is not expired by a clock that ran ahead
    }

    // Pairs a UTC time with a Stopwatch timestamp, so call start timestamps convert to UTC off the hot path.
    private void ReAnchor()
    {
        _anchorTimestamp = Stopwatch.GetTimestamp();
        _anchorUtc = DateTime.UtcNow.Ticks;
        _anchorAge.Restart();
    }

    private bool Drain()
    {
        bool any = false;
        bool fromStopwatch = _owner.WallClockFromStopwatch;
        if (fromStopwatch && _anchorAge.Elapsed > TimeSpan.FromMinutes(1)) ReAnchor();
        for (int n = 0; n < 4096 && _calls.TryTake(out var call); n++)
        {
            any = true;
            if (fromStopwatch) call = call with { TimeTicks = _anchorUtc + (long)((call.TimeTicks - _anchorTimestamp) * TicksPerStopwatchTick) };
            var tally = TallyOf(call.ModelVersion);
            tally.CountProcessed(call.Failed);
            MonitorMeters.RecordLatency(_owner.Options.ModelName, tally.Version, call.LatencyMicroseconds / 1e6);
            _traffic.Add(call, call.Time);
            if (call.Time > _lastCallTime) _lastCallTime = call.Time;
            if (call.Failure != CallFailure.Exception) _pending.Add(call.Id, call, call.Time);
            // The hooks are read per record, after taking it: a sink added before the record was enqueued sees it
            // (a snapshot taken once per drain missed every record of a drain that began before AddSink).
            foreach (var (sink, health) in _hooks.Sinks) GuardSink(health, sink, call, static (s, c) => s.WriteCall(in c));
            Volatile.Write(ref _processed, _processed + 1);
        }
        RetryEarlyLabels();
        // Labels are joined in arrival order: while one waits for its call, later ones wait too.
        for (int n = 0; n < 4096 && _early.Count == 0 && _labels.TryTake(out var label); n++)
        {
            any = true;
            foreach (var (sink, health) in _hooks.Sinks) GuardSink(health, sink, label, static (s, l) => s.WriteLabel(l.Id, l.Truth, new DateTime(l.TimeTicks, DateTimeKind.Utc)));
            // Its call may still sit in the queue: retry once the consumer has passed every slot claimed so far.
            if (!TryJoin(label)) _early.Add((label, _calls.Claimed));
        }
        return any || _early.Count > 0;
    }

    // Consecutive calls nearly always share a version: compare the string reference before looking it up.
    private VersionTally TallyOf(string? version)
    {
        version ??= _owner.ModelVersion;
        if (_lastTally is { } last && (ReferenceEquals(last.Version, version) || last.Version == version)) return last;
        return _lastTally = _owner.TallyOf(version);
    }

    private void RetryEarlyLabels()
    {
        while (_early.Count > 0)
        {
            var (label, waitUntil) = _early[0];
            if (TryJoin(label)) _early.RemoveAt(0);
            else if (_calls.Taken >= waitUntil) { _pending.CountUnmatched(); _early.RemoveAt(0); }
            else return;
        }
    }

    private bool TryJoin(LabelEvent label)
    {
        if (!_pending.TryTake(label.Id, out var call)) return false;
        var labelTime = new DateTime(label.TimeTicks, DateTimeKind.Utc);
        var labeled = new LabeledPrediction<TIn, TOut>(call, _project(call.Output!), label.Truth, labelTime);
        foreach (var (detector, value) in _hooks.Detectors)
        {
            bool drift = false;
            Guard(() => drift = detector.Update(value(labeled)));
            Publish($"detector.{detector.Name}", drift ? 1 : 0, labelTime, "");
        }
        _quality.Add(labeled, labelTime);
        return true;
    }

    private void OnTrafficWindow(WindowSlice<MonitoredCall<TIn, TOut>> slice)
    {
        var calls = slice.Items;
        long exceptions = 0, timeouts = 0;
        var latency = _windowLatency;   // one recorder reused: each window takes its interval
        foreach (var call in calls)
        {
            if (call.Failure == CallFailure.Exception) exceptions++;
            else if (call.Failure == CallFailure.Timeout) timeouts++;
            latency.RecordStopwatchTicks(call.LatencyTicks);
        }
        var counts = new CallCounts(calls.Count, exceptions, timeouts, 0, 0, slice.End - slice.Start);
        var window = new MonitorWindow<TIn, TOut>(slice.Index, slice.Key, slice.Start, slice.End, slice.Complete,
            counts, latency.TakeInterval(), _owner.Options.KeepWindowCalls ? calls.ToArray() : Array.Empty<MonitoredCall<TIn, TOut>>());
        var t = slice.End;
        Publish("requests", window.Count, t, slice.Key);
        Publish("failure_rate", window.FailureRate, t, slice.Key);
        Publish("throughput", window.ThroughputPerSecond, t, slice.Key);
        if (!window.Latency.IsEmpty)
        {
            Publish("latency_p50_ms", window.Latency.P50 / 1000.0, t, slice.Key);
            Publish("latency_p99_ms", window.Latency.P99 / 1000.0, t, slice.Key);
        }
        var hooks = _hooks;
        foreach (var check in hooks.Drift)
            Guard(() => { foreach (var score in check.Check(window)) Publish(score.Name, score.Value, t, slice.Key); });
        foreach (var o in hooks.Windows) Guard(() => o.OnWindow(window));
    }

    private void OnQualityWindow(WindowSlice<LabeledPrediction<TIn, TOut>> slice)
    {
        var items = slice.Items.ToArray();
        long incorrect = items.Count(p => p.Truth.Class is not null && !p.IsCorrect);
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        if (QualityEvaluator is { } evaluate && items.Length > 0)
            Guard(() => metrics = evaluate(items.Select(p => p.Prediction).ToArray(), items.Select(p => p.Truth).ToArray()));
        var counts = new CallCounts(items.Length, 0, 0, items.Length, incorrect, slice.End - slice.Start);
        var window = new QualityWindow<TIn, TOut>(slice.Index, slice.Key, slice.Start, slice.End, slice.Complete, counts, metrics, items);
        var t = slice.End;
        Publish("labeled", window.Count, t, slice.Key);
        if (!double.IsNaN(window.ErrorRate)) Publish("error_rate", window.ErrorRate, t, slice.Key);
        foreach (var (name, value) in metrics) Publish(name, value, t, slice.Key);
        foreach (var o in _hooks.Quality) Guard(() => o.OnQualityWindow(window));
    }

    private void Publish(string name, double value, DateTime time, string key)
    {
        if (double.IsNaN(value)) return;
        _latest[name] = value;
        var sample = new MetricSample(name, value, time, key);
        var hooks = _hooks;
        foreach (var (sink, health) in hooks.Sinks) GuardSink(health, sink, sample, static (s, m) => s.WriteMetric(in m));
        foreach (var o in hooks.Metrics) Guard(() => o.OnMetric(sample));
    }

    internal void Flush(TimeSpan timeout) => Flush(timeout, stop: false);

    private void Flush(TimeSpan timeout, bool stop)
    {
        if (!_thread.IsAlive) return;
        long target;
        lock (_flushGate)
        {
            // Everything claimed before this point must be processed: the calls' records are written by then.
            _flushCallsUntil = Math.Max(_flushCallsUntil, _calls.Claimed);
            _flushLabelsUntil = Math.Max(_flushLabelsUntil, _labels.Claimed);
            target = ++_flushRequested;
            if (stop && _stopAt == 0) _stopAt = target;
        }
        _wake.Set();
        var deadline = Stopwatch.StartNew();
        lock (_flushGate)
        {
            while (Volatile.Read(ref _flushDone) < target)
            {
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero || !_thread.IsAlive)
                    throw new TimeoutException($"The monitor of '{_owner.Options.ModelName}' did not flush within {timeout}: {_calls.Count} records still queued.");
                Monitor.Wait(_flushGate, left);
            }
        }
    }

    internal void Stop()
    {
        if (!_thread.IsAlive) return;
        Flush(TimeSpan.FromMinutes(1), stop: true);
        _thread.Join();
        foreach (var (sink, health) in _hooks.Sinks) GuardSink(health, sink.Dispose);
    }

    private void Guard(Action action)
    {
        try { action(); }
        catch (Exception e) { Interlocked.Increment(ref _hookErrors); _lastHookError = e; }
    }

    private static void GuardSink(SinkHealth health, Action action)
    {
        try { action(); }
        catch (Exception e) { health.Record(e); }
    }

    private static void GuardSink<TArg>(SinkHealth health, IPredictionSink<TIn, TOut> sink, TArg arg, Action<IPredictionSink<TIn, TOut>, TArg> action)
    {
        try { action(sink, arg); }
        catch (Exception e) { health.Record(e); }
    }

    private sealed record Hooks
    {
        public (IPredictionSink<TIn, TOut> Sink, SinkHealth Health)[] Sinks { get; init; } = [];
        public IWindowObserver<TIn, TOut>[] Windows { get; init; } = [];
        public IQualityObserver<TIn, TOut>[] Quality { get; init; } = [];
        public IWindowDriftCheck<TIn, TOut>[] Drift { get; init; } = [];
        public IMetricObserver[] Metrics { get; init; } = [];
        public (IStreamDetectorHook Detector, Func<LabeledPrediction<TIn, TOut>, double> Value)[] Detectors { get; init; } = [];
    }
}
