using Parquet;
using Parquet.Schema;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Writes a <see cref="Table"/> as Parquet (through a temporary file and a rename, so a file is whole or absent):
/// numerical columns as nullable doubles (NaN written as null, which <see cref="ParquetTableReader"/> reads back as
/// missing), categorical columns as nullable strings, in row groups of <c>rowGroup</c> rows.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [0.5, double.NaN]), TableColumn.Categorical("c", ["a", null])]);
/// TableParquetWriter.Write(table, "t.parquet");
/// Console.WriteLine(ParquetTableReader.Read("t.parquet").RowCount);
/// // prints: 2
/// </code>
/// </example>
public static class TableParquetWriter
{
    public static void Write(Table table, string path, int rowGroup = 1 << 20) => WriteAsync(table, path, rowGroup).GetAwaiter().GetResult();

    public static async Task WriteAsync(Table table, string path, int rowGroup = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroup, 1);
        var fields = table.Columns.Select(c => c.Kind == ColumnKind.Numerical ? (DataField)new DataField<double?>(c.Name) : new DataField<string>(c.Name)).ToArray();
        await AtomicFile.WriteAsync(Path.GetFullPath(path), async stream =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            for (int start = 0; start < table.RowCount || start == 0; start += rowGroup)
            {
                int n = Math.Min(rowGroup, table.RowCount - start);
                using var group = writer.CreateRowGroup();
                for (int c = 0; c < fields.Length; c++)
                {
                    var column = table.Columns[c];
                    if (column.Numbers is { } numbers)
                        await group.WriteAsync<double>((DataField<double?>)fields[c], numbers.Skip(start).Take(n).Select(v => double.IsNaN(v) ? (double?)null : v).ToArray().AsMemory());
                    else
                        await group.WriteAsync((DataField<string>)fields[c], column.Labels!.Skip(start).Take(n).ToArray());
                }
                if (table.RowCount == 0) break;
            }
        });
    }
}
