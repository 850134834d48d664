using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Caching;
using Workbooks.Serving.Hosting;

namespace Workbooks.Serving;

/// <summary>
/// Adds the model service's parts to any ASP.NET Core app. <c>AddWorkbooksServing</c> adds them all (model
/// host, monitor, cache, metrics) from the configuration section <c>Serving</c>; then <c>app.MapWorkbooksServing()</c>
/// maps the endpoints. The parts can also be taken one by one, e.g. only the cache and the metrics for an app's own
/// endpoints (<see cref="AddPredictionCache"/>, <see cref="AddWorkbooksMetrics"/>).
/// </summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>Model host (following a file or a registry alias), monitor, prediction cache, meters and the Prometheus exporter.</summary>
    public static IServiceCollection AddWorkbooksServing(this IServiceCollection services, IConfiguration configuration, Action<ServingOptions>? configure = null)
    {
        var options = configuration.GetSection(ServingOptions.Section).Get<ServingOptions>() ?? new ServingOptions();
        configure?.Invoke(options);
        return services.AddWorkbooksServing(options);
    }

    /// <summary>The same, with options given directly.</summary>
    public static IServiceCollection AddWorkbooksServing(this IServiceCollection services, ServingOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<IOptions<ServingOptions>>(Options.Create(options));
        services.AddSingleton<ModelHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelHost>());
        if (options.Monitor) services.AddSingleton(sp => new ServingMonitor(sp.GetRequiredService<ModelHost>(), options));
        if (options.Cache != CacheMode.None) services.AddPredictionCache(options);
        services.AddSingleton(sp => new PredictionService(sp.GetRequiredService<ModelHost>(), sp.GetService<ServingMonitor>(), sp.GetService<PredictionCache>()));
        return services.AddWorkbooksMetrics();
    }

    /// <summary>The prediction cache alone (memory, or memory + Redis), as a singleton <see cref="PredictionCache"/>.</summary>
    public static IServiceCollection AddPredictionCache(this IServiceCollection services, ServingOptions options) =>
        services.AddSingleton(_ => PredictionCache.For(options) ?? throw new ArgumentException("Serving:Cache is none: no prediction cache to add."));

    /// <summary>OpenTelemetry metrics of the monitor, the service and its cache, and ASP.NET Core's request metrics,
    /// for Prometheus at <c>/metrics</c> (map it with <c>app.MapPrometheusScrapingEndpoint()</c> or <c>MapWorkbooksServing</c>).</summary>
    public static IServiceCollection AddWorkbooksMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(MonitorMeters.MeterName, ServingMeters.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }
}
