using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Registry;
using Workbooks.Serving;
using Xunit;

namespace Workbooks.Tests.Serving;

/// <summary>The service follows a registry alias under concurrent HTTP load: the promotion swaps the model with no
/// failed request, each client sees the new version from some point on and never the old one again, and no answer
/// tagged with the new version comes from the old version's cache entries.</summary>
public sealed class HotSwapTests
{
    private sealed record Answer(int Client, int Sequence, HttpStatusCode Status, string? Version, double Score, bool Cached, double X, string C);

    [Fact]
    public async Task Promoting_a_version_under_load_swaps_without_failures_or_stale_cache_answers()
    {
        var dir = Directory.CreateTempSubdirectory("wb-swap-").FullName;
        try
        {
            var registry = ModelRegistry.Open(Path.Combine(dir, "registry"));
            var v1 = registry.Register("bike", ServingModels.Base);
            registry.SetAlias("bike", "champion", v1.Version);
            await using var service = await ServingApp.StartAsync(new ServingOptions
            {
                Registry = Path.Combine(dir, "registry"), Name = "bike", Alias = "champion", Port = 0, PollInterval = TimeSpan.FromMilliseconds(50),
            });
            Assert.Equal("1", service.Models.Current!.Version);
            var rows = Enumerable.Range(0, 12).Select(i => (X: (double)i, C: i % 2 == 0 ? "a" : "b")).ToArray();
            var expected1 = rows.ToDictionary(r => r, r => ServingModels.Expected(ServingModels.Base, r.X, r.C));
            var expected2 = rows.ToDictionary(r => r, r => ServingModels.Expected(ServingModels.Doubled, r.X, r.C));
            using var http = new HttpClient { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromSeconds(30) };
            var answers = new ConcurrentQueue<Answer>();
            var firstV2 = new TaskCompletionSource();
            using var stop = new CancellationTokenSource();

            async Task Client(int client)
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    var (x, c) = rows[(n + client) % rows.Length];
                    using var response = await http.PostAsync("/predict", new StringContent(ServingModels.Row(x, c), Encoding.UTF8, "application/json"));
                    if (response.StatusCode != HttpStatusCode.OK) { answers.Enqueue(new(client, n, response.StatusCode, null, 0, false, x, c)); continue; }
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    var version = body.GetProperty("version").GetString();
                    answers.Enqueue(new(client, n, response.StatusCode, version, body.GetProperty("score").GetDouble(), body.GetProperty("cached").GetBoolean(), x, c));
                    if (version == "2") firstV2.TrySetResult();
                }
            }

            var clients = Enumerable.Range(0, 4).Select(i => Task.Run(() => Client(i))).ToArray();
            await Task.Delay(500);   // v1 under load, its cache warm
            var v2 = registry.Register("bike", ServingModels.Doubled);
            registry.SetAlias("bike", "champion", v2.Version);   // what `workbooks models promote bike:2 --alias champion` does
            await firstV2.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(500);   // v2 under load
            stop.Cancel();
            await Task.WhenAll(clients);

            var all = answers.ToList();
            Assert.All(all, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            Assert.Contains(all, a => a.Version == "1");
            Assert.Contains(all, a => a.Version == "2" && a.Cached);   // v2's own cache serves after the swap
            foreach (var a in all)
            {
                var expected = a.Version == "1" ? expected1[(a.X, a.C)] : expected2[(a.X, a.C)];
                Assert.True(Math.Abs(expected - a.Score) < 1e-4, $"client {a.Client} #{a.Sequence}: version {a.Version} answered {a.Score} for ({a.X}, {a.C}), its model says {expected}");
            }
            foreach (var client in all.GroupBy(a => a.Client))
            {
                var ordered = client.OrderBy(a => a.Sequence).ToList();
                int switched = ordered.FindIndex(a => a.Version == "2");
                Assert.True(switched >= 0, $"client {client.Key} never saw version 2");
                Assert.DoesNotContain(ordered.Skip(switched), a => a.Version == "1");
            }
            var monitor = service.Predictions.Monitor!.Monitor;
            monitor.Flush();
            Assert.Equal("2", monitor.ModelVersion);
            Assert.All(monitor.VersionCounts, v => Assert.Equal(0, v.Failures));
            Assert.Equal(all.Count, monitor.VersionCounts.Sum(v => v.Requests));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
