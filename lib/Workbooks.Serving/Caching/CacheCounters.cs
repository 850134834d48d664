namespace Workbooks.Serving.Caching;

/// <summary>Exact counts of a <see cref="PredictionCache"/> since it was created.</summary>
/// <param name="Hits">Lookups answered without running the model: from L1, from L2, or by joining a computation
/// another request had started for the same key (stampede protection).</param>
/// <param name="Misses">Lookups that ran the model (one per key and version while it is not cached).</param>
/// <param name="L2Hits">Reads of the distributed cache (Redis) that found the entry.</param>
/// <param name="L2Misses">Reads of the distributed cache that did not.</param>
/// <param name="Evictions">Entries the in-memory cache dropped to stay within its size bound.</param>
/// <param name="Expirations">Entries dropped because their time to live ran out.</param>
/// <param name="Errors">Distributed-cache calls that failed or timed out; each request went on without L2.</param>
public readonly record struct CacheCounts(long Hits, long Misses, long L2Hits, long L2Misses, long Evictions, long Expirations, long Errors)
{
    public long Lookups => Hits + Misses;
    /// <summary>Hits per lookup (NaN before the first).</summary>
    public double HitRate => Lookups == 0 ? double.NaN : (double)Hits / Lookups;
}

/// <summary>The running counters behind <see cref="CacheCounts"/> (lock-free, any thread).</summary>
internal sealed class CacheCounters
{
    private long _hits, _misses, _l2Hits, _l2Misses, _evictions, _expirations, _errors;
    public Exception? LastError;

    public void Hit() => Interlocked.Increment(ref _hits);
    public void Miss() => Interlocked.Increment(ref _misses);
    public void L2Hit() => Interlocked.Increment(ref _l2Hits);
    public void L2Miss() => Interlocked.Increment(ref _l2Misses);
    public void Evicted() => Interlocked.Increment(ref _evictions);
    public void Expired() => Interlocked.Increment(ref _expirations);
    public void Error(Exception e) { LastError = e; Interlocked.Increment(ref _errors); }

    public CacheCounts Snapshot() => new(Volatile.Read(ref _hits), Volatile.Read(ref _misses), Volatile.Read(ref _l2Hits),
        Volatile.Read(ref _l2Misses), Volatile.Read(ref _evictions), Volatile.Read(ref _expirations), Volatile.Read(ref _errors));
}
