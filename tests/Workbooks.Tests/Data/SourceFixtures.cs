using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Workbooks.Tests.Data;

/// <summary>Builds small archives in memory, standing in for downloaded source files.</summary>
internal static class SourceFixtures
{
    public static byte[] Zip(string entryName, string content) => Zip(entryName, Encoding.UTF8.GetBytes(content));

    public static byte[] Zip(string entryName, byte[] content)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(entryName).Open();
            entry.Write(content);
        }
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        return buffer.ToArray();
    }

    public static byte[] Gzip(string content) => Gzip(Encoding.UTF8.GetBytes(content));

    public static byte[] TarGz(string entryName, byte[] content)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "package/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/README.md") { DataStream = new MemoryStream("readme"u8.ToArray()) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(content) });
        }
        return Gzip(tar.ToArray());
    }

    /// <summary>The decompressed bytes of a bundled prepared file (data/datasets).</summary>
    public static byte[] MirrorCsv(string file)
    {
        using var stream = Workbooks.ModelOps.Data.CsvTableReader.OpenMaybeGzip(Path.Combine(TempCache.Bundled, file));
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
