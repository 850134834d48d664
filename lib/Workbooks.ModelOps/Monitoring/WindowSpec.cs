using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>How a stream is cut into windows.</summary>
public enum WindowKind { Count, Time, Period }

/// <summary>
/// A window over a live stream: by count or by time, tumbling (step = length) or sliding (step &lt; length),
/// or by calendar period. Keys match <see cref="Chunker"/>: a tumbling count window over rows 0..999 is
/// <c>[0:1000)</c> as in <see cref="Chunker.BySize"/>, a period window is keyed like <see cref="Chunker.ByPeriod"/>.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(WindowSpec.ByCount(500, step: 100));
/// Console.WriteLine(WindowSpec.ByTime(TimeSpan.FromMinutes(5)));
/// // prints: sliding 500 predictions every 100
/// // prints: tumbling 00:05:00
/// </code>
/// </example>
public sealed record WindowSpec
{
    private WindowSpec(WindowKind kind, int size, int step, TimeSpan length, TimeSpan timeStep, ChunkPeriod period)
    {
        Kind = kind; Size = size; Step = step; Length = length; TimeStep = timeStep; Period = period;
    }

    public WindowKind Kind { get; }
    /// <summary>Predictions per window (count windows).</summary>
    public int Size { get; }
    /// <summary>Predictions between window starts (count windows); equals <see cref="Size"/> when tumbling.</summary>
    public int Step { get; }
    /// <summary>Window duration (time windows).</summary>
    public TimeSpan Length { get; }
    /// <summary>Time between window starts (time windows); equals <see cref="Length"/> when tumbling.</summary>
    public TimeSpan TimeStep { get; }
    public ChunkPeriod Period { get; }
    public bool IsSliding => Kind switch
    {
        WindowKind.Count => Step < Size,
        WindowKind.Time => TimeStep < Length,
        _ => false,
    };

    /// <summary>Windows of <paramref name="size"/> predictions, a new one every <paramref name="step"/> (default: tumbling).</summary>
    public static WindowSpec ByCount(int size, int? step = null)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "A count window needs at least 1 prediction.");
        int s = step ?? size;
        if (s < 1 || s > size) throw new ArgumentOutOfRangeException(nameof(step), s, $"The step must be between 1 and the window size ({size}).");
        return new WindowSpec(WindowKind.Count, size, s, TimeSpan.Zero, TimeSpan.Zero, default);
    }

    /// <summary>Windows lasting <paramref name="length"/>, a new one every <paramref name="step"/> (default: tumbling),
    /// aligned to multiples of the step since 0001-01-01 UTC so every process cuts the same windows.</summary>
    public static WindowSpec ByTime(TimeSpan length, TimeSpan? step = null)
    {
        if (length <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(length), length, "A time window must last more than zero.");
        var s = step ?? length;
        if (s <= TimeSpan.Zero || s > length) throw new ArgumentOutOfRangeException(nameof(step), s, $"The step must be positive and at most the window length ({length}).");
        if (length.Ticks % s.Ticks != 0) throw new ArgumentException($"The window length ({length}) must be a whole number of steps ({s}).", nameof(step));
        return new WindowSpec(WindowKind.Time, 0, 0, length, s, default);
    }

    /// <summary>One tumbling window per calendar period (hour, day, week...), as <see cref="Chunker.ByPeriod"/>.</summary>
    public static WindowSpec ByPeriod(ChunkPeriod period) => new(WindowKind.Period, 0, 0, TimeSpan.Zero, TimeSpan.Zero, period);

    public override string ToString() => Kind switch
    {
        WindowKind.Count => IsSliding ? $"sliding {Size} predictions every {Step}" : $"tumbling {Size} predictions",
        WindowKind.Time => IsSliding ? $"sliding {Length} every {TimeStep}" : $"tumbling {Length}",
        _ => $"calendar {Period.ToString().ToLowerInvariant()}",
    };
}
