namespace Workbooks.ModelOps.Monitoring;

/// <summary>Calls served by one model version of a monitor, exact once the monitor is flushed.</summary>
/// <param name="Version">The version tag.</param>
/// <param name="Requests">Calls this version served (processed or dropped).</param>
/// <param name="Failures">Of those, calls that threw or ran past the timeout.</param>
/// <param name="Dropped">Of those, call records dropped because the queue was full.</param>
public readonly record struct ModelVersionCounts(string Version, long Requests, long Failures, long Dropped);

/// <summary>The predictor a monitor calls now and the version it is tagged with; swapped as one reference, so a
/// call sees either the old pair or the new one, never a mix.</summary>
internal sealed class ServingModel<TIn, TOut>(Func<TIn, TOut> predict, VersionTally tally)
{
    public readonly Func<TIn, TOut> Predict = predict;
    public readonly VersionTally Tally = tally;
    public string Version => Tally.Version;
}

/// <summary>Running counts of one version. One tally per version string for the monitor's life, so a version that
/// comes back (a rollback) continues its counters instead of restarting them, as Prometheus counters must.</summary>
internal sealed class VersionTally(string version)
{
    public readonly string Version = version;
    private long _processed, _failures, _dropped;

    /// <summary>Called by the monitor's background thread only.</summary>
    public void CountProcessed(bool failed)
    {
        Volatile.Write(ref _processed, _processed + 1);
        if (failed) Volatile.Write(ref _failures, _failures + 1);
    }

    /// <summary>Called by a producer whose record the full queue dropped (rare path).</summary>
    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public ModelVersionCounts Snapshot()
    {
        long dropped = Volatile.Read(ref _dropped);
        return new ModelVersionCounts(Version, Volatile.Read(ref _processed) + dropped, Volatile.Read(ref _failures), dropped);
    }
}
