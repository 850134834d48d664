using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Registry;
using Workbooks.Serving;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks serve</c>: the model service (lib/Workbooks.Serving) on HTTP until Ctrl+C or SIGTERM, which
/// drain the requests in flight and flush the monitor and its prediction log.</summary>
public sealed class ServeVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "A model file (TrainedModel.Save or a plain ML.NET zip); replacing the file swaps the model." };
        var registry = new Option<string?>("--registry") { Description = "A model registry folder: serve NAME@ALIAS and follow the alias when it moves." };
        var name = new Option<string?>("--name") { Description = "With --registry: the registered model. With --model: the name to serve it under (default: the file name)." };
        var alias = new Option<string>("--alias") { Description = "With --registry: the alias to follow.", DefaultValueFactory = _ => "champion" };
        var host = new Option<string>("--host") { Description = "The address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The TCP port (0: a free one).", DefaultValueFactory = _ => 8080 };
        var cache = new Option<string>("--cache") { Description = "Prediction cache: memory, redis (memory + Redis) or none.", DefaultValueFactory = _ => "memory" };
        var redis = new Option<string?>("--redis") { Description = "With --cache redis: HOST:PORT of the Redis server." };
        var log = new Option<string?>("--log") { Description = "DuckDB prediction log file (flushed on shutdown)." };
        var command = new Command("serve", "Serve a model over HTTP: POST /predict, POST /labels, GET /metrics, /healthz, /readyz.");
        foreach (var o in new Option[] { model, registry, name, alias, host, port, cache, redis, log }) command.Options.Add(o);
        // Options after '--' go to ASP.NET Core's configuration (e.g. -- --Serving:CacheTtl=00:01:00).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var cacheMode = parse.GetValue(cache) switch
            {
                "memory" => CacheMode.Memory,
                "redis" => CacheMode.Redis,
                "none" => CacheMode.None,
                var other => throw new BadInputException($"--cache must be memory, redis or none, not '{other}'."),
            };
            var modelPath = parse.GetValue(model);
            if (modelPath is not null)
            {
                // Fail at start on a model that cannot load (one line, exit 2), not later in a log line.
                try { TrainedModel.Load(modelPath); }
                catch (Exception e) when (e is not OutOfMemoryException) { throw new BadInputException($"--model {modelPath}: {UserErrors.OneLine(e.Message)}"); }
            }
            if (parse.GetValue(registry) is { } registryDir && parse.GetValue(name) is { } served)
            {
                // A mistyped registry path or name would otherwise start a service that never becomes ready (and the
                // registry would be created empty): fail at start, as for a model file.
                try { ModelRegistry.Open(registryDir, create: false).Get($"{served}@{parse.GetValue(alias)}"); }
                catch (Exception e) when (e is ModelRegistryException or ArgumentException)
                { throw new BadInputException($"--registry {registryDir}: {UserErrors.OneLine(e.Message)}"); }
            }
            WebApplication app;
            try
            {
                app = ServingApp.Build([.. parse.UnmatchedTokens], o =>
                {
                    o.Model = modelPath ?? o.Model;
                    o.Registry = parse.GetValue(registry) ?? o.Registry;
                    o.Name = parse.GetValue(name) ?? o.Name;
                    o.Alias = parse.GetValue(alias)!;
                    o.Host = parse.GetValue(host)!;
                    o.Port = parse.GetValue(port);
                    o.Cache = cacheMode;
                    o.Redis = parse.GetValue(redis) ?? o.Redis;
                    o.Log = parse.GetValue(log) ?? o.Log;
                });
            }
            catch (ArgumentException e) { throw new BadInputException(e.Message); }
            app.Start();
            context.Out.WriteLine($"workbooks serve: listening on {string.Join(", ", app.Urls)} (Ctrl+C stops)");
            app.WaitForShutdown();
            return ExitCodes.Success;
        });
        return command;
    }
}
