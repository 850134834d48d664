namespace Workbooks.ModelOps.Windows;

/// <summary>A contiguous slice of rows <c>[Start, End)</c> of a time-ordered table.</summary>
/// <param name="Index">0-based position of the chunk.</param>
/// <param name="Start">First row (inclusive).</param>
/// <param name="End">Row after the last one (exclusive).</param>
/// <param name="Key">A label for charts and reports: <c>"[0:500)"</c> or the period, such as <c>"2012-03"</c>.</param>
/// <param name="PeriodStart">For period chunks, the start of the period; otherwise null.</param>
public sealed record Chunk(int Index, int Start, int End, string Key, DateTime? PeriodStart = null)
{
    public int Count => End - Start;
}

/// <summary>Calendar periods for chunking by time.</summary>
public enum ChunkPeriod { Hour, Day, Week, Month, Quarter, Year }

/// <summary>
/// Splits a sequence of rows into chunks, by size, by number of chunks, or by calendar period.
/// The drift reports, the performance estimators and the monitor all chunk through here, so a chunk
/// means the same thing everywhere.
/// </summary>
/// <example>
/// <code>
/// var chunks = Chunker.BySize(10, 4);   // [0:4) [4:8) [8:10)
/// Console.WriteLine(string.Join(" ", chunks.Select(c => c.Key)));
/// // prints: [0:4) [4:8) [8:10)
/// </code>
/// </example>
public static class Chunker
{
    /// <summary>Chunks of <paramref name="size"/> rows; the last chunk holds the remainder.
    /// When <paramref name="dropIncomplete"/> is set, a trailing chunk smaller than size is dropped.</summary>
    public static IReadOnlyList<Chunk> BySize(int rows, int size, bool dropIncomplete = false)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count cannot be negative.");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "Chunk size must be at least 1.");
        var chunks = new List<Chunk>();
        for (int start = 0, i = 0; start < rows; start += size, i++)
        {
            int end = Math.Min(rows, start + size);
            if (dropIncomplete && end - start < size) break;
            chunks.Add(new Chunk(i, start, end, $"[{start}:{end})"));
        }
        return chunks;
    }

    /// <summary><paramref name="count"/> chunks of near-equal size (the first ones take the remainder).</summary>
    public static IReadOnlyList<Chunk> ByCount(int rows, int count)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count cannot be negative.");
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Chunk count must be at least 1.");
        if (count > rows && rows > 0) count = rows;
        var chunks = new List<Chunk>(count);
        int baseSize = rows / count, extra = rows % count, start = 0;
        for (int i = 0; i < count && start < rows; i++)
        {
            int end = start + baseSize + (i < extra ? 1 : 0);
            chunks.Add(new Chunk(i, start, end, $"[{start}:{end})"));
            start = end;
        }
        return chunks;
    }

    /// <summary>One chunk per calendar period. Timestamps must be in non-decreasing order; the error names
    /// the first row that is out of order.</summary>
    public static IReadOnlyList<Chunk> ByPeriod(IReadOnlyList<DateTime> timestamps, ChunkPeriod period)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        var chunks = new List<Chunk>();
        int start = 0;
        for (int row = 1; row <= timestamps.Count; row++)
        {
            if (row < timestamps.Count && timestamps[row] < timestamps[row - 1])
                throw new ArgumentException($"Timestamps must be in time order to chunk by period: row {row} ({timestamps[row]:O}) comes before row {row - 1} ({timestamps[row - 1]:O}).", nameof(timestamps));
            if (row == timestamps.Count || PeriodStart(timestamps[row], period) != PeriodStart(timestamps[start], period))
            {
                var p = PeriodStart(timestamps[start], period);
                chunks.Add(new Chunk(chunks.Count, start, row, PeriodKey(p, period), p));
                start = row;
            }
        }
        return chunks;
    }

    /// <summary>The start of the period that holds <paramref name="t"/> (weeks start on Monday, ISO 8601).</summary>
    public static DateTime PeriodStart(DateTime t, ChunkPeriod period) => period switch
    {
        ChunkPeriod.Hour => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind),
        ChunkPeriod.Day => t.Date,
        ChunkPeriod.Week => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
        ChunkPeriod.Month => new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind),
        ChunkPeriod.Quarter => new DateTime(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, t.Kind),
        ChunkPeriod.Year => new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static string PeriodKey(DateTime p, ChunkPeriod period) => period switch
    {
        ChunkPeriod.Hour => p.ToString("yyyy-MM-dd HH:00"),
        ChunkPeriod.Day => p.ToString("yyyy-MM-dd"),
        ChunkPeriod.Week => $"week of {p:yyyy-MM-dd}",
        ChunkPeriod.Month => p.ToString("yyyy-MM"),
        ChunkPeriod.Quarter => $"{p.Year}-Q{(p.Month - 1) / 3 + 1}",
        _ => p.ToString("yyyy"),
    };
}
