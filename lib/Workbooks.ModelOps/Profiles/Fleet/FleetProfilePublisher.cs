using System.Globalization;
using System.Threading.Channels;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Profiles.Fleet;

/// <summary>Settings of <see cref="FleetProfilePublisher{TIn, TOut}"/>.</summary>
public sealed record FleetPublishOptions
{
    /// <summary>Length of a fleet window (every replica must use the same); default one hour.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromHours(1);
    /// <summary>This replica incarnation's name; default machine, process id and start time, unique per process start.</summary>
    public string Replica { get; init; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}");
    public ProfileOptions Sketches { get; init; } = ProfileOptions.Default;
    /// <summary>Attempts per publication before it is counted as lost (with growing pauses in between).</summary>
    public int Attempts { get; init; } = 8;
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// The monitor's publisher hook for fleet-wide aggregation: it profiles each replica's inputs per fleet window
/// (a fixed period of call time, the same on every replica) and, once the monitor's windows have moved past a
/// fleet window, publishes its profile and counts through an <see cref="IProfilePublisher"/>. Profiling runs on
/// the monitor's thread (a few µs per call); publishing runs on a background task with retries, so a slow or
/// unreachable cluster never blocks predictions. A replica that dies loses only what it had not published yet:
/// its open fleet window. Labels that arrive after their window was published go out as a further publication.
/// </summary>
/// <example>
/// <code>
/// var monitor = new ModelMonitor&lt;double[], double&gt;(x => x.Sum(), new MonitorOptions { ModelName = "m" });
/// var fleet = monitor.PublishProfiles(publisher, xs => new Table([TableColumn.Numerical("x0", xs.Select(x => x[0]).ToArray())]));
/// // ... serve; at shutdown: the monitor first (it closes its open window), then the publisher (it sends what is left)
/// monitor.Dispose();
/// await fleet.DisposeAsync();
/// </code>
/// </example>
public sealed class FleetProfilePublisher<TIn, TOut> : IWindowObserver<TIn, TOut>, IQualityObserver<TIn, TOut>, IAsyncDisposable
{
    private sealed class Pending(DatasetProfile profile) { public DatasetProfile Profile = profile; public FleetQualityCounts Quality; }

    private readonly ModelMonitor<TIn, TOut> _monitor;
    private readonly IProfilePublisher _publisher;
    private readonly Func<IReadOnlyList<TIn>, Table> _features;
    private readonly Dictionary<(string Version, DateTime Start), Pending> _open = new();
    private readonly Channel<ProfilePublication> _outbox = Channel.CreateUnbounded<ProfilePublication>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sender;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private DateTime _watermark = DateTime.MinValue;
    private long _sequence, _published, _lost, _queued;

    public FleetProfilePublisher(ModelMonitor<TIn, TOut> monitor, IProfilePublisher publisher, Func<IReadOnlyList<TIn>, Table> features, FleetPublishOptions? options = null)
    {
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _features = features ?? throw new ArgumentNullException(nameof(features));
        Options = options ?? new FleetPublishOptions();
        if (Options.Period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), Options.Period, "The fleet window period must be positive.");
        _sender = Task.Run(SendLoop);
    }

    public FleetPublishOptions Options { get; }
    /// <summary>Publications acknowledged by the publisher.</summary>
    public long Published => Interlocked.Read(ref _published);
    /// <summary>Publications given up after <see cref="FleetPublishOptions.Attempts"/> failures.</summary>
    public long Lost => Interlocked.Read(ref _lost);
    /// <summary>The latest publishing error, if any.</summary>
    public Exception? LastError { get; private set; }

    public void OnWindow(MonitorWindow<TIn, TOut> window)
    {
        lock (_gate)
        {
            foreach (var group in window.Calls.GroupBy(c => (c.ModelVersion ?? _monitor.Options.ModelVersion, FleetWindows.StartOf(c.Time, Options.Period))))
            {
                var target = Open(group.Key);
                var ok = group.Where(c => !c.Failed).ToList();
                if (ok.Count > 0)
                {
                    var profile = DatasetProfile.FromTable(_features(ok.Select(c => c.Input).ToList()), Options.Sketches);
                    target.Profile.Merge(profile);
                }
                target.Quality = target.Quality.Add(new FleetQualityCounts(group.Count(), group.Count() - ok.Count, 0, 0));
            }
            if (window.Calls.Count > 0) _watermark = Max(_watermark, window.Calls.Max(c => c.Time));
            else if (window.End > _watermark) _watermark = window.End;
            if (window.Complete) PublishClosed(); else PublishAll();
        }
    }

    public void OnQualityWindow(QualityWindow<TIn, TOut> window)
    {
        lock (_gate)
        {
            foreach (var p in window.Predictions)
            {
                var target = Open((p.Call.ModelVersion ?? _monitor.Options.ModelVersion, FleetWindows.StartOf(p.Call.Time, Options.Period)));
                target.Quality = target.Quality.Add(new FleetQualityCounts(0, 0, 1, p.Truth.Class is not null && !p.IsCorrect ? 1 : 0));
            }
            PublishClosed();
        }
    }

    /// <summary>Publishes every open window now (also the current, partial one) and waits until the outbox is empty.</summary>
    public async Task FlushAsync(TimeSpan? timeout = null)
    {
        _monitor.Flush();
        lock (_gate) PublishAll();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (Interlocked.Read(ref _queued) > 0 && DateTime.UtcNow < until) await Task.Delay(10);
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        _outbox.Writer.TryComplete();
        _stop.CancelAfter(TimeSpan.FromSeconds(5));
        try { await _sender; } catch (OperationCanceledException) { /* shutting down: what is left counts as lost */ }
        _stop.Dispose();
    }

    private Pending Open((string Version, DateTime Start) key)
    {
        if (!_open.TryGetValue(key, out var p)) _open[key] = p = new Pending(new DatasetProfile(Options.Sketches, FleetWindows.KeyOf(key.Start, Options.Period)));
        return p;
    }

    private void PublishClosed()
    {
        foreach (var key in _open.Keys.Where(k => k.Start + Options.Period <= _watermark).ToList()) Enqueue(key);
    }

    private void PublishAll()
    {
        foreach (var key in _open.Keys.ToList()) Enqueue(key);
    }

    private void Enqueue((string Version, DateTime Start) key)
    {
        var p = _open[key];
        _open.Remove(key);
        var bytes = p.Profile.Rows > 0 || p.Profile.Columns.Count > 0 ? p.Profile.ToBytes() : [];
        Interlocked.Increment(ref _queued);
        _outbox.Writer.TryWrite(new ProfilePublication(_monitor.Options.ModelName, key.Version, FleetWindows.KeyOf(key.Start, Options.Period),
            Options.Replica, ++_sequence, bytes, p.Quality));
    }

    private async Task SendLoop()
    {
        await foreach (var publication in _outbox.Reader.ReadAllAsync())
        {
            var delay = Options.FirstRetryDelay;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await _publisher.PublishAsync(publication, _stop.Token);
                    Interlocked.Increment(ref _published);
                    break;
                }
                catch (Exception e) when (attempt < Options.Attempts && !_stop.IsCancellationRequested)
                {
                    LastError = e;
                    try { await Task.Delay(delay, _stop.Token); } catch (OperationCanceledException) { }
                    delay *= 2;
                }
                catch (Exception e)
                {
                    LastError = e;
                    Interlocked.Increment(ref _lost);
                    break;
                }
            }
            Interlocked.Decrement(ref _queued);
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

/// <summary>Wiring of the fleet publisher into a monitor.</summary>
public static class FleetPublishing
{
    /// <summary>Profiles this monitor's inputs per fleet window and publishes them (and the counts) through <paramref name="publisher"/>.
    /// The monitor must keep window calls (<see cref="MonitorOptions.KeepWindowCalls"/>, the default).</summary>
    public static FleetProfilePublisher<TIn, TOut> PublishProfiles<TIn, TOut>(this ModelMonitor<TIn, TOut> monitor, IProfilePublisher publisher,
        Func<IReadOnlyList<TIn>, Table> features, FleetPublishOptions? options = null)
    {
        if (!monitor.Options.KeepWindowCalls) throw new ArgumentException("Fleet publishing profiles the calls of each window: turn MonitorOptions.KeepWindowCalls on.");
        var hook = new FleetProfilePublisher<TIn, TOut>(monitor, publisher, features, options);
        monitor.Pipeline.AddWindowObserver(hook);
        monitor.Pipeline.AddQualityObserver(hook);
        return hook;
    }
}
