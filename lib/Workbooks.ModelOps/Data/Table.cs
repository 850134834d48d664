namespace Workbooks.ModelOps.Data;

/// <summary>How a column's values are treated by the statistics: numbers or labels.</summary>
public enum ColumnKind { Numerical, Categorical }

/// <summary>
/// Text that stood where a number was expected in a numerical column: how many such values there were, and
/// the first one (0-based row, text) so an error or warning can name it. Those rows hold NaN in the column
/// but are not missing values: they are counted and reported apart.
/// </summary>
/// <example>
/// <code>
/// var c = TableColumn.Numerical("x", [1, double.NaN, 3], new UnparseableValues(1, 1, "abc"));
/// Console.WriteLine($"{c.Unparseable!.Count} {c.Unparseable.FirstValue}");   // 1 abc
/// </code>
/// </example>
public sealed record UnparseableValues(int Count, int FirstRow, string FirstValue)
{
    /// <summary>Parses labels as numbers (invariant culture; inf/-inf/NaN included): text that does not parse
    /// becomes NaN and is counted; null or empty stays missing (NaN, not counted).</summary>
    public static (double[] Numbers, UnparseableValues? Unparseable) Parse(IReadOnlyList<string?> labels)
    {
        var numbers = new double[labels.Count];
        int count = 0, firstRow = -1;
        for (int i = 0; i < numbers.Length; i++)
        {
            var text = labels[i];
            if (string.IsNullOrWhiteSpace(text)) { numbers[i] = double.NaN; continue; }
            if (CsvTableReader.TryParseNumber(text, out var v)) { numbers[i] = v; continue; }
            numbers[i] = double.NaN;
            if (count++ == 0) firstRow = i;
        }
        return (numbers, count == 0 ? null : new UnparseableValues(count, firstRow, Excerpt(labels[firstRow]!)));
    }

    /// <summary>The text as a message may quote it: at most 40 characters, control characters shown as '?'.</summary>
    public static string Excerpt(ReadOnlySpan<char> text)
    {
        var cut = text.Length > 40 ? string.Concat(text[..37], "...") : text.ToString();
        return string.Create(cut.Length, cut, (dst, src) => { for (int i = 0; i < src.Length; i++) dst[i] = char.IsControl(src[i]) ? '?' : src[i]; });
    }

    /// <summary>Share of the non-missing labels that parse as numbers (0 when there are none).</summary>
    public static double ParseableShare(IReadOnlyList<string?> labels)
    {
        int present = 0, parsed = 0;
        foreach (var text in labels)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            present++;
            if (CsvTableReader.TryParseNumber(text, out _)) parsed++;
        }
        return present == 0 ? 0 : (double)parsed / present;
    }
}

/// <summary>
/// One column of a <see cref="Table"/>. Numerical columns hold doubles with <see cref="double.NaN"/> for a
/// missing value; categorical columns hold strings with null for a missing value. A numerical column read from
/// text may carry <see cref="Unparseable"/>: values that were not numbers, left out as NaN and counted.
/// </summary>
public sealed class TableColumn
{
    private TableColumn(string name, ColumnKind kind, double[]? numbers, string?[]? labels, UnparseableValues? unparseable = null)
    {
        Name = name; Kind = kind; Numbers = numbers; Labels = labels; Unparseable = unparseable;
    }

    public static TableColumn Numerical(string name, double[] values) => new(name, ColumnKind.Numerical, values, null);
    /// <summary>A numerical column whose NaN rows include text that did not parse (counted in <paramref name="unparseable"/>).</summary>
    public static TableColumn Numerical(string name, double[] values, UnparseableValues? unparseable) => new(name, ColumnKind.Numerical, values, null, unparseable);
    public static TableColumn Categorical(string name, string?[] values) => new(name, ColumnKind.Categorical, null, values);

    public string Name { get; }
    public ColumnKind Kind { get; }
    /// <summary>The values of a numerical column (NaN = missing); null for a categorical column.</summary>
    public double[]? Numbers { get; }
    /// <summary>The values of a categorical column (null = missing); null for a numerical column.</summary>
    public string?[]? Labels { get; }
    public int Length => Numbers?.Length ?? Labels!.Length;
    /// <summary>Values of a numerical column that were text, not numbers (their rows hold NaN); null when none.</summary>
    public UnparseableValues? Unparseable { get; }

    /// <summary>The numerical values, or a clear error naming the column when it is categorical.</summary>
    public double[] RequireNumbers() => Numbers ?? throw new InvalidOperationException(
        $"Column '{Name}' is categorical (it holds non-numeric values such as '{Labels!.FirstOrDefault(v => v is not null)}'); a numerical column is needed here.");

    /// <summary>Values as text, whatever the kind (numbers in invariant culture, missing as null).</summary>
    public string?[] AsLabels() => Labels ?? Numbers!.Select(v => double.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public int MissingCount => Numbers is { } n ? n.Count(double.IsNaN) - (Unparseable?.Count ?? 0) : Labels!.Count(v => v is null);

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
