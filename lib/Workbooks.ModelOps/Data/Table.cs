namespace Workbooks.ModelOps.Data;

/// <summary>How a column's values are treated by the statistics: numbers or labels.</summary>
public enum ColumnKind { Numerical, Categorical }

/// <summary>
/// One column of a <see cref="Table"/>. Numerical columns hold doubles with <see cref="double.NaN"/> for a
/// missing value; categorical columns hold strings with null for a missing value.
/// </summary>
public sealed class TableColumn
{
    private TableColumn(string name, ColumnKind kind, double[]? numbers, string?[]? labels)
    {
        Name = name; Kind = kind; Numbers = numbers; Labels = labels;
    }

    public static TableColumn Numerical(string name, double[] values) => new(name, ColumnKind.Numerical, values, null);
    public static TableColumn Categorical(string name, string?[] values) => new(name, ColumnKind.Categorical, null, values);

    public string Name { get; }
    public ColumnKind Kind { get; }
    /// <summary>The values of a numerical column (NaN = missing); null for a categorical column.</summary>
    public double[]? Numbers { get; }
    /// <summary>The values of a categorical column (null = missing); null for a numerical column.</summary>
    public string?[]? Labels { get; }
    public int Length => Numbers?.Length ?? Labels!.Length;

    /// <summary>The numerical values, or a clear error naming the column when it is categorical.</summary>
    public double[] RequireNumbers() => Numbers ?? throw new InvalidOperationException(
        $"Column '{Name}' is categorical (it holds non-numeric values such as '{Labels!.FirstOrDefault(v => v is not null)}'); a numerical column is needed here.");

    /// <summary>Values as text, whatever the kind (numbers in invariant culture, missing as null).</summary>
    public string?[] AsLabels() => Labels ?? Numbers!.Select(v => double.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public int MissingCount => Numbers is { } n ? n.Count(double.IsNaN) : Labels!.Count(v => v is null);

    public override string ToString() => $"{Name} ({Kind.ToString().ToLowerInvariant()}, {Length} rows)";
}

/// <summary>
/// A column-oriented table: what the drift tests, detectors and metrics read from CSV, Parquet,
/// DataFrame or IDataView. Errors name the source and the column.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _byName;

    public Table(IEnumerable<TableColumn> columns, string source = "table")
    {
        Columns = columns.ToList();
        Source = source;
        _byName = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var c in Columns)
        {
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"{source}: column '{c.Name}' appears twice.");
        }
        RowCount = Columns.Count == 0 ? 0 : Columns[0].Length;
        var ragged = Columns.FirstOrDefault(c => c.Length != RowCount);
        if (ragged is not null)
            throw new ArgumentException($"{source}: column '{ragged.Name}' has {ragged.Length} rows, but '{Columns[0].Name}' has {RowCount}.");
    }

    /// <summary>Where the table came from (a file path, or a description), used in error messages.</summary>
    public string Source { get; }
    public IReadOnlyList<TableColumn> Columns { get; }
    public int RowCount { get; }
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool HasColumn(string name) => _byName.ContainsKey(name);

    /// <summary>The column by name, or an error that names the source and lists the columns it has.</summary>
    public TableColumn this[string name] => _byName.TryGetValue(name, out var c) ? c
        : throw new KeyNotFoundException($"{Source}: no column '{name}'. Columns: {string.Join(", ", ColumnNames)}.");

    /// <summary>Reads a CSV file (optionally .gz) with a header row. See <see cref="CsvTableReader"/>.</summary>
    public static Table ReadCsv(string path, CsvTableOptions? options = null) => CsvTableReader.Read(path, options);
}
