using System.Globalization;
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
        int n = column.Length;
        switch (type.Type)
        {
            case DatasetColumnType.Double when column.Numbers is { } d:
                return new DoubleDataFrameColumn(column.Name, d.Select(v => double.IsNaN(v) ? (double?)null : v));
            case DatasetColumnType.Single when column.Numbers is { } f:
                return new SingleDataFrameColumn(column.Name, f.Select(v => double.IsNaN(v) ? (float?)null : (float)v));
            case DatasetColumnType.Int32 when column.Numbers is { } ints:
                var result = new Int32DataFrameColumn(column.Name, n);
                for (int i = 0; i < n; i++)
                {
                    double v = ints[i];
                    if (double.IsNaN(v)) { result[i] = null; continue; }
                    if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                        throw new InvalidDataException($"{source}: column '{column.Name}', row {i + 1}: {v.ToString(CultureInfo.InvariantCulture)} is not a 32-bit integer.");
                    result[i] = (int)v;
                }
                return result;
            case DatasetColumnType.String:
                return new StringDataFrameColumn(column.Name, column.AsLabels());
            case DatasetColumnType.Boolean:
                return new BooleanDataFrameColumn(column.Name, ParseEach(column, source, "true/false", s => bool.TryParse(s, out var b) ? b : (bool?)null));
            case DatasetColumnType.DateTime:
                return new DateTimeDataFrameColumn(column.Name, ParseEach(column, source, type.Format ?? "an ISO date/time", s => ParseDate(s, type.Format)));
            default:
                throw new InvalidDataException($"{source}: column '{column.Name}' is {column.Kind.ToString().ToLowerInvariant()} and cannot load as {type.Type}.");
        }
    }

    private static IEnumerable<T?> ParseEach<T>(TableColumn column, string source, string expected, Func<string, T?> parse) where T : struct
    {
        var labels = column.AsLabels();
        var values = new T?[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not { } text) continue;
            values[i] = parse(text.Trim()) ?? throw new InvalidDataException(
                $"{source}: column '{column.Name}', row {i + 1}: '{text}' is not {expected}.");
        }
        return values;
    }

    private static DateTime? ParseDate(string text, string? format) =>
        format is null
            ? DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var any) ? any : null
            : DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact) ? exact : null;

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
