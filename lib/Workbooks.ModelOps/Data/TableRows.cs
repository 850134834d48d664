using System.Globalization;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Row selection on a <see cref="Table"/>: the reference and current sides of a drift analysis are usually
/// slices of one data set (a year, a month, one group). Each result names how it was made in
/// <see cref="Table.Source"/>, so errors and reports say which slice they mean.
/// </summary>
/// <example>
/// <code>
/// var t = new Table([TableColumn.Numerical("yr", [0, 0, 1]), TableColumn.Categorical("sex", ["F", "M", "F"])], "bike");
/// Console.WriteLine(t.Where("yr", 0).RowCount + " " + t.Where("sex", "F").Source);
/// // prints: 2 bike where sex = F
/// </code>
/// </example>
public static class TableRows
{
    /// <summary>Rows whose numerical <paramref name="column"/> equals <paramref name="value"/>.</summary>
    public static Table Where(this Table table, string column, double value) =>
        table.Where(column, v => v == value, $"{column} = {value.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Rows whose categorical <paramref name="column"/> equals <paramref name="value"/> (ordinal).</summary>
    public static Table Where(this Table table, string column, string value)
    {
        var labels = Labels(table, column);
        return table.Rows(Matching(labels.Length, i => labels[i] == value), $"{column} = {value}");
    }

    /// <summary>Rows whose numerical <paramref name="column"/> satisfies <paramref name="keep"/> (NaN included, so
    /// <c>double.IsNaN</c> selects the missing ones).</summary>
    public static Table Where(this Table table, string column, Func<double, bool> keep, string? description = null)
    {
        var numbers = table[column].RequireNumbers();
        return table.Rows(Matching(numbers.Length, i => keep(numbers[i])), description ?? $"{column} matches a condition");
    }

    /// <summary>Rows whose categorical <paramref name="column"/> satisfies <paramref name="keep"/> (null = missing).</summary>
    public static Table WhereLabel(this Table table, string column, Func<string?, bool> keep, string? description = null)
    {
        var labels = Labels(table, column);
        return table.Rows(Matching(labels.Length, i => keep(labels[i])), description ?? $"{column} matches a condition");
    }

    /// <summary>The rows <paramref name="rows"/> (0-based, in the order given) of every column.</summary>
    public static Table Rows(this Table table, IReadOnlyList<int> rows, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(table); ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
            if ((uint)r >= (uint)table.RowCount) throw new ArgumentOutOfRangeException(nameof(rows), r, $"{table.Source}: row {r} is outside its {table.RowCount} rows.");
        var columns = table.Columns.Select(c => c.Kind == ColumnKind.Numerical
            ? TableColumn.Numerical(c.Name, rows.Select(r => c.Numbers![r]).ToArray())
            : TableColumn.Categorical(c.Name, rows.Select(r => c.Labels![r]).ToArray()));
        return new Table(columns, description is null ? $"{table.Source} ({rows.Count} rows)" : $"{table.Source} where {description}");
    }

    /// <summary>Rows <c>[start, end)</c>.</summary>
    public static Table Slice(this Table table, int start, int end) =>
        table.Rows(Enumerable.Range(start, Math.Max(0, end - start)).ToArray(), $"rows [{start}:{end})");

    /// <summary>Only the named columns, in that order.</summary>
    public static Table Select(this Table table, params string[] columns) =>
        new(columns.Select(name => table[name]), table.Source);

    /// <summary>A date column read as text (ISO 8601, such as Bike Sharing's <c>dteday</c>) parsed to
    /// <see cref="DateTime"/>s, for <see cref="Windows.Chunker.ByPeriod"/>. A value that does not parse, or a
    /// missing one, is an error naming the row.</summary>
    public static DateTime[] Dates(this Table table, string column)
    {
        var labels = table[column].AsLabels();
        var dates = new DateTime[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            // The catalog's dates are yyyy-MM-dd: the fast fixed-layout parser first, any ISO form after it.
            var parsed = labels[i] is { } text ? IsoDates.Parse(text, "yyyy-MM-dd") ?? IsoDates.Parse(text, null) : null;
            dates[i] = parsed ?? throw new FormatException($"{table.Source}: column '{column}' row {i} holds '{labels[i] ?? "(missing)"}', not a date.");
        }
        return dates;
    }

    private static string?[] Labels(Table table, string column) => table[column].Labels
        ?? throw new ArgumentException($"{table.Source}: column '{column}' is numerical; compare it with a number.");

    private static int[] Matching(int count, Func<int, bool> keep)
    {
        var rows = new List<int>();
        for (int i = 0; i < count; i++) if (keep(i)) rows.Add(i);
        return rows.ToArray();
    }
}
