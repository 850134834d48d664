using System.Globalization;
using Sylvan.Data.Csv;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>The columns of a CSV file as the profiler reads them: header, profiled columns, their kinds, the time column.</summary>
internal sealed record CsvLayout(string[] Header, int[] Keep, bool[] Numeric, int Time, bool NumericTokens);

/// <summary>
/// Streams one CSV file (plain or gzip), or one byte range of a plain one, into profiles a row at a time with
/// Sylvan, with the parsing rules of <see cref="CsvTableReader"/> (missing tokens, invariant numbers, inf/NaN).
/// A column is numerical when every non-missing field of the first <see cref="SniffRows"/> rows is a number
/// (<see cref="Sniff"/>, once per file, so every range agrees); a later field that is not counts as invalid instead
/// of failing the run. A row with the wrong number of fields is an error naming file and line.
/// </summary>
internal static class CsvProfiler
{
    public const int SniffRows = 1000;

    public static CsvLayout Sniff(string path, ProfileRunOptions options)
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
        var numeric = keep.Select(k => !csv.ForceCategorical.Contains(header[k])).ToArray();
        for (long line = 2; line <= SniffRows + 1 && reader.Read(); line++)
        {
            CheckWidth(path, line, header.Length, reader.RowFieldCount);
            for (int c = 0; c < keep.Length; c++)
            {
                if (!numeric[c]) continue;
                var span = reader.GetFieldSpan(keep[c]);
                if (!CsvTableReader.IsMissing(span, csv, numericTokens) && !CsvTableReader.TryParseNumber(span, out _)) numeric[c] = false;
            }
        }
        return new CsvLayout(header, keep, numeric, time, numericTokens);
    }

    /// <summary>Profiles the rows of bytes [<paramref name="start"/>, <paramref name="end"/>) (the whole file by default; a range
    /// must start at a row) and counts the quote characters read, by which the caller checks that no range began inside a quoted field.</summary>
    public static long Profile(string path, ProfileRunOptions options, WindowSink sink, CsvLayout layout, long start = 0, long end = -1)
    {
        var csv = options.Csv;
        var (header, keep, numeric, time, numericTokens) = layout;
        using var file = CsvTableReader.OpenMaybeGzip(path);
        if (start > 0) file.Seek(start, SeekOrigin.Begin);
        using var range = new CountingRangeStream(file, end < 0 ? long.MaxValue : end - start);
        using var text = new StreamReader(range);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = start == 0, Delimiter = csv.Delimiter });
        sink.Define(keep.Select(k => header[k]).ToArray(), numeric.Select(n => n ? ColumnKind.Numerical : ColumnKind.Categorical).ToArray());
        // Line numbers are exact for a whole file; the builder re-reads a file whole to report an error found in a range.
        long row = 0, line = start == 0 ? 1 : 0;
        while (reader.Read())
        {
            line++;
            CheckWidth(path, line, header.Length, reader.RowFieldCount);
            string key = time >= 0 ? TimeKey(path, line, reader.GetFieldSpan(time), options.Window) : sink.KeyOfRow(row);
            row++;
            var (profile, columns) = sink.Target(key);
            profile.Rows++;
            for (int c = 0; c < keep.Length; c++)
            {
                var span = reader.GetFieldSpan(keep[c]);
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
        return range.Quotes;
    }

    /// <summary>Byte offsets that cut a plain CSV file into ranges of about <paramref name="chunk"/> bytes, each starting just after
    /// a newline (the first at 0, the last ending at the file's length).</summary>
    public static List<long> Cuts(string path, long chunk)
    {
        long length = new FileInfo(path).Length;
        var cuts = new List<long> { 0 };
        using var file = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        for (long nominal = chunk; nominal < length; nominal = Math.Max(nominal + chunk, cuts[^1] + chunk))
        {
            file.Seek(nominal, SeekOrigin.Begin);
            long at = -1;
            for (long pos = nominal; at < 0;)
            {
                int n = file.Read(buffer);
                if (n == 0) break;
                int i = buffer.AsSpan(0, n).IndexOf((byte)'\n');
                if (i >= 0) at = pos + i + 1; else pos += n;
            }
            if (at < 0 || at >= length) break;
            cuts.Add(at);
        }
        cuts.Add(length);
        return cuts;
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

/// <summary>Reads at most a given number of bytes of an inner stream and counts the quote characters among them.</summary>
internal sealed class CountingRangeStream(Stream inner, long limit) : Stream
{
    private long _left = limit;
    public long Quotes { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_left <= 0) return 0;
        if (buffer.Length > _left) buffer = buffer[..(int)_left];
        int n = inner.Read(buffer);
        _left -= n;
        Quotes += buffer[..n].Count((byte)'"');
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
}
