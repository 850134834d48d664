using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// Reads the columns CBPE needs from a <see cref="Table"/>, with errors that name the table, column and row:
/// scores as probabilities in [0, 1], predictions and labels as 0/1. A categorical prediction or label column
/// is read as 1 where it equals the positive label and 0 elsewhere.
/// </summary>
/// <example>
/// <code>
/// var t = new Table([TableColumn.Categorical("income", ["&gt;50K", "&lt;=50K"])]);
/// Console.WriteLine(string.Join(",", BinaryColumns.Classes(t, "income", "&gt;50K")));
/// // prints: 1,0
/// </code>
/// </example>
public static class BinaryColumns
{
    /// <summary>Labels taken as the positive class when a categorical column has two values and no positive label is given.</summary>
    public static IReadOnlyList<string> DefaultPositiveLabels { get; } = ["1", "true", "yes", "positive", "pos"];

    /// <summary>The score column as probabilities; a missing or out-of-range value is an error naming the row.</summary>
    public static double[] Scores(Table table, string column)
    {
        var values = Column(table, column).Kind == ColumnKind.Numerical ? table[column].Numbers!
            : throw new ArgumentException($"{table.Source}: score column '{column}' is not numeric (it holds values such as '{table[column].Labels!.FirstOrDefault(v => v is not null)}').");
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new ArgumentException($"{table.Source}: score column '{column}', data row {i + 1}: {(double.IsNaN(values[i]) ? "missing" : values[i].ToString(System.Globalization.CultureInfo.InvariantCulture))}; scores must be probabilities in [0, 1].");
        return values;
    }

    /// <summary>A 0/1 column: numbers must be 0 or 1; text is 1 where it equals the positive label (case-insensitive).</summary>
    public static int[] Classes(Table table, string column, string? positiveLabel = null)
    {
        var col = Column(table, column);
        var result = new int[col.Length];
        if (col.Kind == ColumnKind.Numerical)
        {
            var v = col.Numbers!;
            for (int i = 0; i < v.Length; i++)
                result[i] = v[i] switch
                {
                    0 => 0,
                    1 => 1,
                    _ => throw new ArgumentException($"{table.Source}: column '{column}', data row {i + 1}: {(double.IsNaN(v[i]) ? "missing" : v[i].ToString(System.Globalization.CultureInfo.InvariantCulture))}; expected 0 or 1."),
                };
            return result;
        }
        var labels = col.Labels!;
        var positive = positiveLabel ?? InferPositive(table, column, labels);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is null) throw new ArgumentException($"{table.Source}: column '{column}', data row {i + 1} is missing; every row needs a class.");
            result[i] = string.Equals(labels[i], positive, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }
        return result;
    }

    private static TableColumn Column(Table table, string column) => table.HasColumn(column) ? table[column]
        : throw new ArgumentException($"{table.Source}: no column '{column}'. Columns: {string.Join(", ", table.ColumnNames)}.");

    private static string InferPositive(Table table, string column, string?[] labels)
    {
        var distinct = labels.Where(l => l is not null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var match = distinct.Where(d => DefaultPositiveLabels.Contains(d!, StringComparer.OrdinalIgnoreCase)).ToList();
        if (distinct.Count <= 2 && match.Count == 1) return match[0]!;
        throw new ArgumentException($"{table.Source}: column '{column}' holds text ({string.Join(", ", distinct.Take(5))}); say which value is the positive class.");
    }
}
