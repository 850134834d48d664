using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Conversions between <see cref="Table"/>, Microsoft.Data.Analysis <see cref="DataFrame"/> and ML.NET
/// <see cref="IDataView"/>, so every analysis accepts all three. Missing values map to each side's marker:
/// NaN / null in a Table, null in a DataFrame, NaN (floats) or empty text in an IDataView.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [1, double.NaN]), TableColumn.Categorical("c", ["a", null])]);
/// DataFrame frame = table.ToDataFrame();
/// Console.WriteLine($"{frame.Columns["x"].DataType.Name} {frame.Columns["x"].NullCount}");
/// // prints: Double 1
/// </code>
/// </example>
public static class TableConversions
{
    /// <summary>Numerical columns become double columns, categorical ones string columns.</summary>
    public static DataFrame ToDataFrame(this Table table) => table.ToDataFrame(null);

    /// <summary>
    /// A DataFrame with the given column types (by name; columns not listed keep their default type). Text that
    /// does not fit the type (a non-integer in an Int32 column, an unparsable date) is an error naming the column,
    /// row and value.
    /// </summary>
    public static DataFrame ToDataFrame(this Table table, IEnumerable<DatasetColumn>? types)
    {
        var byName = types?.ToDictionary(t => t.Name, StringComparer.Ordinal) ?? [];
        var columns = table.Columns.Select(c =>
        {
            var type = byName.TryGetValue(c.Name, out var t) ? t
                : new DatasetColumn(c.Name, c.Kind == ColumnKind.Numerical ? DatasetColumnType.Double : DatasetColumnType.String);
            return ToFrameColumn(c, type, table.Source);
        });
        return new DataFrame(columns);
    }

    /// <summary>The table as an ML.NET IDataView (a DataFrame is one), with the given column types.</summary>
    public static IDataView ToDataView(this Table table, IEnumerable<DatasetColumn>? types = null) => table.ToDataFrame(types);

    /// <summary>
    /// A Table from a DataFrame: numeric columns of any primitive type become numerical (null as NaN); string,
    /// boolean (<c>True</c>/<c>False</c>) and DateTime (ISO <c>yyyy-MM-ddTHH:mm:ss</c>) columns become categorical.
    /// Any other column type is an error naming the column.
    /// </summary>
    public static Table ToTable(this DataFrame frame, string source = "DataFrame") =>
        new(frame.Columns.Select(c => FromFrameColumn(c, source)), source);

    /// <summary>A Table from every row of an IDataView (see <see cref="ToTable(DataFrame, string)"/> for the types).</summary>
    public static Table ToTable(this IDataView view, string source = "IDataView") =>
        (view as DataFrame ?? view.ToDataFrame(-1)).ToTable(source);

    private static DataFrameColumn ToFrameColumn(TableColumn column, DatasetColumn type, string source)
    {
        string name = column.Name;
        switch (type.Type)
        {
            case DatasetColumnType.Double when column.Numbers is { } d:
                return Arrow(d, i => !double.IsNaN(d[i]), (v, m, n, z) => new DoubleDataFrameColumn(name, v, m, n, z));
            case DatasetColumnType.Single when column.Numbers is { } f:
                return Arrow(Array.ConvertAll(f, v => (float)v), i => !double.IsNaN(f[i]), (v, m, n, z) => new SingleDataFrameColumn(name, v, m, n, z));
            case DatasetColumnType.Int32 when column.Numbers is { } ints:
                var whole = new int[ints.Length];
                for (int i = 0; i < ints.Length; i++)
                {
                    double v = ints[i];
                    if (double.IsNaN(v)) continue;
                    if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                        throw new InvalidDataException($"{source}: column '{name}', row {i + 1}: {v.ToString(CultureInfo.InvariantCulture)} is not a 32-bit integer.");
                    whole[i] = (int)v;
                }
                return Arrow(whole, i => !double.IsNaN(ints[i]), (v, m, n, z) => new Int32DataFrameColumn(name, v, m, n, z));
            case DatasetColumnType.String:
                return new StringDataFrameColumn(name, column.AsLabels());
            case DatasetColumnType.Boolean:
                var flags = column.AsLabels();
                return Arrow(ParseEach(flags, name, source, "true/false", s => bool.TryParse(s, out var b) ? b : (bool?)null),
                    i => flags[i] is not null, (v, m, n, z) => new BooleanDataFrameColumn(name, v, m, n, z));
            case DatasetColumnType.DateTime:
                var dates = column.AsLabels();
                return Arrow(ParseEach(dates, name, source, type.Format ?? "an ISO date/time", s => IsoDates.Parse(s, type.Format)),
                    i => dates[i] is not null, (v, m, n, z) => new DateTimeDataFrameColumn(name, v, m, n, z));
            default:
                throw new InvalidDataException($"{source}: column '{name}' is {column.Kind.ToString().ToLowerInvariant()} and cannot load as {type.Type}.");
        }
    }

    /// <summary>
    /// Builds a column from a values buffer and an Arrow validity bitmap (bit i set = row i present): one copy,
    /// instead of appending row by row, which is many times slower for large columns.
    /// </summary>
    private static DataFrameColumn Arrow<T>(T[] values, Func<int, bool> present, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, int, int, DataFrameColumn> create)
        where T : unmanaged
    {
        var bitmap = new byte[(values.Length + 7) / 8];
        int nulls = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (present(i)) bitmap[i >> 3] |= (byte)(1 << (i & 7));
            else nulls++;
        }
        return create(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), bitmap, values.Length, nulls);
    }

    /// <summary>Parses every present label; a label that does not parse is an error naming column, row and text.
    /// A label equal to the one before reuses its value (dates in hourly data repeat).</summary>
    private static T[] ParseEach<T>(string?[] labels, string name, string source, string expected, Func<string, T?> parse) where T : struct
    {
        var values = new T[labels.Length];
        string? previous = null;
        T last = default;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not { } text) continue;
            if (!ReferenceEquals(text, previous) && text != previous)
            {
                last = parse(text.Trim()) ?? throw new InvalidDataException($"{source}: column '{name}', row {i + 1}: '{text}' is not {expected}.");
                previous = text;
            }
            values[i] = last;
        }
        return values;
    }

    private static TableColumn FromFrameColumn(DataFrameColumn column, string source)
    {
        long n = column.Length;
        if (column is StringDataFrameColumn strings)
            return TableColumn.Categorical(column.Name, Enumerable.Range(0, (int)n).Select(i => strings[i]).ToArray());
        var type = column.DataType;
        if (type == typeof(bool) || type == typeof(DateTime) || type == typeof(string) || type == typeof(char))
        {
            var labels = new string?[n];
            for (long i = 0; i < n; i++)
                labels[i] = column[i] switch
                {
                    null => null,
                    DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                };
            return TableColumn.Categorical(column.Name, labels);
        }
        if (type.IsPrimitive || type == typeof(decimal))
        {
            var numbers = new double[n];
            for (long i = 0; i < n; i++)
                numbers[i] = column[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;
            return TableColumn.Numerical(column.Name, numbers);
        }
        throw new InvalidDataException($"{source}: column '{column.Name}' holds {type.Name} values (a vector or other non-scalar type); select scalar columns before converting to a Table.");
    }
}
