using System.Globalization;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// What the values of a column pair allow a drift result to claim: whether the column can be tested at all (each
/// side needs rows and at least one usable value), which data-quality warnings it carries (missing, infinite or
/// unparseable shares above <see cref="DriftOptions.WarningShare"/>, samples under <see cref="DriftOptions.SmallSample"/>),
/// and, with <see cref="DriftOptions.Strict"/>, the error for the first unparseable value.
/// </summary>
/// <example>
/// <code>
/// var pair = DriftColumnPair.Numerical("x", new[] { 1.0, 2, 3 }, new[] { double.NaN, double.NaN });
/// Console.WriteLine(DriftDataQuality.NotTestedReason(pair));   // the current side has no usable values: all 2 missing
/// </code>
/// </example>
public static class DriftDataQuality
{
    /// <summary>Why the column cannot be tested, or null when both sides have usable values.</summary>
    public static string? NotTestedReason(DriftColumnPair pair)
    {
        foreach (var (side, c) in Sides(pair))
        {
            if (c.Rows == 0) return $"the {side} side has no rows";
            if (c.Valid == 0) return $"the {side} side has no usable values: {Describe(c)}";
        }
        return null;
    }

    /// <summary>One sentence per data-quality problem worth a reader's attention.</summary>
    public static IReadOnlyList<string> Warnings(DriftColumnPair pair, DriftOptions options)
    {
        var warnings = new List<string>();
        foreach (var (side, c) in Sides(pair))
        {
            if (c.Rows == 0) continue;
            if (c.MissingShare > options.WarningShare) warnings.Add($"{side}: {P(c.MissingShare)} of values missing ({c.Missing} of {c.Rows})");
            if (c.InfiniteShare > options.WarningShare) warnings.Add($"{side}: {P(c.InfiniteShare)} of values infinite ({c.PositiveInfinity + c.NegativeInfinity} of {c.Rows})");
            if (c.UnparseableShare > options.WarningShare && c.FirstUnparseable is { } u)
                warnings.Add($"{side}: {P(c.UnparseableShare)} of values are not numbers ({c.Unparseable} of {c.Rows}, first '{u.FirstValue}' at row {u.FirstRow + 1})");
            if (c.Valid > 0 && c.Valid < options.SmallSample)
                warnings.Add($"{side}: only {c.Valid} usable values (fewer than {options.SmallSample}): the test has little power and the verdict is unreliable");
        }
        return warnings;
    }

    /// <summary>What was left out of a column's tests, per side ("current: 1 not a number (first 'abc' at row 11)"),
    /// or null when every value took part: the line the CLI prints for a column below the warning limits.</summary>
    public static string? LeftOut(ColumnDriftResult column)
    {
        var sides = new List<string>();
        foreach (var (side, c) in new[] { ("reference", column.Reference), ("current", column.Current) })
        {
            var parts = new List<string>();
            if (c.Missing > 0) parts.Add($"{c.Missing} missing");
            if (c.PositiveInfinity + c.NegativeInfinity > 0) parts.Add($"{c.PositiveInfinity + c.NegativeInfinity} infinite");
            if (c.FirstUnparseable is { } u) parts.Add($"{c.Unparseable} not {(c.Unparseable == 1 ? "a number" : "numbers")} (first '{u.FirstValue}' at row {u.FirstRow + 1})");
            if (parts.Count > 0) sides.Add($"{side}: {string.Join(", ", parts)} of {c.Rows}");
        }
        return sides.Count == 0 ? null : $"left out of the tests: {string.Join("; ", sides)}";
    }

    /// <summary>The error <see cref="DriftOptions.Strict"/> raises for the first unparseable value of either side.</summary>
    public static void ThrowOnUnparseable(DriftColumnPair pair, string referenceSource, string currentSource)
    {
        foreach (var (source, c) in new[] { (referenceSource, pair.ReferenceCounts), (currentSource, pair.CurrentCounts) })
            if (c.FirstUnparseable is { } u)
                throw new InvalidDataException($"{source}, column '{pair.Name}', {Row(source, u.FirstRow)}: '{u.FirstValue}' is not a number " +
                    $"({u.Count} such values in the column; strict mode rejects any).");
    }

    /// <summary>"line N" for a CSV file (header on line 1), else "row N" (1-based).</summary>
    public static string Row(string source, int row) =>
        source.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
            ? $"line {row + 2}" : $"row {row + 1}";

    private static IEnumerable<(string Side, ColumnValueCounts Counts)> Sides(DriftColumnPair pair) =>
        [("reference", pair.ReferenceCounts), ("current", pair.CurrentCounts)];

    private static string Describe(ColumnValueCounts c)
    {
        var parts = new List<string>();
        if (c.Missing > 0) parts.Add($"{c.Missing} missing");
        if (c.PositiveInfinity + c.NegativeInfinity > 0) parts.Add($"{c.PositiveInfinity + c.NegativeInfinity} infinite");
        if (c.Unparseable > 0) parts.Add($"{c.Unparseable} not numbers (first '{c.FirstUnparseable!.FirstValue}')");
        return parts.Count == 1 && c.Missing == c.Rows ? $"all {c.Rows} missing" : $"{string.Join(", ", parts)} of {c.Rows}";
    }

    private static string P(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
