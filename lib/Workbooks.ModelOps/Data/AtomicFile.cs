using System.Text;

namespace Workbooks.ModelOps.Data;

/// <summary>The one way the project writes a file: through a temporary sibling and a rename, so an existing file is
/// either kept or replaced whole, never left half-written (reports, models, CSV, charts' plotly.js, CLI outputs).</summary>
/// <example>
/// <code>
/// var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".txt");
/// AtomicFile.WriteAllText(path, "done");
/// Console.WriteLine(File.ReadAllText(path));
/// // prints: done
/// </code>
/// </example>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Writes whatever <paramref name="write"/> writes to the stream it is given (a new temporary file);
    /// <paramref name="check"/>, given the finished temporary file's path, may throw to keep the old file (a checksum).</summary>
    public static void Write(string path, Action<Stream> write, Action<string>? check = null) => Write(path, temp =>
    {
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            write(file);
            file.Flush(flushToDisk: true);   // on disk before the rename, so a power cut cannot leave the new name empty
        }
        check?.Invoke(temp);
    });

    /// <summary><see cref="Write(string, Action{Stream}, Action{string})"/> for a writer that works asynchronously
    /// (Parquet, grain state).</summary>
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        var temp = TemporaryBeside(path);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Has <paramref name="build"/> create the file at the temporary path it is given (a tool that wants a path,
    /// such as a database), then renames it over <paramref name="path"/>; files the tool leaves beside the temporary
    /// one (<c>.wal</c>, <c>.tmp</c>) are the caller's to remove.</summary>
    public static void Build(string path, Action<string> build) => Write(path, build);

    private static void Write(string path, Action<string> write)
    {
        var temp = TemporaryBeside(path);
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // A hidden sibling in the same folder (a rename across file systems would not be atomic); the folder is created.
    private static string TemporaryBeside(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
    }
}
