using System.Globalization;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Reads a CSV whose column types are known in advance (a catalogued dataset) in one pass: numbers straight into
/// double arrays, text through a per-column string pool so a repeated label is one string. Faster than type
/// inference (<see cref="CsvTableReader"/>), which must read text columns twice. Errors name file, line and column.
/// </summary>
internal static class TypedCsvReader
{
    private const int MaxPooled = 4096;

    public static Table Read(string path, IReadOnlyList<DatasetColumn> columns, int expectedRows, IReadOnlySet<string> missingTokens)
    {
        using var csv = CsvInput.Open(path);
        var (reader, header) = (csv.Reader, csv.Header);
        if (!header.SequenceEqual(columns.Select(c => c.Name)))
            throw new InvalidDataException($"{path}: header {string.Join(",", header)} differs from the expected {string.Join(",", columns.Select(c => c.Name))}.");

        int n = columns.Count;
        var numbers = new List<double>?[n];
        var labels = new List<string?>?[n];
        var pools = new Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>[n];
        for (int c = 0; c < n; c++)
        {
            if (IsNumeric(columns[c].Type)) numbers[c] = new List<double>(expectedRows);
            else
            {
                labels[c] = new List<string?>(expectedRows);
                pools[c] = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            }
        }
        var tokens = missingTokens.ToArray();
        int longestToken = tokens.Length == 0 ? 0 : tokens.Max(t => t.Length);
        while (csv.Read())
        {
            long line = csv.Line;
            if (reader.RowFieldCount != n)
                throw new InvalidDataException($"{path}, line {line}: expected {n} fields as in the header, found {reader.RowFieldCount}.");
            for (int c = 0; c < n; c++)
            {
                var field = reader.GetFieldSpan(c).Trim();
                bool missing = IsMissing(field, tokens, longestToken);
                if (numbers[c] is { } values)
                {
                    if (missing) { values.Add(double.NaN); continue; }
                    if (!CsvTableReader.TryParseNumber(field, out var v))
                        throw new InvalidDataException($"{path}, line {line}, column '{columns[c].Name}': '{field}' is not a number.");
                    values.Add(v);
                }
                else if (missing) labels[c]!.Add(null);
                else
                {
                    ref var pool = ref pools[c];
                    if (!pool.TryGetValue(field, out var s))
                    {
                        s = field.ToString();
                        // A column of mostly distinct values (timestamps) gains nothing from pooling.
                        if (pool.Dictionary.Count < MaxPooled) pool[s] = s;
                    }
                    labels[c]!.Add(s);
                }
            }
        }
        var result = new TableColumn[n];
        for (int c = 0; c < n; c++)
            result[c] = numbers[c] is { } values
                ? TableColumn.Numerical(columns[c].Name, values.ToArray())
                : TableColumn.Categorical(columns[c].Name, labels[c]!.ToArray());
        return new Table(result, path);
    }

    private static bool IsNumeric(DatasetColumnType type) => type is DatasetColumnType.Double or DatasetColumnType.Single or DatasetColumnType.Int32;

    private static bool IsMissing(ReadOnlySpan<char> field, string[] tokens, int longestToken)
    {
        if (field.IsEmpty) return true;
        if (field.Length > longestToken) return false; // the common case, decided at once
        foreach (var token in tokens)
            if (field.Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
