using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workbooks.Serving.Hosting;

namespace Workbooks.Serving;

/// <summary>
/// The model service as a program: <c>workbooks serve</c> runs <see cref="Build"/>; tests, benchmarks and notebooks
/// start one in process with <see cref="StartAsync"/> on a free loopback port and stop it with
/// <see cref="DisposeAsync"/> (a graceful shutdown: the server drains, then the monitor and its log are flushed).
/// </summary>
/// <example>
/// <code>
/// await using var service = await ServingApp.StartAsync(new ServingOptions { Model = "bike.zip", Port = 0 });
/// Console.WriteLine(service.Url);
/// // prints e.g.: http://127.0.0.1:41235
/// </code>
/// </example>
public sealed class ServingApp : IAsyncDisposable
{
    private ServingApp(WebApplication app) => App = app;

    public WebApplication App { get; }
    /// <summary>The address the server listens on (the chosen port when 0 was asked for).</summary>
    public string Url => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    public PredictionService Predictions => App.Services.GetRequiredService<PredictionService>();
    public ModelHost Models => App.Services.GetRequiredService<ModelHost>();

    /// <summary>The app from command-line <paramref name="args"/>, appsettings.json, environment variables and
    /// <paramref name="configure"/> (applied last: the CLI's options win).</summary>
    public static WebApplication Build(string[] args, Action<ServingOptions>? configure = null, LogLevel logLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);   // no log line per request
        var options = builder.Configuration.GetSection(ServingOptions.Section).Get<ServingOptions>() ?? new ServingOptions();
        configure?.Invoke(options);
        builder.Services.AddWorkbooksServing(options);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes * 2, 1 << 20));
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var app = builder.Build();
        app.MapWorkbooksServing();
        return app;
    }

    /// <summary>Starts a service with <paramref name="options"/> (configuration files are not read) and waits until
    /// it is ready (a model loaded), at most <paramref name="readyTimeout"/> (default 60 s).</summary>
    public static async Task<ServingApp> StartAsync(ServingOptions options, TimeSpan? readyTimeout = null, LogLevel logLevel = LogLevel.Warning)
    {
        var app = Build([], o => Copy(options, o), logLevel);
        await app.StartAsync();
        var service = new ServingApp(app);
        var deadline = DateTime.UtcNow + (readyTimeout ?? TimeSpan.FromSeconds(60));
        while (service.Models.Current is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"The service did not load a model within {readyTimeout ?? TimeSpan.FromSeconds(60)} (model {options.Model ?? options.Registry}).");
            }
            await Task.Delay(20);
        }
        return service;
    }

    private static void Copy(ServingOptions from, ServingOptions to)
    {
        foreach (var p in typeof(ServingOptions).GetProperties().Where(p => p.CanWrite)) p.SetValue(to, p.GetValue(from));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
