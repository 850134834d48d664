using System.ComponentModel;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Hosting;
using Workbooks.Serving.Rows;

namespace Workbooks.Serving.Caching;

/// <summary>A cached answer: immutable, so HybridCache's L1 hands out the same object instead of a copy per hit.</summary>
[ImmutableObject(true)]
public sealed record CachedPrediction(string? Class, double Score);

/// <summary>
/// Caches a served model's predictions by row and version on <see cref="HybridCache"/>: an in-memory L1 bounded in
/// bytes with a time to live, and optionally Redis as L2, shared by every replica of the service. Concurrent misses
/// on one key run the model once (HybridCache's stampede protection); the others wait for that answer. Keys are
/// <see cref="RowKey"/>s, so a new model version never reads an old version's answers. Redis failures are counted
/// and read as misses (<see cref="GuardedDistributedCache"/>). The cache keeps its own small service container, so
/// adding it to an app does not replace the app's own IMemoryCache or IDistributedCache.
/// </summary>
public sealed class PredictionCache : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly HybridCache _cache;
    private readonly HybridCacheEntryOptions _entry;
    private readonly CacheCounters _counters = new();
    private readonly HotAnswers _hot;

    private sealed class Lookup(ServedModel model, ServedRow row)
    {
        public readonly ServedModel Model = model;
        public readonly ServedRow Row = row;
        public bool Computed;
    }

    public PredictionCache(CacheMode mode, long sizeBytes, TimeSpan ttl, string? redis = null, TimeSpan? redisTimeout = null)
    {
        if (mode == CacheMode.None) throw new ArgumentException("A prediction cache is memory or redis; with none, serve without one.", nameof(mode));
        if (mode == CacheMode.Redis && string.IsNullOrWhiteSpace(redis)) throw new ArgumentException("A Redis cache needs HOST:PORT.", nameof(redis));
        Mode = mode;
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IMemoryCache>(new CountingMemoryCache(sizeBytes, _counters));
        if (mode == CacheMode.Redis)
        {
            var timeout = redisTimeout ?? TimeSpan.FromMilliseconds(250);
            var config = ConfigurationOptions.Parse(redis!);
            config.AbortOnConnectFail = false;                 // start without Redis; reconnect in the background
            config.BacklogPolicy = BacklogPolicy.FailFast;     // while disconnected, fail at once instead of queueing
            config.ConnectTimeout = config.SyncTimeout = config.AsyncTimeout = (int)Math.Max(50, timeout.TotalMilliseconds);
            var l2 = new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions { ConfigurationOptions = config }));
            services.AddSingleton<IDistributedCache>(new GuardedDistributedCache(l2, timeout, _counters));
        }
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = 64 << 10;
            o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
        });
        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<HybridCache>();
        _entry = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl };
        _hot = new HotAnswers(HotSlotsFor(sizeBytes), ttl / 10 < HotLifetime ? ttl / 10 : HotLifetime);
        ServingMeters.Register(this);
    }

    // The hot table: at most 4,096 rows (the head of any realistic key popularity) and at most a sixteenth of the
    // cache's byte bound (an entry and its slot take about 72 bytes; the answer object is shared with L1); an answer
    // lives there a tenth of the time to live, at most one second, past the moment the cache last gave it.
    private static readonly TimeSpan HotLifetime = TimeSpan.FromSeconds(1);
    private static int HotSlotsFor(long sizeBytes) => (int)Math.Clamp(sizeBytes / 16 / 72, 1, 4096);

    public static PredictionCache? For(ServingOptions o) =>
        o.Cache == CacheMode.None ? null : new PredictionCache(o.Cache, o.CacheSizeBytes, o.CacheTtl, o.Redis, o.RedisTimeout);

    public CacheMode Mode { get; }
    public CacheCounts Counts => _counters.Snapshot();
    /// <summary>The latest distributed-cache error (null when none).</summary>
    public Exception? LastError => _counters.LastError;

    /// <summary>The prediction of <paramref name="model"/> for <paramref name="row"/>: cached, or computed once and cached.
    /// <c>Cached</c> is false only for the request that ran the model. The hottest rows are answered from a small
    /// table in front of HybridCache (<see cref="HotAnswers"/>), without an allocation.</summary>
    public ValueTask<(PredictionView Prediction, bool Cached)> GetOrPredictAsync(ServedModel model, ServedRow row, CancellationToken cancel = default)
    {
        var hash = RowKey.Hash128(row);
        if (_hot.TryGet(model.KeyPrefix, hash, out var hot))
        {
            _counters.Hit();
            return ValueTask.FromResult((new PredictionView(hot.Class, hot.Score), true));
        }
        return LookUpAsync(model, row, hash, cancel);
    }

    private async ValueTask<(PredictionView Prediction, bool Cached)> LookUpAsync(ServedModel model, ServedRow row, UInt128 hash, CancellationToken cancel)
    {
        var lookup = new Lookup(model, row);
        var value = await _cache.GetOrCreateAsync(RowKey.Of(model.KeyPrefix, hash), lookup, static (l, _) =>
        {
            l.Computed = true;
            var p = l.Model.Predict(l.Row);
            return ValueTask.FromResult(new CachedPrediction(p.Class, p.Score));
        }, _entry, null, cancel).ConfigureAwait(false);
        if (lookup.Computed) _counters.Miss(); else _counters.Hit();
        _hot.Put(model.KeyPrefix, hash, value);
        return (new PredictionView(value.Class, value.Score), !lookup.Computed);
    }

    public void Dispose()
    {
        ServingMeters.Unregister(this);
        _services.Dispose();
    }
}
