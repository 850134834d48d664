using System.Diagnostics.Metrics;
using Workbooks.Serving.Caching;

namespace Workbooks.Serving;

/// <summary>
/// The service's own meter, beside the monitor's (<c>Workbooks.ModelOps.Monitor</c>) and ASP.NET Core's. Prometheus
/// names: requests by outcome <c>ok</c>, <c>client_error</c> (400: never reached the model) and <c>server_error</c>
/// (500: the model threw) [<c>workbooks_serving_requests_total</c>], rows predicted [<c>workbooks_serving_rows_total</c>],
/// and per cache (tag <c>cache</c>: memory or redis) hits, misses, L2 hits and misses, evictions, expirations and
/// errors [<c>workbooks_cache_hits_total</c>, <c>workbooks_cache_misses_total</c>, <c>workbooks_cache_l2_hits_total</c>,
/// <c>workbooks_cache_l2_misses_total</c>, <c>workbooks_cache_evictions_total</c>, <c>workbooks_cache_expirations_total</c>,
/// <c>workbooks_cache_errors_total</c>].
/// </summary>
public static class ServingMeters
{
    public const string MeterName = "Workbooks.Serving";
    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly object Gate = new();
    private static PredictionCache[] _caches = [];

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("workbooks.serving.requests", description: "Prediction and label requests by outcome: ok, client_error, server_error.");
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("workbooks.serving.rows", description: "Rows predicted, by model version and whether the answer came from the cache.");

    static ServingMeters()
    {
        Observe("workbooks.cache.hits", c => c.Hits, "Lookups answered without running the model (L1, L2 or a joined computation).");
        Observe("workbooks.cache.misses", c => c.Misses, "Lookups that ran the model.");
        Observe("workbooks.cache.l2.hits", c => c.L2Hits, "Distributed-cache (Redis) reads that found the entry.");
        Observe("workbooks.cache.l2.misses", c => c.L2Misses, "Distributed-cache reads that did not.");
        Observe("workbooks.cache.evictions", c => c.Evictions, "In-memory entries dropped to stay within the size bound.");
        Observe("workbooks.cache.expirations", c => c.Expirations, "In-memory entries dropped when their time to live ran out.");
        Observe("workbooks.cache.errors", c => c.Errors, "Distributed-cache calls that failed or timed out (the request went on without L2).");
    }

    // One series per cache kind, summed over the caches of the process (two with equal tags would otherwise overwrite each other).
    private static void Observe(string name, Func<CacheCounts, long> read, string description) =>
        Meter.CreateObservableCounter(name, () => _caches.GroupBy(c => c.Mode).Select(g => new Measurement<long>(g.Sum(c => read(c.Counts)),
            new KeyValuePair<string, object?>("cache", g.Key.ToString().ToLowerInvariant()))), description: description);

    internal static void Register(PredictionCache cache) { lock (Gate) _caches = [.. _caches, cache]; }
    internal static void Unregister(PredictionCache cache) { lock (Gate) _caches = _caches.Where(c => !ReferenceEquals(c, cache)).ToArray(); }

    internal static void Request(string model, string endpoint, string outcome) =>
        Requests.Add(1, new KeyValuePair<string, object?>("model", model), new("endpoint", endpoint), new("outcome", outcome));

    internal static void Row(string model, string version, bool cached) =>
        Rows.Add(1, new KeyValuePair<string, object?>("model", model), new("version", version), new("cached", cached ? "true" : "false"));
}
