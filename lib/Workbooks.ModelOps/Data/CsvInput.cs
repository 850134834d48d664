using System.Text;
using Sylvan.Data.Csv;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Opens a CSV file for the readers (<see cref="CsvTableReader"/>, <see cref="TypedCsvReader"/>) and turns every
/// way a file can be unreadable into an <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/>
/// whose one-line message names the file, the line and a remedy: a folder given as a file, an empty file, a
/// missing header, a record longer than <see cref="MaxRecordChars"/> (almost always an unclosed quote), a
/// malformed quote or invalid character.
/// </summary>
/// <example>
/// <code>
/// using var csv = CsvInput.Open("data/sea_abrupt_drift.csv");
/// Console.WriteLine(csv.Header[0]);   // x1
/// </code>
/// </example>
public sealed class CsvInput : IDisposable
{
    /// <summary>The longest record read (in characters): 64 Mi characters, far above any sane row. The buffer
    /// starts at 64 KiB and grows only when a record needs it.</summary>
    public const int MaxRecordChars = 64 << 20;

    private readonly Stream _stream;
    private readonly StreamReader _text;

    private CsvInput(string path, Stream stream, StreamReader text, CsvDataReader reader, string[] header)
    {
        Path = path; _stream = stream; _text = text; Reader = reader; Header = header;
    }

    public string Path { get; }
    public CsvDataReader Reader { get; }
    public string[] Header { get; }
    /// <summary>The file line of the record last read (the header is line 1; quoted line breaks not counted).</summary>
    public long Line { get; private set; } = 1;

    public static CsvInput Open(string path, char delimiter = ',')
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a folder; give a CSV file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        var stream = CsvTableReader.OpenMaybeGzip(path);
        var text = new StreamReader(stream);
        try
        {
            var reader = Translate(path, 1, () => CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true, Delimiter = delimiter, BufferSize = 1 << 16, MaxBufferSize = MaxRecordChars,
            }));
            var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{path}: the file is empty or has no header row.");
            if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new InvalidDataException($"{path}: column '{UnparseableValues.Excerpt(twice.Key)}' appears twice in the header row.");
            return new CsvInput(path, stream, text, reader, header);
        }
        catch
        {
            text.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record; false at the end. Malformed input throws <see cref="InvalidDataException"/>
    /// naming the file and line.</summary>
    public bool Read()
    {
        bool more = Translate(Path, Line + 1, Reader.Read);
        if (more) Line++;
        return more;
    }

    private static T Translate<T>(string path, long line, Func<T> read)
    {
        try { return read(); }
        catch (CsvMissingHeadersException) { throw new InvalidDataException($"{path}: the file is empty or has no header row."); }
        catch (CsvRecordTooLargeException)
        {
            throw new InvalidDataException($"{path}, line {line}: a record is longer than {MaxRecordChars >> 20} Mi characters; " +
                "this is almost always a quote (\") that is never closed, which joins the rest of the file into one field. Fix or remove that quote.");
        }
        catch (FormatException e) { throw new InvalidDataException($"{path}, line {line}: not valid CSV ({OneLine(e.Message)})."); }
        catch (DecoderFallbackException) { throw new InvalidDataException($"{path}, line {line}: not valid text (is it a binary file?)."); }
        // A corrupt .gz file: the decompressor's message names neither the file nor the cause a user can act on.
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: cannot be decompressed ({OneLine(e.Message)}); is it really gzip?"); }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    public void Dispose()
    {
        Reader.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }
}
