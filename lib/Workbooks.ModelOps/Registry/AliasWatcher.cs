using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Registry;

/// <summary>An alias that moved: the version it points at now, its verified model file, and where it pointed before.</summary>
public sealed record AliasChange(string Name, string Alias, ModelVersionInfo Version, string FilePath, int? PreviousVersion);

/// <summary>
/// Follows one alias of a registry (for example <c>bike@champion</c>) so a service can swap models when it moves.
/// Each poll first compares the catalog files' sizes and write times with the last poll's (a few <c>stat</c> calls);
/// only when they changed does it open the catalog and resolve the alias. A move raises <see cref="Changed"/> with
/// the new version and its file, verified against its SHA-256; a version whose file is missing or corrupted raises
/// <see cref="Failed"/> instead and is retried at the next poll, while the service keeps its current model.
/// </summary>
/// <example>
/// <code>
/// var dir = Path.Combine(Path.GetTempPath(), $"registry-{Guid.NewGuid():N}");
/// var registry = ModelRegistry.Open(dir);
/// var v1 = registry.Register("bike", new MemoryStream([1, 2, 3]));
/// registry.SetAlias("bike", "champion", v1.Version);
/// using var watcher = new AliasWatcher(registry, "bike", "champion");
/// watcher.Changed += c => Console.WriteLine($"now {c.Name}:{c.Version.Version} (was {c.PreviousVersion?.ToString() ?? "none"})");
/// watcher.Poll();
/// registry.SetAlias("bike", "champion", registry.Register("bike", new MemoryStream([4, 5])).Version);
/// watcher.Poll();
/// // prints: now bike:1 (was none)
/// // prints: now bike:2 (was 1)
/// </code>
/// </example>
public sealed class AliasWatcher : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly TimeSpan _interval;
    private readonly object _gate = new();
    private Timer? _timer;
    private (long, long, long, long)? _seen;
    private volatile bool _disposed;

    public AliasWatcher(ModelRegistry registry, string name, string alias, TimeSpan? interval = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Name = ModelReference.CheckName(name);
        Alias = alias == ModelReference.Latest ? alias : ModelReference.CheckAlias(alias);
        _interval = interval ?? TimeSpan.FromSeconds(1);
        if (_interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), _interval, "The poll interval must be positive.");
    }

    public string Name { get; }
    public string Alias { get; }
    /// <summary>The version last handed to <see cref="Changed"/> (null before the first).</summary>
    public ModelVersionInfo? Current { get; private set; }

    /// <summary>Raised on the polling thread when the alias points at a new version. A handler that throws (a model
    /// that fails to load, say) is reported through <see cref="Failed"/> and the move is offered again next poll.</summary>
    public event Action<AliasChange>? Changed;
    /// <summary>A poll that failed: a locked registry, a corrupted file, a handler that threw.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Polls every interval on a timer thread until disposed (polls never overlap).</summary>
    public AliasWatcher Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate) _timer ??= new Timer(_ => Tick(), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return this;
    }

    /// <summary>Checks the alias now; true when it moved and <see cref="Changed"/> was raised.</summary>
    public bool Poll()
    {
        lock (_gate)
        {
            // The stamp is read before the alias: a write that lands in between changes the stamp again, so it is never missed.
            var stamp = _registry.ChangeStamp();
            if (_seen == stamp) return false;
            try
            {
                if (_registry.TryResolveAlias(Name, Alias) is not { } version || version == Current?.Version) { _seen = stamp; return false; }
                var info = _registry.Get(new ModelReference(Name, version, null));
                var change = new AliasChange(Name, Alias, info, _registry.GetVerifiedFile(info), Current?.Version);
                Changed?.Invoke(change);
                Current = info;
                _seen = stamp;
                return true;
            }
            catch (Exception e) when (!_disposed)
            {
                Failed?.Invoke(e);
                return false;
            }
        }
    }

    private void Tick()
    {
        if (_disposed) return;
        try { Poll(); }
        catch (Exception e) { Failed?.Invoke(e); }
        lock (_gate) if (!_disposed) _timer?.Change(_interval, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}

/// <summary>Connects a monitored service to a registry alias: the monitor swaps to each version the alias moves to.</summary>
public static class AliasFollowing
{
    /// <summary>
    /// Loads the version <paramref name="alias"/> points at now and every later one with <paramref name="load"/> (the
    /// verified model file's path in, a predictor out) and swaps it into <paramref name="monitor"/>, whose metrics then
    /// carry the new version number as their <c>version</c> tag. A version equal to the monitor's current one is not
    /// reloaded. Dispose the returned watcher to stop following.
    /// </summary>
    public static AliasWatcher FollowAlias<TIn, TOut>(this ModelMonitor<TIn, TOut> monitor, ModelRegistry registry, string name, string alias,
        Func<string, Func<TIn, TOut>> load, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(load);
        var watcher = new AliasWatcher(registry, name, alias, interval);
        watcher.Changed += change =>
        {
            var version = change.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (version != monitor.ModelVersion) monitor.SwapModel(load(change.FilePath), version);
        };
        watcher.Poll();
        return watcher.Start();
    }
}
