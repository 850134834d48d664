using Microsoft.Extensions.Caching.Memory;

namespace Workbooks.Serving.Caching;

/// <summary>
/// The L1 under HybridCache: a size-bounded <see cref="MemoryCache"/> that counts why entries leave it. MemoryCache
/// reports evictions only to callbacks registered on each entry, and HybridCache creates the entries itself, so
/// this wrapper registers one on every entry it hands out.
/// </summary>
internal sealed class CountingMemoryCache(long sizeLimit, CacheCounters counters) : IMemoryCache
{
    private readonly MemoryCache _inner = new(new MemoryCacheOptions { SizeLimit = sizeLimit, CompactionPercentage = 0.1 });
    private static readonly PostEvictionDelegate OnEvicted = (_, _, reason, state) =>
    {
        var c = (CacheCounters)state!;
        if (reason == EvictionReason.Capacity) c.Evicted();
        else if (reason == EvictionReason.Expired) c.Expired();
    };

    public ICacheEntry CreateEntry(object key) => _inner.CreateEntry(key).RegisterPostEvictionCallback(OnEvicted, counters);
    public bool TryGetValue(object key, out object? value) => _inner.TryGetValue(key, out value);
    public void Remove(object key) => _inner.Remove(key);
    public long Count => _inner.Count;
    public void Dispose() => _inner.Dispose();
}
