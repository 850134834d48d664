using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring;


/// <summary>
/// One window of traffic through a monitor: counts, failures, throughput, latency and the calls themselves
/// (inputs and outputs), which drift checks compare with a reference.
/// </summary>
/// <param name="Index">0-based position among this monitor's windows.</param>
/// <param name="Key">Label for charts: <c>[0:1000)</c> for count windows (as <see cref="Windows.Chunker"/>), the start time or the period otherwise.</param>
/// <param name="Start">Start of the window.</param>
/// <param name="End">End of the window (exclusive for time windows).</param>
/// <param name="Complete">False for the partial window flushed at shutdown.</param>
/// <param name="Calls">The calls (empty when <see cref="MonitorOptions.KeepWindowCalls"/> is off).</param>
/// <param name="Counts">Calls, exceptions and timeouts of the window and its length (count windows: first to last call).</param>
/// <param name="Latency">The window's latencies in an HdrHistogram (µs); merge windows with <see cref="LatencySnapshot.Merge(IEnumerable{LatencySnapshot})"/>.</param>
public sealed record MonitorWindow<TIn, TOut>(
    int Index, string Key, DateTime Start, DateTime End, bool Complete,
    CallCounts Counts, LatencySnapshot Latency, IReadOnlyList<MonitoredCall<TIn, TOut>> Calls)
{
    public long Count => Counts.Calls;
    public long Failures => Counts.Failed;
    public double FailureRate => Counts.FailureRate;
    /// <summary>Calls per second; NaN when the window has no length (a count window whose calls share one timestamp).</summary>
    public double ThroughputPerSecond => Counts.Window > TimeSpan.Zero ? Counts.Throughput : double.NaN;
}

/// <summary>
/// One window of labeled predictions (by label arrival): quality metrics and the share of incorrect predictions.
/// </summary>
/// <param name="Index">0-based position among this monitor's windows.</param>
/// <param name="Key">Label for charts: <c>[0:1000)</c> for count windows (as <see cref="Windows.Chunker"/>), the start time or the period otherwise.</param>
/// <param name="Start">Start of the window.</param>
/// <param name="End">End of the window (exclusive for time windows).</param>
/// <param name="Complete">False for the partial window flushed at shutdown.</param>
/// <param name="Predictions">The labeled predictions of the window.</param>
/// <param name="Counts">Labelled and incorrect predictions (classification; regression has no notion of incorrect).</param>
/// <param name="Metrics">Quality metrics by snake_case name (<c>accuracy</c>, <c>f1</c>, <c>mae</c>...), from <see cref="QualityEvaluators"/>.</param>
public sealed record QualityWindow<TIn, TOut>(
    int Index, string Key, DateTime Start, DateTime End, bool Complete,
    CallCounts Counts, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<LabeledPrediction<TIn, TOut>> Predictions)
{
    public long Count => Counts.Labelled;
    public long Incorrect => Counts.Incorrect;
    /// <summary>Incorrect over labelled predictions (classification); NaN for regression labels.</summary>
    public double ErrorRate => Predictions.Count > 0 && Predictions[0].Truth.Class is null ? double.NaN : Counts.IncorrectRate;
}

/// <summary>One value a check produced on a window: a drift score, a p-value, a detector state.</summary>
/// <param name="Name">Metric name as alerts and dashboards see it, e.g. <c>drift.nswdemand</c>.</param>
/// <param name="Value">The score.</param>
/// <param name="Drifted">Whether the check itself judges it drift.</param>
public readonly record struct DriftScore(string Name, double Value, bool Drifted);

/// <summary>Gets every closed traffic window (hook for reports, custom checks, charts).</summary>
public interface IWindowObserver<TIn, TOut>
{
    void OnWindow(MonitorWindow<TIn, TOut> window);
}

/// <summary>Gets every closed window of labeled predictions.</summary>
public interface IQualityObserver<TIn, TOut>
{
    void OnQualityWindow(QualityWindow<TIn, TOut> window);
}

/// <summary>
/// A data drift or prediction drift check run on each traffic window (against a reference it holds).
/// Its scores become gauges, alert inputs and log rows.
/// </summary>
public interface IWindowDriftCheck<TIn, TOut>
{
    string Name { get; }
    IReadOnlyList<DriftScore> Check(MonitorWindow<TIn, TOut> window);
}

/// <summary>
/// A streaming detector fed one value per labeled prediction (by default 1 for an incorrect prediction,
/// 0 for a correct one). The detectors helper's types adapt to this.
/// </summary>
public interface IStreamDetectorHook
{
    string Name { get; }
    /// <summary>Feeds one value; returns true when the detector signals drift at this value.</summary>
    bool Update(double value);
}

/// <summary>Receives every metric value the monitor computes (per window), for alerts, gauges and logs.</summary>
public interface IMetricObserver
{
    void OnMetric(MetricSample sample);
}

/// <summary>A metric value at a time, from one window. Names: <c>failure_rate</c>, <c>throughput</c>,
/// <c>latency_p99_ms</c>, quality metric names (<c>accuracy</c>, <c>mae</c>...), <c>error_rate</c>, drift score names.</summary>
public readonly record struct MetricSample(string Name, double Value, DateTime Time, string WindowKey);
