namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// Maps replayed rows' timestamps linearly into a shorter simulated span (say one day), so months of recorded
/// traffic play out as one day of monitoring. Row i of n keeps its place in time: the recorded period, counted
/// as [first, last + mean row spacing), becomes [<c>start</c>, <c>start + span</c>), so the first row lands at
/// <c>start</c>, the last just before <c>start + span</c>, order and gaps stay, only scaled.
/// </summary>
/// <example>
/// <code>
/// var hours = Enumerable.Range(0, 4).Select(h => new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(6 * h)).ToArray();
/// var day = TimeCompression.Map(hours, 0, new DateTime(2024, 6, 3, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(2));
/// Console.WriteLine(string.Join(" ", day.Select(t => t.ToString("HH:mm"))));
/// // prints: 00:00 00:30 01:00 01:30
/// </code>
/// </example>
public static class TimeCompression
{
    /// <summary>The simulated times of rows [<paramref name="from"/>, end) of <paramref name="times"/> (index 0 is row
    /// <paramref name="from"/>), spread over [<paramref name="start"/>, <paramref name="start"/> + <paramref name="span"/>).</summary>
    public static DateTime[] Map(IReadOnlyList<DateTime> times, int from, DateTime start, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (from < 0 || from >= times.Count) throw new ArgumentOutOfRangeException(nameof(from), from, $"The compressed rows must start within the {times.Count} rows.");
        if (span <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(span), span, "The simulated span must last more than zero.");
        int n = times.Count - from;
        var mapped = new DateTime[n];
        long recorded = RecordedTicks(times, from);
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && times[from + i] < times[from + i - 1])
                throw new ArgumentException($"Rows must be in time order to compress: row {from + i} ({times[from + i]:O}) comes before row {from + i - 1} ({times[from + i - 1]:O}).", nameof(times));
            // decimal keeps the product of two tick counts exact (it can pass long's range)
            long offset = (long)((decimal)(times[from + i] - times[from]).Ticks * span.Ticks / recorded);
            mapped[i] = DateTime.SpecifyKind(start.AddTicks(offset), DateTimeKind.Utc);
        }
        return mapped;
    }

    /// <summary>How many times faster than recorded time the simulated span runs (recorded period / span).</summary>
    public static double Factor(IReadOnlyList<DateTime> times, int from, TimeSpan span) => (double)RecordedTicks(times, from) / span.Ticks;

    // The recorded period counted as [first, last + mean spacing): each row owns one slot, so the last row's slot ends the span.
    private static long RecordedTicks(IReadOnlyList<DateTime> times, int from)
    {
        int n = times.Count - from;
        long between = (times[^1] - times[from]).Ticks;
        long total = n > 1 ? between + between / (n - 1) : 0;
        return total > 0 ? total : 1;   // a single row or identical times: everything lands at start
    }
}
