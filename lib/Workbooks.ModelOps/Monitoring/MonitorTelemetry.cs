using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// The default exporter: an OpenTelemetry meter provider that listens to <see cref="MonitorMeters.MeterName"/>
/// and serves Prometheus's text format at <c>http://HOST:PORT/metrics</c>. Any other OpenTelemetry exporter
/// can be attached instead by adding the meter to your own provider.
/// </summary>
/// <example>
/// <code>
/// using var exporter = MonitorTelemetry.StartPrometheus(19464);
/// Console.WriteLine(exporter.ScrapeUrl);
/// // prints: http://127.0.0.1:19464/metrics
/// </code>
/// </example>
public sealed class MonitorTelemetry : IDisposable
{
    private readonly MeterProvider _provider;

    private MonitorTelemetry(MeterProvider provider, string scrapeUrl)
    {
        _provider = provider;
        ScrapeUrl = scrapeUrl;
    }

    /// <summary>Where Prometheus scrapes.</summary>
    public string ScrapeUrl { get; }

    /// <summary>Starts the Prometheus HTTP listener on <paramref name="host"/>:<paramref name="port"/> (default 127.0.0.1:9464).</summary>
    public static MonitorTelemetry StartPrometheus(int port = 9464, string host = "127.0.0.1")
    {
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 1 and 65535.");
        var prefix = $"http://{host}:{port}/";
        try
        {
            var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(MonitorMeters.MeterName)
                .AddPrometheusHttpListener(o => { o.Host = host; o.Port = port; })
                .Build();
            return new MonitorTelemetry(provider, prefix + "metrics");
        }
        catch (Exception e) when (e is System.Net.HttpListenerException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Cannot serve metrics on {prefix}: {e.Message} (is the port in use?)", e);
        }
    }

    public void Dispose() => _provider.Dispose();
}
