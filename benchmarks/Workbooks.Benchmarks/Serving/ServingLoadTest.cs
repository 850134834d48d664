using System.Globalization;
using Microsoft.Extensions.Logging;
using Workbooks.Serving;
using Workbooks.Serving.Load;

namespace Workbooks.Benchmarks.Serving;

/// <summary>
/// The model service under HTTP load over loopback, one command:
/// <c>dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- serving-load [REQUESTS] [CONCURRENCY,…]</c>.
/// Every run gets a fresh service (and an emptied Redis), so each starts with a cold cache. Scenarios: no cache,
/// memory, Redis (L1 + L2; skipped when redis-server is not installed) on Zipf key popularity 0.8, 1.0, 1.2 over
/// 5,000 distinct Bike Sharing 2012 rows, and on the 2012 replay in time order; then the monitor's overhead (no
/// cache, monitor on vs off). The load generator runs in the same process as the service (both share the cores).
/// </summary>
public static class ServingLoadTest
{
    public static async Task Run(int requests, int[] concurrencies)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {requests} requests per run, concurrency {string.Join("/", concurrencies)}");
        var scenario = BikeServingScenario.Load();
        var dir = Directory.CreateTempSubdirectory("wb-serving-load-").FullName;
        var file = Path.Combine(dir, "bike.zip");
        scenario.Champion.Save(file);
        using var redis = RedisServerProcess.FindBinary() is null ? null : RedisServerProcess.Start();
        if (redis is null) Console.WriteLine("redis-server not found: Redis runs skipped (apt-get install redis-server)");
        var results = new List<LoadResult>();
        var caches = new List<CacheMode> { CacheMode.None, CacheMode.Memory };
        if (redis is not null) caches.Add(CacheMode.Redis);

        // Warm-up traffic (JIT, connections) uses 2011 rows, which the measured traffic never sends: the cache stays cold.
        var warmUp = scenario.Rows2011.Take(300).Select(scenario.Body).ToArray();
        async Task Measure(string name, IReadOnlyList<byte[]> bodies, CacheMode cache, int concurrency, bool monitor = true)
        {
            redis?.FlushAll();
            await using var service = await ServingApp.StartAsync(new ServingOptions { Model = file, Name = "bike", Port = 0, Cache = cache, Redis = redis?.Endpoint, Monitor = monitor }, logLevel: LogLevel.Error);
            await HttpLoad.RunAsync(service.Url, warmUp, concurrency, "warm-up");
            var result = await HttpLoad.RunAsync(service.Url, bodies, concurrency, name);
            results.Add(result);
            Console.WriteLine("| " + string.Join(" | ", result.Cells()) + " |");
        }

        Console.WriteLine("| " + string.Join(" | ", LoadResult.Header) + " |");
        foreach (var exponent in new[] { 0.8, 1.0, 1.2 })
        {
            var bodies = scenario.Zipf(exponent, keys: 5000, count: requests, seed: 7);
            int distinct = bodies.Distinct(ReferenceEqualityComparer.Instance).Count();
            Console.WriteLine($"zipf {exponent}: {distinct} distinct rows in {bodies.Count} requests, best possible hit rate {1 - (double)distinct / bodies.Count:0.000}");
            foreach (var cache in caches)
                foreach (var c in concurrencies)
                    await Measure($"zipf {exponent.ToString("0.0", CultureInfo.InvariantCulture)} {cache.ToString().ToLowerInvariant()}", bodies, cache, c);
        }
        var replay = scenario.Replay(requests);
        Console.WriteLine($"bike replay: {replay.Select(System.Text.Encoding.UTF8.GetString).Distinct().Count()} distinct rows in {replay.Count} requests");
        foreach (var cache in caches)
            foreach (var c in concurrencies)
                await Measure($"bike replay {cache.ToString().ToLowerInvariant()}", replay, cache, c);
        var overhead = scenario.Zipf(1.0, keys: 5000, count: requests, seed: 9);
        foreach (var c in concurrencies)
        {
            await Measure("no cache, monitor off", overhead, CacheMode.None, c, monitor: false);
            await Measure("no cache, monitor on", overhead, CacheMode.None, c, monitor: true);
        }
        Directory.Delete(dir, recursive: true);
        Console.WriteLine();
        Console.WriteLine(new LoadResults(results).ToMarkdown());
    }
}
