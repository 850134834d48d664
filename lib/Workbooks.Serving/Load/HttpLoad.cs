using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Serving.Load;

/// <summary>One load run: requests sent, failures, elapsed time, latency distribution and the share answered from the cache.</summary>
public sealed record LoadResult(string Scenario, int Concurrency, long Requests, long Errors, long Cached, double Seconds, LatencySnapshot Latency)
{
    public double Throughput => Requests / Seconds;
    public double HitRate => Requests == 0 ? double.NaN : (double)Cached / Requests;
    public double P50Ms => Latency.P50 / 1000.0;
    public double P99Ms => Latency.P99 / 1000.0;
    public double P999Ms => Latency.ValueAtPercentile(99.9) / 1000.0;

    public IReadOnlyList<string> Cells() =>
        [Scenario, Concurrency.ToString(CultureInfo.InvariantCulture), Requests.ToString(CultureInfo.InvariantCulture), Errors.ToString(CultureInfo.InvariantCulture),
         Throughput.ToString("0", CultureInfo.InvariantCulture), P50Ms.ToString("0.000", CultureInfo.InvariantCulture), P99Ms.ToString("0.000", CultureInfo.InvariantCulture),
         P999Ms.ToString("0.000", CultureInfo.InvariantCulture), double.IsNaN(HitRate) ? "" : HitRate.ToString("0.000", CultureInfo.InvariantCulture)];

    public static readonly IReadOnlyList<string> Header = ["scenario", "concurrency", "requests", "errors", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "hit rate"];
}

/// <summary>Load runs as a table (HTML in notebooks, Markdown for notes).</summary>
public sealed class LoadResults(IReadOnlyList<LoadResult> runs) : IHtmlRenderable
{
    public IReadOnlyList<LoadResult> Runs => runs;
    public string ToHtml() => HtmlTable.Render("Load test", LoadResult.Header, runs.Select(r => r.Cells()).ToList());
    public string ToMarkdown() => string.Join("\n", new[] { "| " + string.Join(" | ", LoadResult.Header) + " |", "|" + string.Concat(LoadResult.Header.Select(_ => "---|")) }
        .Concat(runs.Select(r => "| " + string.Join(" | ", r.Cells()) + " |")));
}

/// <summary>
/// A bounded HTTP load generator for <c>POST /predict</c>: <c>concurrency</c> workers send the given
/// bodies in order (each body once) over keep-alive connections and time every request, from send to the full
/// response, into an HdrHistogram. Closed loop: a worker sends its next request when the previous one is answered, so
/// the figures are the service's latency at that concurrency, not under an open arrival rate.
/// </summary>
public static class HttpLoad
{
    private static readonly byte[] CachedTrue = "\"cached\":true"u8.ToArray();

    public static async Task<LoadResult> RunAsync(string baseUrl, IReadOnlyList<byte[]> bodies, int concurrency, string scenario, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var latency = new LatencyRecorder();
        long next = -1, errors = 0, cached = 0;
        var type = new MediaTypeHeaderValue("application/json");
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count && !cancel.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(bodies[(int)i]);
                    content.Headers.ContentType = type;
                    using var response = await http.PostAsync("/predict", content, cancel).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
                    latency.RecordElapsedSince(start);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                    else if (bytes.AsSpan().IndexOf(CachedTrue) >= 0) Interlocked.Increment(ref cached);
                }
                catch (HttpRequestException) { latency.RecordElapsedSince(start); Interlocked.Increment(ref errors); }
            }
        }, cancel)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        var snapshot = latency.TakeInterval();
        return new LoadResult(scenario, concurrency, snapshot.Count, errors, cached, seconds, snapshot);
    }
}
