namespace Workbooks.ModelOps.Monitoring;

/// <summary>Latency percentiles of one window, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P95, double P99, double P999, double Max, double Mean)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}

/// <summary>
/// One window of traffic through a monitor: counts, failures, throughput, latency and the calls themselves
/// (inputs and outputs), which drift checks compare with a reference.
/// </summary>
public sealed record MonitorWindow<TIn, TOut>(
    int Index, string Key, DateTime Start, DateTime End, bool Complete,
    long Count, long Failures, double ThroughputPerSecond, LatencySummary Latency,
    IReadOnlyList<MonitoredCall<TIn, TOut>> Calls)
{
    /// <summary>Failed calls (exceptions) over all calls in the window; NaN for an empty window.</summary>
    public double FailureRate => Count == 0 ? double.NaN : (double)Failures / Count;
}

/// <summary>
/// One window of labeled predictions (by label arrival): quality metrics and the share of incorrect predictions.
/// </summary>
public sealed record QualityWindow<TIn, TOut>(
    int Index, string Key, DateTime Start, DateTime End, bool Complete,
    long Count, long Incorrect, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<LabeledPrediction<TIn, TOut>> Predictions)
{
    /// <summary>Incorrect predictions over labeled ones (classification); NaN when none or for regression.</summary>
    public double ErrorRate => Count == 0 || Predictions.All(p => p.Truth.Class is null) ? double.NaN : (double)Incorrect / Count;
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
