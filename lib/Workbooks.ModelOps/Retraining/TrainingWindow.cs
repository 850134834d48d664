using System.Globalization;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// Which past rows a retrained model learns from: <c>sliding:N</c> (the last N rows) or <c>expanding</c> (every row so far).
/// Rows are always taken in time order, up to the row just labelled; nothing from the future.
/// </summary>
/// <example>
/// <code>
/// var w = TrainingWindow.Parse("sliding:1000");
/// Console.WriteLine($"{w} {w.Range(5000)} {TrainingWindow.Expanding.Range(5000)}");
/// // prints: sliding:1000 (4000, 5000) (0, 5000)
/// </code>
/// </example>
public sealed record TrainingWindow
{
    private TrainingWindow(int? rows) => Rows = rows;

    /// <summary>Rows kept by a sliding window; null: expanding.</summary>
    public int? Rows { get; }

    public static TrainingWindow Expanding { get; } = new((int?)null);

    public static TrainingWindow Sliding(int rows) => rows >= 20
        ? new TrainingWindow(rows)
        : throw new ArgumentException($"a sliding window needs at least 20 rows to train on, not {rows}.");

    /// <summary>Reads <c>sliding:N</c> or <c>expanding</c>; anything else is an <see cref="ArgumentException"/>.</summary>
    public static TrainingWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "expanding") return Expanding;
        if (t.StartsWith("sliding:", StringComparison.Ordinal) && int.TryParse(t[8..], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            return Sliding(n);
        throw new ArgumentException($"unknown window '{text}'. Valid: sliding:N (the last N rows, N >= 20) or expanding.");
    }

    /// <summary>The rows [start, end) to train on when rows before <paramref name="end"/> are labelled.</summary>
    public (int Start, int End) Range(int end) => (Rows is { } n ? Math.Max(0, end - n) : 0, end);

    public override string ToString() => Rows is { } n ? FormattableString.Invariant($"sliding:{n}") : "expanding";
}
