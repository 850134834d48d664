using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Workbooks.ModelOps.Data.Preparation;

/// <summary>
/// Turns a dataset's downloaded source files into its prepared CSV (UTF-8, LF line ends, header row), the
/// same bytes a mirror holds. Each step is small and named so the catalog can print what it does.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(DatasetCatalog.Get("bike_sharing_day").Preparation.Description);
/// // prints: none: the source file is the table (a mirror may hold it gzip-compressed).
/// </code>
/// </example>
public interface IDatasetPreparation
{
    /// <summary>What the step does, in one sentence (shown in the catalog and in errors).</summary>
    string Description { get; }

    /// <summary>Reads the source files (in <see cref="DatasetInfo.Sources"/> order) and writes the CSV.</summary>
    void Prepare(IReadOnlyList<string> sourcePaths, Stream csv);
}

/// <summary>Helpers shared by the preparation steps.</summary>
internal static class SourceFiles
{
    /// <summary>UTF-8 without a byte-order mark: what every prepared CSV is written as.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Requires exactly <paramref name="count"/> source files.</summary>
    public static void Expect(IReadOnlyList<string> paths, int count, string step)
    {
        if (paths.Count != count)
            throw new ArgumentException($"{step} needs {count} source file(s), got {paths.Count}.");
    }

    /// <summary>
    /// Opens a source file: plain, gzip (by the .gz name), or one entry of a zip or tar.gz/.tgz archive (the entry
    /// whose name ends with <paramref name="entrySuffix"/>, which must be unique).
    /// </summary>
    public static Stream Open(string path, string? entrySuffix = null)
    {
        bool isZip = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        bool isTar = path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase);
        if (!isZip && !isTar)
            return CsvTableReader.OpenMaybeGzip(path);
        var suffix = entrySuffix ?? throw new ArgumentException($"{path}: an archive source needs the name of the entry to read.");
        // Sources are a few MB: holding the entry in memory lets the archive close at once.
        var buffer = new MemoryStream();
        var names = isZip ? CopyZipEntry(path, suffix, buffer) : CopyTarEntry(path, suffix, buffer);
        if (names.Matches != 1)
            throw new InvalidDataException($"{path}: expected one entry ending in '{suffix}', found {names.Matches} (entries: {string.Join(", ", names.All.Take(20))}).");
        buffer.Position = 0;
        return buffer;
    }

    private static (int Matches, List<string> All) CopyZipEntry(string path, string suffix, Stream into)
    {
        using var zip = ZipFile.OpenRead(path);
        var matches = zip.Entries.Where(e => e.FullName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            using var entry = matches[0].Open();
            entry.CopyTo(into);
        }
        return (matches.Count, zip.Entries.Select(e => e.FullName).ToList());
    }

    private static (int Matches, List<string> All) CopyTarEntry(string path, string suffix, Stream into)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var all = new List<string>();
        int matches = 0;
        while (tar.GetNextEntry() is { } entry)
        {
            all.Add(entry.Name);
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !entry.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            if (++matches == 1 && entry.DataStream is { } data) data.CopyTo(into);
        }
        return (matches, all);
    }

    /// <summary>Opens a source file as UTF-8 text (see <see cref="Open"/>).</summary>
    public static TextReader OpenText(string path, string? entrySuffix = null) => new StreamReader(Open(path, entrySuffix), Utf8);

    /// <summary>Writes lines with LF endings, whatever the platform.</summary>
    public static StreamWriter CsvWriter(Stream csv) => new(csv, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
}

/// <summary>The source (or one entry of a source archive) already is the prepared CSV: Bike Sharing, vega weather, SEA, STAGGER.</summary>
internal sealed class CopyPreparation(string? entrySuffix = null) : IDatasetPreparation
{
    public string Description => entrySuffix is null
        ? "none: the source file is the table (a mirror may hold it gzip-compressed)."
        : $"none: the archive entry '*{entrySuffix}' is the table, unchanged.";

    public void Prepare(IReadOnlyList<string> sourcePaths, Stream csv)
    {
        SourceFiles.Expect(sourcePaths, 1, nameof(CopyPreparation));
        using var source = SourceFiles.Open(sourcePaths[0], entrySuffix);
        source.CopyTo(csv);
    }
}

/// <summary>Adds a header line to a headerless CSV, optionally read from an archive entry (INSECTS).</summary>
internal sealed class PrependHeaderPreparation(string header, string? entrySuffix = null) : IDatasetPreparation
{
    public string Header { get; } = header;

    public string Description => entrySuffix is null
        ? $"add the header '{Header}'."
        : $"extract the archive entry '*{entrySuffix}' and add the header '{Header}'.";

    public void Prepare(IReadOnlyList<string> sourcePaths, Stream csv)
    {
        SourceFiles.Expect(sourcePaths, 1, nameof(PrependHeaderPreparation));
        using (var writer = SourceFiles.CsvWriter(csv))
            writer.Write(Header + "\n");
        // The body is copied byte for byte: its checksum is the source's own.
        using var source = SourceFiles.Open(sourcePaths[0], entrySuffix);
        source.CopyTo(csv);
    }
}
