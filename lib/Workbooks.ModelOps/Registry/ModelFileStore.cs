using System.Security.Cryptography;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Registry;

/// <summary>
/// Model files stored by content: <c>files/&lt;sha256&gt;</c>. A file is copied to a temporary sibling while
/// hashed, flushed to disk, then renamed into place, so a name in <c>files/</c> always holds whole content; the
/// same bytes registered twice are stored once. Files are never changed or deleted once in place.
/// </summary>
internal sealed class ModelFileStore(string directory)
{
    public string Directory { get; } = directory;

    public string PathOf(string sha256) => Path.Combine(Directory, sha256);

    /// <summary>Stores the content of <paramref name="source"/>; returns its SHA-256 and size.</summary>
    public (string Sha256, long Size) Put(Stream source)
    {
        System.IO.Directory.CreateDirectory(Directory);
        // Not AtomicFile: the file's name is its hash, known only once the content has been read, so the bytes go to an
        // incoming file first and are renamed to their name at the end (still whole or absent, never half-written).
        var temp = Path.Combine(Directory, $".incoming-{Guid.NewGuid():N}");
        try
        {
            string sha;
            long size;
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    output.Write(buffer, 0, n);
                }
                output.Flush(flushToDisk: true);
                size = output.Length;
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var target = PathOf(sha);
            // Same content already stored and intact: keep it. A damaged copy is replaced by the good one.
            if (!File.Exists(target) || DatasetStore.Sha256Of(target) != sha) File.Move(temp, target, overwrite: true);
            return (sha, size);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The path of a version's file after checking it exists and hashes to what was recorded.</summary>
    public string Verify(string name, int version, string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            throw new ModelFileException(name, version, path, $"Model '{name}' version {version}: its file '{path}' is missing from the registry.");
        var actual = DatasetStore.Sha256Of(path);
        if (actual != sha256)
            throw new ModelFileException(name, version, path, $"Model '{name}' version {version}: its file '{path}' is corrupted (SHA-256 {actual}, registered {sha256}).");
        return path;
    }
}
