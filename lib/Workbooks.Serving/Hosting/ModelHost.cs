using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Serving.Hosting;

/// <summary>
/// Holds the model the service answers with and swaps it without stopping traffic. With a registry it follows an
/// alias (<see cref="AliasWatcher"/>): when <c>workbooks models promote</c> moves it, the new version is loaded and
/// verified in the background and then replaces the old one in a single reference write, so every request reads one
/// whole version (model and version tag together). With a model file it polls the file and swaps when the file is
/// replaced (write it beside and rename over, so a half-written file is never read). A version that fails to load
/// is logged and the service keeps answering with the current one.
/// </summary>
public sealed class ModelHost : BackgroundService
{
    private readonly ServingOptions _options;
    private readonly ILogger<ModelHost> _log;
    private volatile ServedModel? _current;
    private (long Length, DateTime Written)? _fileStamp;

    public ModelHost(IOptions<ServingOptions> options, ILogger<ModelHost> log)
    {
        _options = options.Value;
        _options.Validate();
        _log = log;
    }

    /// <summary>The version answering now; null until the first one is loaded (then /readyz says ready).</summary>
    public ServedModel? Current => _current;

    /// <summary>Raised after each swap with the new version (the first load included).</summary>
    public event Action<ServedModel>? Swapped;

    /// <summary>Serves <paramref name="model"/> from now on.</summary>
    public void Swap(ServedModel model)
    {
        _current = model ?? throw new ArgumentNullException(nameof(model));
        _log.LogInformation("Serving {Model}", model);
        Swapped?.Invoke(model);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield();
        if (_options.Registry is { } dir) await FollowRegistry(dir, stop);
        else await FollowFile(_options.Model!, stop);
    }

    private async Task FollowRegistry(string dir, CancellationToken stop)
    {
        var registry = ModelRegistry.Open(dir);
        using var watcher = new AliasWatcher(registry, _options.Name!, _options.Alias, _options.PollInterval);
        watcher.Changed += change =>
        {
            var version = change.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Swap(new ServedModel(TrainedModel.Load(change.FilePath), change.Name, version));
        };
        watcher.Failed += e => _log.LogError("Following {Name}@{Alias}: {Message}", _options.Name, _options.Alias, e.Message);
        while (!stop.IsCancellationRequested)
        {
            try { watcher.Poll(); }
            catch (Exception e) { _log.LogError("Following {Name}@{Alias}: {Message}", _options.Name, _options.Alias, e.Message); }
            await Delay(stop);
        }
    }

    private async Task FollowFile(string path, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var info = new FileInfo(path);
                var stamp = info.Exists ? (info.Length, info.LastWriteTimeUtc) : ((long, DateTime)?)null;
                if (stamp is not null && stamp != _fileStamp)
                {
                    var model = ServedModel.LoadFile(path, _options.Name);
                    _fileStamp = stamp;
                    if (model.Version != _current?.Version) Swap(model);
                }
                else if (stamp is null && _current is null) _log.LogError("No model file at {Path}", path);
            }
            catch (Exception e)   // any failure to load (a corrupted zip throws many kinds): keep serving the current version
            {
                _log.LogError("Loading {Path}: {Message}", path, e.Message);
            }
            await Delay(stop);
        }
    }

    private async Task Delay(CancellationToken stop)
    {
        try { await Task.Delay(_options.PollInterval, stop); }
        catch (OperationCanceledException) { }
    }
}
