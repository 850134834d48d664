using Microsoft.Extensions.Caching.Distributed;

namespace Workbooks.Serving.Caching;

/// <summary>
/// The L2 (Redis) seen through a guard: a call that throws or outlasts the timeout counts as a cache error and
/// reads as a miss (writes are dropped), so a Redis outage leaves the service on its L1 and the model, never with a
/// failed request. Reads are counted as L2 hits and misses.
/// </summary>
internal sealed class GuardedDistributedCache(IDistributedCache inner, TimeSpan timeout, CacheCounters counters) : IDistributedCache
{
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        try
        {
            var value = await inner.GetAsync(key, token).WaitAsync(timeout, token).ConfigureAwait(false);
            if (value is null) counters.L2Miss(); else counters.L2Hit();
            return value;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            counters.Error(e);
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Guard(() => inner.SetAsync(key, value, options, token), token);

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();
    public Task RefreshAsync(string key, CancellationToken token = default) => Guard(() => inner.RefreshAsync(key, token), token);
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();
    public Task RemoveAsync(string key, CancellationToken token = default) => Guard(() => inner.RemoveAsync(key, token), token);

    private async Task Guard(Func<Task> call, CancellationToken token)
    {
        try { await call().WaitAsync(timeout, token).ConfigureAwait(false); }
        catch (Exception e) when (!token.IsCancellationRequested) { counters.Error(e); }
    }
}
