using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Alerts;

/// <summary>Logs each alert event: warnings and firing at Warning level, critical at Error, resolved at Information.</summary>
public sealed class LoggerAlertSink(ILogger logger) : IAlertSink
{
    public void Publish(AlertEvent alert)
    {
        var level = alert.Kind == AlertEventKind.Resolved ? LogLevel.Information
            : alert.Severity == AlertSeverity.Critical ? LogLevel.Error : LogLevel.Warning;
        logger.Log(level, "{Alert}", alert.Message);
    }
}

/// <summary>Writes each event as one JSON object per line (JSON Lines), flushed at once so a crash loses none.</summary>
/// <example>
/// <code>
/// var path = Path.Combine(Path.GetTempPath(), $"alerts-{Guid.NewGuid():N}.jsonl");
/// using (var sink = new JsonLinesAlertSink(path))
///     sink.Publish(new AlertEvent(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "acc", "accuracy", AlertEventKind.Firing, AlertSeverity.Warning, 0.7, 0.8, "[0:100)", "m", "1"));
/// Console.WriteLine(File.ReadAllText(path).Contains("\"kind\":\"firing\""));
/// // prints: True
/// </code>
/// </example>
public sealed class JsonLinesAlertSink : IAlertSink
{
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    public JsonLinesAlertSink(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir)) throw new DirectoryNotFoundException($"Cannot write alerts to '{path}': the folder '{dir}' does not exist.");
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        FilePath = path;
    }

    public string FilePath { get; }

    public void Publish(AlertEvent alert)
    {
        lock (_gate)
        {
            _writer.WriteLine(AlertJson.Serialize(alert));
            _writer.Flush();
        }
    }

    public void Dispose() { lock (_gate) _writer.Dispose(); }
}

/// <summary>The JSON shape of an alert event, shared by the JSON Lines and webhook sinks: <c>{"time", "rule", "metric",
/// "kind", "severity", "value", "threshold", "window", "model", "version", "message"}</c>, time in ISO 8601 ("O").</summary>
public static class AlertJson
{
    public static string Serialize(AlertEvent a) => JsonText.Serialize(new EventJson(a.Time.ToString("O"), a.Rule, a.Metric, a.Kind, a.Severity,
        a.Value, a.Threshold, a.WindowKey, a.Model, a.Version, a.Message), indented: false);

    private sealed record EventJson(string Time, string Rule, string Metric, AlertEventKind Kind, AlertSeverity Severity, double Value, double Threshold,
        string Window, string Model, string Version, string Message);
}

/// <summary>
/// POSTs each event as JSON to a webhook, from a background task so the monitor never waits on the network:
/// each attempt has a timeout, failures are retried by a Polly pipeline with exponential backoff and jitter (so sinks
/// that failed together do not retry in step), and events that still fail are counted in <see cref="Failed"/>, never
/// silently lost.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink
{
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly int _maxAttempts;
    private readonly TimeSpan _backoff;
    private readonly Channel<AlertEvent> _queue = Channel.CreateUnbounded<AlertEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResiliencePipeline<bool> _retry;
    private readonly object _progress = new();   // pulsed after every event settles: Flush waits on it
    private readonly Task _worker;
    private long _queued, _delivered, _failed, _attempts;

    public WebhookAlertSink(Uri url, TimeSpan? timeout = null, int maxAttempts = 4, TimeSpan? initialBackoff = null, HttpMessageHandler? handler = null)
    {
        _url = url ?? throw new ArgumentNullException(nameof(url));
        if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is needed.");
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(5);
        _maxAttempts = maxAttempts;
        _backoff = initialBackoff ?? TimeSpan.FromMilliseconds(200);
        _retry = maxAttempts == 1 ? ResiliencePipeline<bool>.Empty : new ResiliencePipelineBuilder<bool>()
            .AddRetry(new RetryStrategyOptions<bool>
            {
                MaxRetryAttempts = maxAttempts - 1, Delay = _backoff, BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                // refused, reset, timed out or a non-2xx answer: every failure is retried, then counted
                ShouldHandle = new PredicateBuilder<bool>().Handle<Exception>().HandleResult(false),
            })
            .Build();
        _worker = Task.Run(DeliverAll);
    }

    public long Delivered => Interlocked.Read(ref _delivered);
    public long Failed => Interlocked.Read(ref _failed);
    /// <summary>The same as <see cref="Failed"/>: what the engine exports as this sink's errors.</summary>
    public long FailedDeliveries => Failed;
    /// <summary>HTTP attempts made (first tries and retries).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);
    public Exception? LastError { get; private set; }

    public void Publish(AlertEvent alert)
    {
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite(alert);
    }

    /// <summary>Waits until every event published so far is delivered or counted as failed (bounded by the longest
    /// retry schedule), without spinning.</summary>
    public void Flush()
    {
        var wait = Stopwatch.StartNew();
        var limit = (_http.Timeout + _backoff * (1 << Math.Min(_maxAttempts, 10))) * _maxAttempts + TimeSpan.FromSeconds(5);
        lock (_progress)
            while (Delivered + Failed < Interlocked.Read(ref _queued) && limit - wait.Elapsed is var left && left > TimeSpan.Zero)
                Monitor.Wait(_progress, left);
    }

    private async Task DeliverAll()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync())
        {
            var body = AlertJson.Serialize(alert);
            bool ok;
            try { ok = await _retry.ExecuteAsync(_ => new ValueTask<bool>(PostOnce(body))).ConfigureAwait(false); }
            catch (Exception e) { LastError = e; ok = false; }
            Interlocked.Increment(ref ok ? ref _delivered : ref _failed);
            lock (_progress) Monitor.PulseAll(_progress);
        }
    }

    private async Task<bool> PostOnce(string body)
    {
        Interlocked.Increment(ref _attempts);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_url, content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) LastError = new HttpRequestException($"Webhook {_url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        return response.IsSuccessStatusCode;
    }

    public void Dispose()
    {
        Flush();
        _queue.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(5));
        _http.Dispose();
    }
}
