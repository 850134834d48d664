using Workbooks.ModelOps.Monitoring;

namespace Workbooks.Tests.Monitoring;

/// <summary>A prediction sink that does nothing: test sinks override only what they watch.</summary>
internal abstract class NullSink<TIn, TOut> : IPredictionSink<TIn, TOut>
{
    public virtual void WriteCall(in MonitoredCall<TIn, TOut> call) { }
    public virtual void WriteLabel(long id, GroundTruth truth, DateTime time) { }
    public virtual void WriteMetric(in MetricSample sample) { }
    public virtual void Tick() { }
    public virtual void Flush() { }
    public virtual void Dispose() { }
}
