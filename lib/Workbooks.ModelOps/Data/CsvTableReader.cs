using System.Globalization;
using System.IO.Compression;

namespace Workbooks.ModelOps.Data;

/// <summary>Options for reading a CSV file into a <see cref="Table"/>.</summary>
public sealed record CsvTableOptions
{
    /// <summary>Field texts that mean "missing" (besides the empty field). Adult uses <c>?</c>.</summary>
    public IReadOnlySet<string> MissingTokens { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "NA", "N/A", "null", "?" };
    /// <summary>Columns to read as categorical even if every value parses as a number.</summary>
    public IReadOnlySet<string> ForceCategorical { get; init; } = new HashSet<string>();
    /// <summary>Only these columns are kept (all when null). A name not in the header is an error.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public char Delimiter { get; init; } = ',';
}

/// <summary>
/// Reads CSV (plain or gzip) with Sylvan into typed columns: a column is numerical when its non-missing fields
/// parse as numbers (invariant culture; <c>inf</c>/<c>-inf</c>/<c>NaN</c> included), else categorical. A few
/// fields that do not parse (at most <see cref="MaxUnparseableShare"/> of the non-missing ones) keep the column
/// numerical: they become NaN and are counted in <see cref="TableColumn.Unparseable"/> with the first one, so
/// one stray <c>abc</c> never turns a column of numbers into categories. A row with the wrong number of fields is
/// an error naming the file and line; see <see cref="CsvInput"/> for the other file-level errors.
/// </summary>
public static class CsvTableReader
{
    /// <summary>Largest share of non-missing fields that may fail to parse in a column still read as numerical.</summary>
    public const double MaxUnparseableShare = 0.1;

    public static Table Read(string path, CsvTableOptions? options = null)
    {
        options ??= new CsvTableOptions();
        // Pass 1 parses every column as a number; columns that turn out not to be numeric are read again as text.
        var (names, numbers, textColumns, _, strays) = ReadPass(path, options, null);
        string?[][]? labels = null;
        if (textColumns.Count > 0)
            labels = ReadPass(path, options, textColumns).Labels;
        var columns = new List<TableColumn>(names.Length);
        for (int c = 0; c < names.Length; c++)
        {
            // Each column's chunks are released as its array is made: peak memory stays near the data, not data + copies.
            columns.Add(textColumns.Contains(c) ? TableColumn.Categorical(names[c], labels![c])
                : TableColumn.Numerical(names[c], numbers[c].ToArrayAndClear(), strays[c].Count == 0 ? null : new UnparseableValues(strays[c].Count, strays[c].FirstRow, strays[c].FirstValue!)));
        }
        return new Table(columns, path);
    }

    /// <summary>Unparseable fields of one column so far, and how many fields were present (not missing).</summary>
    private struct Strays
    {
        public int Count, Present, FirstRow;
        public string? FirstValue;
        // Past a thousand strays, a column that is mostly text is given up on at once rather than at the end.
        public readonly bool TooMany(bool atEnd) => (atEnd || Count > 1000) && Count > MaxUnparseableShare * Present;
    }

    private static (string[] Names, ChunkedDoubleBuffer[] Numbers, HashSet<int> TextColumns, string?[][]? Labels, Strays[] Strays) ReadPass(string path, CsvTableOptions options, HashSet<int>? asText)
    {
        using var csv = CsvInput.Open(path, options.Delimiter);
        var (reader, header) = (csv.Reader, csv.Header);
        int[] keep = SelectColumns(path, header, options.Columns);
        var names = keep.Select(i => header[i]).ToArray();
        var numbers = names.Select(_ => new ChunkedDoubleBuffer()).ToArray();
        var strays = new Strays[names.Length];
        var textColumns = new HashSet<int>(names.Select((n, i) => (n, i)).Where(p => options.ForceCategorical.Contains(p.n)).Select(p => p.i));
        var labels = asText is null ? null : names.Select(_ => new List<string?>()).ToArray();
        var isText = Enumerable.Range(0, names.Length).Select(textColumns.Contains).ToArray();
        bool numericTokens = options.MissingTokens.Any(t => t.Trim().Length > 0 && LooksNumeric(t.AsSpan().Trim()));
        int row = -1;
        while (csv.Read())
        {
            row++;
            if (reader.RowFieldCount != header.Length)
                throw new InvalidDataException($"{path}, line {csv.Line}: expected {header.Length} fields as in the header, found {reader.RowFieldCount}.");
            for (int k = 0; k < keep.Length; k++)
            {
                var span = reader.GetFieldSpan(keep[k]);
                if (asText is not null)
                {
                    if (asText.Contains(k)) labels![k].Add(IsMissing(span, options, numericTokens) ? null : span.ToString());
                    continue;
                }
                if (isText[k]) continue;
                // Numbers first: most fields are numbers, and no default missing token parses as one.
                if (!numericTokens && TryParseNumber(span, out var v)) { numbers[k].Add(v); strays[k].Present++; continue; }
                if (IsMissing(span, options, numericTokens)) { numbers[k].Add(double.NaN); continue; }
                strays[k].Present++;
                if (TryParseNumber(span, out v)) { numbers[k].Add(v); continue; }
                ref var s = ref strays[k];
                if (s.Count++ == 0) { s.FirstRow = row; s.FirstValue = UnparseableValues.Excerpt(span); }
                numbers[k].Add(double.NaN);
                if (s.TooMany(atEnd: false)) { textColumns.Add(k); isText[k] = true; numbers[k].Clear(); }
            }
        }
        for (int k = 0; k < names.Length; k++)
            if (!isText[k] && strays[k].TooMany(atEnd: true)) { textColumns.Add(k); numbers[k].Clear(); }
        return (names, numbers, textColumns, labels?.Select(l => l.ToArray()).ToArray(), strays);
    }

    private static int[] SelectColumns(string path, string[] header, IReadOnlyList<string>? wanted)
    {
        if (wanted is null) return Enumerable.Range(0, header.Length).ToArray();
        return wanted.Select(w =>
        {
            int i = Array.IndexOf(header, w);
            if (i < 0) throw new KeyNotFoundException($"{path}: no column '{w}'. Columns: {string.Join(", ", header)}.");
            return i;
        }).ToArray();
    }

    private static bool IsMissing(ReadOnlySpan<char> field, CsvTableOptions options, bool numericTokens)
    {
        var trimmed = field.Trim();
        if (trimmed.IsEmpty) return true;
        // Fast path for the common case: a number never starts like a missing token (NA, null, ?), so skip the
        // token comparisons, which otherwise cost more than parsing the number.
        if (!numericTokens && LooksNumeric(trimmed)) return false;
        foreach (var token in options.MissingTokens)
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool LooksNumeric(ReadOnlySpan<char> s) =>
        char.IsAsciiDigit(s[0]) || (s.Length > 1 && s[0] is '-' or '+' or '.' && char.IsAsciiDigit(s[1]));

    internal static bool TryParseNumber(ReadOnlySpan<char> field, out double value)
    {
        var s = field.Trim();
        if (FastDecimalParser.TryParse(s, out value)) return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("+inf", StringComparison.OrdinalIgnoreCase)) { value = double.PositiveInfinity; return true; }
        if (s.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return true; }
        return false;
    }

    /// <summary>Opens a file, transparently decompressing it when its name ends in <c>.gz</c>.</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
