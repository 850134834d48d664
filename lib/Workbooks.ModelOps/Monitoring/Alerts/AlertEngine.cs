namespace Workbooks.ModelOps.Monitoring.Alerts;

/// <summary>
/// Evaluates alert rules on every metric sample a monitor publishes (or on values given by hand),
/// keeps each rule's state, and sends one event per state change to its sinks: repeats of the same state
/// are de-duplicated, and a rule that fired sends a resolved event when its metric comes back.
/// </summary>
/// <example>
/// <code>
/// var engine = new AlertEngine([AlertRule.Below("accuracy", "accuracy", warning: 0.8)]);
/// var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
/// foreach (var v in new[] { 0.9, 0.7, 0.6, 0.85 }) engine.Observe("accuracy", v, t);
/// Console.WriteLine(string.Join(", ", engine.History.Select(e => $"{e.Kind} {e.Value}")));
/// // prints: Firing 0.7, Resolved 0.85
/// </code>
/// </example>
public sealed class AlertEngine : IMetricObserver, IMeteredAlerts, IDisposable
{
    private sealed class RuleState(AlertRule rule)
    {
        public AlertRule Rule { get; } = rule;
        public AlertSeverity Current;
        public AlertSeverity Pending;
        public int Streak;
        public long Fired;
        public readonly Queue<double> Recent = new();
    }

    private readonly Dictionary<string, List<RuleState>> _byMetric = new(StringComparer.Ordinal);
    private readonly List<RuleState> _states = new();
    private readonly List<(IAlertSink Sink, SinkHealth Health)> _sinks = new();
    private readonly List<AlertEvent> _history = new();
    private readonly object _gate = new();

    public AlertEngine(IEnumerable<AlertRule> rules, IEnumerable<IAlertSink>? sinks = null, string model = "model", string version = "1")
    {
        Model = model; Version = version;
        foreach (var rule in rules ?? throw new ArgumentNullException(nameof(rules)))
        {
            rule.Validate();
            if (_states.Any(s => s.Rule.Name == rule.Name)) throw new ArgumentException($"Two alert rules are named '{rule.Name}': names must be unique.", nameof(rules));
            var state = new RuleState(rule);
            _states.Add(state);
            if (!_byMetric.TryGetValue(rule.Metric, out var list)) _byMetric[rule.Metric] = list = new();
            list.Add(state);
        }
        if (sinks is not null) foreach (var sink in sinks) AddSink(sink);
        MonitorMeters.Register(this);
    }

    public string Model { get; }
    public string Version { get; }
    public IReadOnlyList<AlertRule> Rules => _states.Select(s => s.Rule).ToList();

    /// <summary>Every event raised so far, in order.</summary>
    public IReadOnlyList<AlertEvent> History { get { lock (_gate) return _history.ToList(); } }

    /// <summary>Rules now firing, with their severity.</summary>
    public IReadOnlyDictionary<string, AlertSeverity> Active
    {
        get { lock (_gate) return _states.Where(s => s.Current != AlertSeverity.None).ToDictionary(s => s.Rule.Name, s => s.Current); }
    }

    public void AddSink(IAlertSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate) _sinks.Add((sink, new SinkHealth(SinkHealth.NameOf(sink))));
    }

    /// <summary>Every sink's failures: calls that threw (each skipped; the other sinks still get the event).
    /// A sink's own failed deliveries (<see cref="IAlertSink.FailedDeliveries"/>) are added when the meters read it.</summary>
    public IReadOnlyList<SinkHealth> Sinks => SinksSnapshot().Select(s => s.Health).ToArray();

    /// <summary>Attaches to a monitor: every metric it publishes is evaluated.</summary>
    public AlertEngine Watch<TIn, TOut>(ModelMonitor<TIn, TOut> monitor)
    {
        monitor.Pipeline.AddMetricObserver(this);
        return this;
    }

    void IMetricObserver.OnMetric(MetricSample sample) => Observe(sample.Name, sample.Value, sample.Time, sample.WindowKey);

    /// <summary>Evaluates every rule on <paramref name="metric"/> with a new value; returns the events raised.</summary>
    public IReadOnlyList<AlertEvent> Observe(string metric, double value, DateTime time, string windowKey = "")
    {
        if (!_byMetric.TryGetValue(metric, out var states) || double.IsNaN(value)) return [];
        var raised = new List<AlertEvent>();
        lock (_gate)
        {
            foreach (var s in states)
                if (Step(s, value, time, windowKey) is { } e) raised.Add(e);
            _history.AddRange(raised);
        }
        foreach (var e in raised)
            foreach (var (sink, health) in SinksSnapshot()) Guard(health, () => sink.Publish(e));
        return raised;
    }

    private AlertEvent? Step(RuleState s, double value, DateTime time, string key)
    {
        var rule = s.Rule;
        s.Recent.Enqueue(value);
        while (s.Recent.Count > rule.WindowSamples) s.Recent.Dequeue();
        double judged = s.Recent.Average();
        var target = rule.SeverityOf(judged);
        if (target == s.Current) { s.Streak = 0; return null; }
        // A streak counts samples in a row on the same side of the current state (worse, or better).
        bool worse = target > s.Current;
        bool sameSide = s.Streak > 0 && (s.Pending > s.Current) == worse;
        s.Streak = sameSide ? s.Streak + 1 : 1;
        s.Pending = sameSide && (worse ? s.Pending < target : s.Pending > target) ? s.Pending : target;
        if (s.Streak < (worse ? rule.ConsecutiveBreaches : rule.ConsecutiveClears)) return null;

        var from = s.Current;
        s.Current = s.Pending;
        s.Streak = 0;
        var kind = s.Current == AlertSeverity.None ? AlertEventKind.Resolved
            : from == AlertSeverity.None ? AlertEventKind.Firing
            : worse ? AlertEventKind.Escalated : AlertEventKind.Deescalated;
        if (kind != AlertEventKind.Resolved && kind != AlertEventKind.Deescalated) s.Fired++;
        var threshold = rule.ThresholdOf(kind == AlertEventKind.Resolved ? from : s.Current);
        return new AlertEvent(time, rule.Name, rule.Metric, kind, s.Current, judged, threshold, key, Model, Version);
    }

    private (IAlertSink Sink, SinkHealth Health)[] SinksSnapshot() { lock (_gate) return _sinks.ToArray(); }

    // A sink that throws must not keep the event from the other sinks, nor fail the monitor's thread.
    private static void Guard(SinkHealth health, Action action)
    {
        try { action(); }
        catch (Exception e) { health.Record(e); }
    }

    public void Flush() { foreach (var (sink, health) in SinksSnapshot()) Guard(health, sink.Flush); }

    IEnumerable<(string Rule, string Metric, AlertSeverity Severity, long Fired)> IMeteredAlerts.AlertStates
    {
        get { lock (_gate) return _states.Select(s => (s.Rule.Name, s.Rule.Metric, s.Current, s.Fired)).ToList(); }
    }

    IEnumerable<(string Sink, long Errors)> IMeteredAlerts.SinkErrors =>
        SinksSnapshot().Select(s => (s.Health.Name, s.Health.Errors + s.Sink.FailedDeliveries));

    public void Dispose()
    {
        MonitorMeters.Unregister(this);
        foreach (var (sink, health) in SinksSnapshot()) { Guard(health, sink.Flush); Guard(health, sink.Dispose); }
    }
}
