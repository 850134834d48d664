namespace Workbooks.ModelOps.Data;

/// <summary>
/// A dataset could not be obtained: offline with no mirror, a failed download, or a file whose SHA-256 is not
/// the catalogued one. The message names the dataset, the URL and the environment variables that help.
/// </summary>
/// <example>
/// <code>
/// try { new DatasetStore(new() { CacheDirectory = "empty-cache", Offline = true }).GetCsvPath(DatasetCatalog.Get("adult")); }
/// catch (DatasetUnavailableException e) { Console.WriteLine(e.Dataset); }
/// // prints: adult
/// </code>
/// </example>
public class DatasetUnavailableException(string dataset, string url, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Dataset { get; } = dataset;
    public string Url { get; } = url;
}

/// <summary>A downloaded, mirrored or cached file's SHA-256 differs from the catalogued one.</summary>
/// <example>
/// <code>
/// Directory.CreateDirectory("bad-mirror");
/// File.WriteAllText("bad-mirror/bike_sharing_day.csv", "altered");   // a mirror whose copy was altered
/// try { new DatasetStore(new() { CacheDirectory = "cache", MirrorDirectory = "bad-mirror" }).GetCsvPath(DatasetCatalog.Get("bike_sharing_day")); }
/// catch (DatasetChecksumException e) { Console.WriteLine($"{e.Dataset}: expected {e.Expected[..8]}"); }
/// // prints: bike_sharing_day: expected a6bcf826
/// </code>
/// </example>
public sealed class DatasetChecksumException(string dataset, string url, string file, string expected, string actual, string message)
    : DatasetUnavailableException(dataset, url, message)
{
    /// <summary>The file whose bytes were checked (a mirror file, a download, or the prepared CSV).</summary>
    public string File { get; } = file;
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
