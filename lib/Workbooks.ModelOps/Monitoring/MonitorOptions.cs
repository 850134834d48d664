namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// Settings of a <see cref="ModelMonitor{TIn, TOut}"/>. Defaults suit a service: a 64k-record queue that
/// blocks rather than loses records, windows of 1,000 predictions, labels joined for up to a day.
/// </summary>
/// <example>
/// <code>
/// var options = new MonitorOptions { ModelName = "elec2", ModelVersion = "3", BackPressure = BackPressure.Drop };
/// Console.WriteLine($"{options.ModelName}@{options.ModelVersion} {options.BackPressure} {options.Window}");
/// // prints: elec2@3 Drop tumbling 1000 predictions
/// </code>
/// </example>
public sealed record MonitorOptions
{
    /// <summary>Tag on every meter and log row.</summary>
    public string ModelName { get; init; } = "model";
    public string ModelVersion { get; init; } = "1";
    /// <summary>Records the hot path can hand over before back-pressure applies (rounded up to a power of two).</summary>
    public int QueueCapacity { get; init; } = 1 << 16;
    /// <summary>What happens when the queue is full: wait (default, nothing lost) or drop and count.</summary>
    public BackPressure BackPressure { get; init; } = BackPressure.Block;
    /// <summary>Windows over traffic (latency, throughput, failures, drift checks).</summary>
    public WindowSpec Window { get; init; } = WindowSpec.ByCount(1000);
    /// <summary>Windows over labeled predictions (quality metrics, error rate); null: the same as <see cref="Window"/>.</summary>
    public WindowSpec? QualityWindow { get; init; }
    /// <summary>Predictions kept waiting for a label; the oldest is evicted (and counted) beyond this.</summary>
    public int PendingLabelCapacity { get; init; } = 1_000_000;
    /// <summary>How long a prediction waits for its label before it expires (counted).</summary>
    public TimeSpan LabelTimeToLive { get; init; } = TimeSpan.FromDays(1);
    /// <summary>Clock for timestamps and time windows; a simulation passes a <see cref="SimulatedClock"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>How often the background thread wakes when idle, to close time windows and flush sinks.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(5);
    /// <summary>A call that takes longer is counted as failed by timeout (it still returns its prediction: the
    /// monitor cannot abort a synchronous call). Null: no timeout.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Keep the calls of each window for drift checks and observers (costs memory per window).</summary>
    public bool KeepWindowCalls { get; init; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelName)) throw new ArgumentException("ModelName must not be empty: it tags every meter and log row.");
        if (string.IsNullOrWhiteSpace(ModelVersion)) throw new ArgumentException("ModelVersion must not be empty: it tags every meter and log row.");
        if (QueueCapacity < 2) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The queue needs at least 2 slots.");
        ArgumentNullException.ThrowIfNull(Window);
        ArgumentNullException.ThrowIfNull(Clock);
        if (IdlePoll <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdlePoll), IdlePoll, "IdlePoll must be positive.");
    }
}

/// <summary>A clock that a simulation moves by hand: replayed data carries its own time.</summary>
/// <example>
/// <code>
/// var clock = new SimulatedClock(new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc));
/// clock.Advance(TimeSpan.FromHours(2));
/// Console.WriteLine(clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm"));
/// // prints: 2011-01-01 02:00
/// </code>
/// </example>
public sealed class SimulatedClock(DateTime startUtc) : TimeProvider
{
    private long _ticks = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc).Ticks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    /// <summary>Moves the clock to <paramref name="utc"/>; it never goes back.</summary>
    public void Set(DateTime utc)
    {
        long target = DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks, seen;
        do { seen = Interlocked.Read(ref _ticks); if (target <= seen) return; }
        while (Interlocked.CompareExchange(ref _ticks, target, seen) != seen);
    }
}
