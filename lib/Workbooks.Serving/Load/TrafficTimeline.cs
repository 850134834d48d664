using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Workbooks.Serving.Load;

/// <summary>One answered request of a timeline: when it finished (seconds from the start), how long it took, the
/// version that answered, whether from the cache, and the HTTP status.</summary>
public readonly record struct TimedAnswer(double At, double LatencyMs, string? Version, bool Cached, int Status);

/// <summary>
/// Traffic for a fixed time instead of a fixed count, keeping every answer with its version: what a hot swap looks
/// like from the clients' side (notebook 11). <c>concurrency</c> workers cycle through the bodies until
/// <c>duration</c> has passed; <c>during</c> runs meanwhile (promote a version, say).
/// </summary>
public static class TrafficTimeline
{
    public static async Task<IReadOnlyList<TimedAnswer>> RunAsync(string baseUrl, IReadOnlyList<byte[]> bodies, int concurrency, TimeSpan duration,
        Func<Task>? during = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var answers = new List<TimedAnswer>[concurrency];
        var clock = Stopwatch.StartNew();
        long next = -1;
        var type = new MediaTypeHeaderValue("application/json");
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = answers[w] = new List<TimedAnswer>();
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[(int)(Interlocked.Increment(ref next) % bodies.Count)]);
                content.Headers.ContentType = type;
                using var response = await http.PostAsync("/predict", content).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                string? version = null;
                bool cached = false;
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(bytes);
                    version = doc.RootElement.GetProperty("version").GetString();
                    cached = doc.RootElement.GetProperty("cached").GetBoolean();
                }
                mine.Add(new TimedAnswer(clock.Elapsed.TotalSeconds, ms, version, cached, (int)response.StatusCode));
            }
        })).ToList();
        if (during is not null) workers.Add(during());
        await Task.WhenAll(workers).ConfigureAwait(false);
        return answers.SelectMany(a => a).OrderBy(a => a.At).ToArray();
    }
}
