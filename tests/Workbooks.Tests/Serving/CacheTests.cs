using System.Net;
using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving;
using Workbooks.Serving.Caching;
using Workbooks.Serving.Hosting;
using Workbooks.Serving.Rows;
using Xunit;

namespace Workbooks.Tests.Serving;

/// <summary>The prediction cache: stampede protection, the size bound, versions in the key, and Redis as a shared L2
/// (a real redis-server) that may go away without failing a request.</summary>
public sealed class CacheTests
{
    private static ServedRow Row(double x, string c) => ServedRow.Of(ServingModels.Base.Schema, new Dictionary<string, object?> { ["x"] = x, ["c"] = c });

    [Fact]
    public async Task Concurrent_misses_on_one_key_run_the_model_once()
    {
        int calls = 0;
        using var gate = new ManualResetEventSlim();
        var model = new ServedModel(ServingModels.Base, "m", "1", r => { Interlocked.Increment(ref calls); gate.Wait(5000); return new PredictionView(null, 42); });
        using var cache = new PredictionCache(CacheMode.Memory, 1 << 20, TimeSpan.FromMinutes(1));
        var lookups = Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetOrPredictAsync(model, Row(1, "a")).AsTask())).ToArray();
        await Task.Delay(200);
        gate.Set();
        var answers = await Task.WhenAll(lookups);
        Assert.Equal(1, calls);
        Assert.All(answers, a => Assert.Equal(42, a.Prediction.Score));
        Assert.Single(answers, a => !a.Cached);
        Assert.Equal(new CacheCounts(31, 1, 0, 0, 0, 0, 0), cache.Counts);
    }

    [Fact]
    public async Task A_new_version_never_reads_the_old_versions_answers()
    {
        using var cache = new PredictionCache(CacheMode.Memory, 1 << 20, TimeSpan.FromMinutes(1));
        var v1 = new ServedModel(ServingModels.Base, "m", "1");
        var v2 = new ServedModel(ServingModels.Doubled, "m", "2");
        var first = await cache.GetOrPredictAsync(v1, Row(5, "a"));
        var second = await cache.GetOrPredictAsync(v2, Row(5, "a"));
        Assert.False(second.Cached);
        Assert.Equal(ServingModels.Expected(ServingModels.Doubled, 5, "a"), second.Prediction.Score, 5);
        Assert.NotEqual(first.Prediction.Score, second.Prediction.Score);
        Assert.True((await cache.GetOrPredictAsync(v1, Row(5, "a"))).Cached);
    }

    [Fact]
    public async Task The_size_bound_evicts_and_counts_evictions()
    {
        using var cache = new PredictionCache(CacheMode.Memory, 4096, TimeSpan.FromMinutes(1));
        var model = new ServedModel(ServingModels.Base, "m", "1");
        for (int i = 0; i < 2000; i++) await cache.GetOrPredictAsync(model, Row(i, "a"));
        // MemoryCache compacts in the background: wait (bounded) for its callbacks.
        for (int i = 0; i < 100 && cache.Counts.Evictions == 0; i++) { await cache.GetOrPredictAsync(model, Row(-i, "b")); await Task.Delay(20); }
        Assert.True(cache.Counts.Evictions > 0, $"no eviction counted: {cache.Counts}");
        Assert.True(cache.Counts.Misses >= 2000);
        var again = 0;
        for (int i = 0; i < 2000; i++) if ((await cache.GetOrPredictAsync(model, Row(i, "a"))).Cached) again++;
        Assert.True(again < 2000, "every row was still cached although the bound holds far fewer");
    }

    [Fact]
    public async Task A_hot_row_is_answered_from_the_hot_table_without_allocating_and_counted_as_a_hit()
    {
        int calls = 0;
        var model = new ServedModel(ServingModels.Base, "m", "1", r => { Interlocked.Increment(ref calls); return new PredictionView("yes", 0.75); });
        using var cache = new PredictionCache(CacheMode.Memory, 1 << 20, TimeSpan.FromMinutes(1));
        var row = Row(2, "a");
        Assert.False((await cache.GetOrPredictAsync(model, row)).Cached);
        for (int i = 0; i < 200; i++) await cache.GetOrPredictAsync(model, row);   // warm up (JIT, tiering)
        int synchronous = 0, right = 0;
        var expected = new PredictionView("yes", 0.75);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var hit = cache.GetOrPredictAsync(model, row);
            if (hit.IsCompletedSuccessfully) synchronous++;
            var (prediction, cached) = await hit;
            if (cached && prediction == expected) right++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, synchronous);
        Assert.Equal(1000, right);
        Assert.True(allocated < 1000, $"{allocated} bytes allocated by 1,000 hot hits");
        Assert.Equal(1, calls);
        Assert.Equal(new CacheCounts(1200, 1, 0, 0, 0, 0, 0), cache.Counts);
    }

    [Fact]
    public void The_hot_table_answers_only_its_version_only_while_fresh_and_a_newer_row_takes_the_slot()
    {
        var hot = new HotAnswers(4, TimeSpan.FromMilliseconds(300));
        Assert.Equal(4, hot.Slots);
        string v1 = RowKey.Prefix("m", "1"), v1Again = RowKey.Prefix("m", "1"), v2 = RowKey.Prefix("m", "2");
        var answer = new CachedPrediction(null, 1.5);
        hot.Put(v1, 7, answer);
        Assert.True(hot.TryGet(v1, 7, out var got));
        Assert.Same(answer, got);
        Assert.False(hot.TryGet(v2, 7, out _));          // another version never reads it
        Assert.False(hot.TryGet(v1Again, 7, out _));     // nor an equal prefix of another served instance
        Assert.False(hot.TryGet(v1, 7 + ((UInt128)1 << 64), out _));   // same slot, other row
        hot.Put(v1, 11, new CachedPrediction(null, 2));    // 11 & 3 == 7 & 3: the newer row takes the slot
        Assert.False(hot.TryGet(v1, 7, out _));
        Assert.True(hot.TryGet(v1, 11, out _));
        Thread.Sleep(450);
        Assert.False(hot.TryGet(v1, 11, out _));         // past its lifetime
    }

    [SkippableFact]
    public async Task Redis_is_shared_by_replicas_and_an_outage_degrades_to_l1_with_counted_errors_and_no_failed_request()
    {
        using var redis = RedisServer.Start();
        var dir = Directory.CreateTempSubdirectory("wb-redis-").FullName;
        try
        {
            var file = ServingModels.Save(ServingModels.Base, dir);
            ServingOptions Options() => new() { Model = file, Name = "replicated", Port = 0, Cache = CacheMode.Redis, Redis = redis.Endpoint, Monitor = false };
            await using var a = await ServingApp.StartAsync(Options());
            await using var b = await ServingApp.StartAsync(Options());
            using var httpA = new HttpClient { BaseAddress = new Uri(a.Url) };
            using var httpB = new HttpClient { BaseAddress = new Uri(b.Url) };
            async Task<JsonElement> Predict(HttpClient http, double x)
            {
                using var response = await http.PostAsync("/predict", new StringContent(ServingModels.Row(x, "c"), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            var computed = await Predict(httpA, 3.25);
            Assert.False(computed.GetProperty("cached").GetBoolean());
            // replica B has never seen the row: its L1 misses, Redis has A's answer
            var shared = await Predict(httpB, 3.25);
            Assert.True(shared.GetProperty("cached").GetBoolean());
            Assert.Equal(computed.GetProperty("score").GetDouble(), shared.GetProperty("score").GetDouble());
            Assert.Equal(1, b.Predictions.Cache!.Counts.L2Hits);
            Assert.Equal(0, b.Predictions.Cache!.Counts.Misses);

            redis.Kill();
            var cacheA = a.Predictions.Cache!;
            for (int i = 0; i < 20; i++)
            {
                var answer = await Predict(httpA, 100 + i % 5);   // new rows: L1 miss, Redis down, the model answers
                Assert.Equal(ServingModels.Expected(ServingModels.Base, 100 + i % 5, "c"), answer.GetProperty("score").GetDouble(), 5);
            }
            Assert.True(cacheA.Counts.Errors > 0, $"the outage was not counted: {cacheA.Counts}");
            Assert.Equal(5, cacheA.Counts.Misses - 1);   // five new rows computed once each, then answered from L1
            Assert.True((await Predict(httpA, 3.25)).GetProperty("cached").GetBoolean());
            var metrics = await httpA.GetStringAsync("/metrics");
            Assert.Matches(@"workbooks_cache_errors_total\{[^}]*cache=""redis""[^}]*\} [1-9]", metrics);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
