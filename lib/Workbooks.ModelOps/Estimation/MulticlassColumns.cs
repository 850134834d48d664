using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// Reads the columns multiclass CBPE needs from a <see cref="Table"/>: one probability column per class,
/// named by a common prefix (<c>p_cat</c>, <c>p_dog</c> → classes <c>cat</c>, <c>dog</c>), and prediction or label
/// columns holding those class names. Errors name the table, column and row.
/// </summary>
/// <example>
/// <code>
/// var t = new Table([TableColumn.Numerical("p_a", [0.7, 0.2]), TableColumn.Numerical("p_b", [0.3, 0.8]), TableColumn.Categorical("y", ["b", "a"])]);
/// var (classes, scores) = MulticlassColumns.Scores(t, "p_");
/// Console.WriteLine($"{string.Join(",", classes)} {string.Join(",", MulticlassColumns.Classes(t, "y", classes))}");
/// // prints: a,b 1,0
/// </code>
/// </example>
public static class MulticlassColumns
{
    /// <summary>Whether <paramref name="prefix"/> names per-class score columns here (at least two columns start with it, none is exactly it).</summary>
    public static bool HasScores(Table table, string prefix) =>
        !table.HasColumn(prefix) && table.ColumnNames.Count(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.Length > prefix.Length) >= 2;

    /// <summary>The class names (column suffixes, in column order) and each class's score column, checked to be probabilities.</summary>
    public static (IReadOnlyList<string> Classes, IReadOnlyList<double[]> Scores) Scores(Table table, string prefix)
    {
        var columns = table.Columns.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal) && c.Name.Length > prefix.Length).ToList();
        if (columns.Count < 2)
            throw new ArgumentException($"{table.Source}: found {columns.Count} score columns starting with '{prefix}'; multiclass CBPE needs one per class (at least two). Columns: {string.Join(", ", table.ColumnNames)}.");
        var scores = columns.Select(c => BinaryColumns.Scores(table, c.Name)).ToList();
        return (columns.Select(c => c.Name[prefix.Length..]).ToList(), scores);
    }

    /// <summary>Class indices of a column holding class names (numbers compare as their invariant text).</summary>
    public static int[] Classes(Table table, string column, IReadOnlyList<string> classes)
    {
        if (!table.HasColumn(column)) throw new ArgumentException($"{table.Source}: no column '{column}'. Columns: {string.Join(", ", table.ColumnNames)}.");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var values = table[column].AsLabels();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = values[i] is { } v && index.TryGetValue(v, out var k) ? k
                : throw new ArgumentException($"{table.Source}: column '{column}', data row {i + 1}: '{values[i] ?? "missing"}' is not one of the classes {string.Join(", ", classes)}.");
        return result;
    }
}
