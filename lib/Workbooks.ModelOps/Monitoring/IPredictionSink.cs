namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// Where the monitor's background thread writes what it sees (the prediction log, for example).
/// Every method runs on that one thread, never on a caller's.
/// </summary>
public interface IPredictionSink<TIn, TOut> : IDisposable
{
    void WriteCall(in MonitoredCall<TIn, TOut> call);
    void WriteLabel(long id, GroundTruth truth, DateTime time);
    void WriteMetric(in MetricSample sample);
    /// <summary>Called on every loop of the background thread; a sink flushes here when its interval is up.</summary>
    void Tick();
    /// <summary>Makes everything written so far durable.</summary>
    void Flush();
}
