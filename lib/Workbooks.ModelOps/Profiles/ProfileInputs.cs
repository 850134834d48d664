namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Expands the inputs of <c>workbooks profile</c>: files, folders (every CSV, CSV.gz and Parquet file below them)
/// and globs with <c>*</c> or <c>?</c> in the file name (<c>logs/replica-*.parquet</c>). Sorted, without repeats,
/// so the merge order and therefore the output are the same on every run.
/// </summary>
public static class ProfileInputs
{
    private static readonly string[] Extensions = [".csv", ".csv.gz", ".parquet"];

    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (File.Exists(input)) { files.Add(Path.GetFullPath(input)); continue; }
            if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(IsData).ToList();
                if (found.Count == 0) throw new FileNotFoundException($"{input}: the folder holds no CSV or Parquet file.");
                foreach (var f in found) files.Add(Path.GetFullPath(f));
                continue;
            }
            string name = Path.GetFileName(input);
            if (name.IndexOfAny(['*', '?']) >= 0)
            {
                string dir = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                if (dir.IndexOfAny(['*', '?']) >= 0) throw new ArgumentException($"{input}: wildcards are allowed in the file name only.");
                if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{input}: folder {dir} not found.");
                var matched = Directory.EnumerateFiles(dir, name).Where(IsData).ToList();
                if (matched.Count == 0) throw new FileNotFoundException($"{input}: no CSV or Parquet file matches.");
                foreach (var f in matched) files.Add(Path.GetFullPath(f));
                continue;
            }
            throw new FileNotFoundException($"{input}: no such file or folder.");
        }
        return [.. files];
    }

    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    private static bool IsData(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
