using System.Globalization;
using Sylvan.Data.Csv;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Streams one CSV file (plain or gzip) into profiles a row at a time with Sylvan, with the parsing rules of
/// <see cref="CsvTableReader"/> (missing tokens, invariant numbers, inf/NaN). A column is numerical when every
/// non-missing field of the first <see cref="SniffRows"/> rows is a number; a later field that is not counts as
/// invalid instead of failing the run. A row with the wrong number of fields is an error naming file and line.
/// </summary>
internal static class CsvProfiler
{
    public const int SniffRows = 1000;

    public static void Profile(string path, ProfileRunOptions options, WindowSink sink)
    {
        var csv = options.Csv;
        using var stream = CsvTableReader.OpenMaybeGzip(path);
        using var text = new StreamReader(stream);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = csv.Delimiter });
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace)) throw new InvalidDataException($"{path}: the file is empty or has no header row.");
        int[] keep = (options.Columns ?? header.Where(h => h != options.TimeColumn).ToArray()).Select(c => Index(path, header, c)).ToArray();
        int time = options.Window.ByTime ? Index(path, header, options.TimeColumn!) : -1;
        bool numericTokens = csv.MissingTokens.Any(t => t.Trim().Length > 0 && CsvTableReader.LooksNumeric(t.AsSpan().Trim()));

        // Sniff: buffer the first rows to decide each column's kind, then profile them and stream the rest.
        var buffered = new List<string[]>();
        long line = 1;
        while (buffered.Count < SniffRows && reader.Read())
        {
            line++;
            CheckWidth(path, line, header.Length, reader.RowFieldCount);
            buffered.Add(Enumerable.Range(0, header.Length).Select(reader.GetString).ToArray());
        }
        var numeric = keep.Select(k => !csv.ForceCategorical.Contains(header[k])
            && buffered.All(row => CsvTableReader.IsMissing(row[k], csv, numericTokens) || CsvTableReader.TryParseNumber(row[k], out _))).ToArray();
        sink.Define(keep.Select(k => header[k]).ToArray(), numeric.Select(n => n ? ColumnKind.Numerical : ColumnKind.Categorical).ToArray());

        long row = 0, bufferedLine = 1;
        foreach (var fields in buffered) AddRow(i => fields[i], ++bufferedLine);
        while (reader.Read())
        {
            line++;
            CheckWidth(path, line, header.Length, reader.RowFieldCount);
            AddRow(reader.GetFieldSpan, line);
        }

        void AddRow(Func<int, ReadOnlySpan<char>> field, long at)
        {
            string key = time >= 0 ? TimeKey(path, at, field(time), options.Window) : sink.KeyOfRow(row);
            row++;
            var (profile, columns) = sink.Target(key);
            profile.Rows++;
            for (int c = 0; c < keep.Length; c++)
            {
                var span = field(keep[c]);
                var column = columns[c];
                if (numeric[c])
                {
                    if (!numericTokens && CsvTableReader.TryParseNumber(span, out double v)) { column.AddNumber(v); continue; }
                    if (CsvTableReader.IsMissing(span, csv, numericTokens)) column.AddMissing();
                    else if (CsvTableReader.TryParseNumber(span, out v)) column.AddNumber(v);
                    else column.AddInvalid();
                }
                else if (CsvTableReader.IsMissing(span, csv, numericTokens)) column.AddMissing();
                else column.AddText(span);
            }
        }
    }

    private static string TimeKey(string path, long line, ReadOnlySpan<char> field, WindowRule window)
    {
        if (DateTime.TryParse(field, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)) return window.KeyOf(t);
        throw new InvalidDataException($"{path}, line {line}: time '{field}' is not a date and time.");
    }

    private static void CheckWidth(string path, long line, int expected, int found)
    {
        if (found != expected) throw new InvalidDataException($"{path}, line {line}: expected {expected} fields as in the header, found {found}.");
    }

    private static int Index(string path, string[] header, string name)
    {
        int i = Array.IndexOf(header, name);
        return i >= 0 ? i : throw new KeyNotFoundException($"{path}: no column '{name}'. Columns: {string.Join(", ", header)}.");
    }
}
