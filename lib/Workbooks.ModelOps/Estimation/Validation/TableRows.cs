using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Estimation.Validation;

/// <summary>Row subsets of a <see cref="Table"/> and deterministic shuffles, for building validation splits.</summary>
internal static class TableRows
{
    public static Table Select(Table table, IReadOnlyList<int> rows, string source, params TableColumn[] extra)
    {
        var columns = table.Columns.Select(c => c.Kind == ColumnKind.Numerical
            ? TableColumn.Numerical(c.Name, rows.Select(r => c.Numbers![r]).ToArray())
            : TableColumn.Categorical(c.Name, rows.Select(r => c.Labels![r]).ToArray()));
        return new Table(columns.Concat(extra), source);
    }

    public static int[] Shuffled(int count, int seed)
    {
        var rows = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(rows);
        return rows;
    }
}
