using System.Globalization;
using Workbooks.ModelOps.Data.Preparation;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Writes a <see cref="Table"/> as CSV: UTF-8 without BOM, LF line ends, a header row, numbers in their shortest
/// round-trip invariant form (so the same table always gives the same bytes), missing values as empty fields,
/// text quoted only when it holds a comma, quote or line break.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [0.5, double.NaN]), TableColumn.Categorical("c", ["a,b", null])]);
/// var stream = new MemoryStream();
/// TableCsvWriter.Write(table, stream);
/// Console.Write(Encoding.UTF8.GetString(stream.ToArray()).Replace("\n", "|"));
/// // prints: x,c|0.5,"a,b"|,|
/// </code>
/// </example>
public static class TableCsvWriter
{
    public static void Write(Table table, Stream output)
    {
        using var writer = new StreamWriter(output, SourceFiles.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write(string.Join(',', table.Columns.Select(c => ArffToCsvPreparation.CsvField(c.Name))));
        writer.Write('\n');
        for (int i = 0; i < table.RowCount; i++)
        {
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                var column = table.Columns[c];
                if (column.Numbers is { } numbers)
                {
                    if (!double.IsNaN(numbers[i])) writer.Write(numbers[i].ToString("R", CultureInfo.InvariantCulture));
                }
                else if (column.Labels![i] is { } label) writer.Write(ArffToCsvPreparation.CsvField(label));
            }
            writer.Write('\n');
        }
    }

    /// <summary>Writes to <paramref name="path"/> through a temporary file, so a failure never leaves half a file.</summary>
    public static void Write(Table table, string path) => AtomicFile.Write(path, file => Write(table, file));
}
