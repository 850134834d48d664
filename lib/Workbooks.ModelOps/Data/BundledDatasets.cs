namespace Workbooks.ModelOps.Data;

/// <summary>
/// The prepared copies of the catalogued datasets that ship with the repository, in <c>data/datasets/</c>
/// (the same files and <c>SHA256SUMS</c> as a mirror folder), so a fresh clone works offline. The folder is
/// found by walking up from the current directory (a notebook kernel runs in <c>notebooks/</c>), from the
/// folder of this library's assembly and from the application's base folder (a test or CLI build output under
/// <c>bin/</c>); a folder counts only when it holds <c>SHA256SUMS</c>.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(BundledDatasets.Locate() is { } folder ? Path.GetFileName(folder) : "not in a clone");
/// // prints: datasets
/// </code>
/// </example>
public static class BundledDatasets
{
    /// <summary>The folder's path below a repository root.</summary>
    public static readonly string RelativePath = Path.Combine("data", "datasets");

    /// <summary>The file that marks the folder (one <c>sha256  name</c> line per file).</summary>
    public const string Marker = "SHA256SUMS";

    /// <summary>The repository's bundled dataset folder, or null when none is found above the start points.</summary>
    public static string? Locate() => Locate(StartPoints());

    /// <summary>The first folder <c>data/datasets</c> holding <see cref="Marker"/> at or above one of <paramref name="starts"/>, in order.</summary>
    public static string? Locate(IEnumerable<string?> starts)
    {
        foreach (var start in starts)
        {
            if (string.IsNullOrEmpty(start)) continue;
            DirectoryInfo? dir;
            try { dir = new DirectoryInfo(Path.GetFullPath(start)); }
            catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException) { continue; }
            for (; dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(Path.Combine(candidate, Marker))) return candidate;
            }
        }
        return null;
    }

    private static IEnumerable<string?> StartPoints()
    {
        string? current;
        try { current = Environment.CurrentDirectory; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { current = null; }   // deleted working folder
        yield return current;
        // Empty when the assembly was loaded from bytes (e.g. by a notebook kernel): then the other start points decide.
        yield return Path.GetDirectoryName(typeof(BundledDatasets).Assembly.Location);
        yield return AppContext.BaseDirectory;
    }
}
