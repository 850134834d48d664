using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Gets a catalogued dataset's prepared CSV into the local cache: from the repository's bundled copy
/// (<see cref="BundledDatasets"/>) when there is one, else from the mirror folder when it holds the file, else by
/// downloading the source and running the preparation step. Every file is checked against its
/// SHA-256 and written atomically (a temporary file in the cache folder, moved into place only once verified),
/// so the cache never holds a half-written or unverified file.
/// </summary>
/// <example>
/// <code>
/// var store = new DatasetStore(new DatasetStoreOptions { CacheDirectory = "cache", MirrorDirectory = "data/datasets" });
/// Console.WriteLine(Path.GetFileName(store.GetCsvPath(DatasetCatalog.Get("bike_sharing_day"))));
/// // prints: bike_sharing_day.csv
/// </code>
/// </example>
public sealed class DatasetStore(DatasetStoreOptions options)
{
    // Cached files already hashed by this process, keyed by path, with the length and time they had then.
    private static readonly ConcurrentDictionary<string, (long Length, DateTime WriteTime)> Verified = new();

    public DatasetStoreOptions Options { get; } = options;

    /// <summary>The path of the verified, decompressed CSV for <paramref name="info"/>, fetching it if needed.</summary>
    public string GetCsvPath(DatasetInfo info)
    {
        var target = Path.Combine(Options.CacheDirectory, info.Name + ".csv");
        if (File.Exists(target) && IsVerified(target, info)) return target;
        try
        {
            Directory.CreateDirectory(Options.CacheDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetUnavailableException(info.Name, info.Sources[0].Url,
                $"Dataset '{info.Name}': the cache folder {Options.CacheDirectory} cannot be created ({e.Message}). Set {DatasetStoreOptions.CacheVariable} to a writable folder.", e);
        }

        var bundled = FromBundled(info, target);
        if (bundled.Used) { Remember(target); return target; }
        var mirrorFile = Options.MirrorDirectory is { } mirror ? Path.Combine(mirror, info.MirrorFile) : null;
        if (mirrorFile is not null && File.Exists(mirrorFile))
            FromMirror(info, mirrorFile, target);
        else if (Options.Offline)
            throw new DatasetUnavailableException(info.Name, info.Sources[0].Url, Unavailable(info, mirrorFile, bundled.Problem, "downloads are off (" + DatasetStoreOptions.OfflineVariable + " is set)"));
        else
            Download(info, target, mirrorFile, bundled.Problem);
        Remember(target);
        return target;
    }

    // The repository's own copy comes first. One whose bytes are not the catalogued ones (a checkout that converted
    // line endings, a Git LFS pointer) is passed over for the mirror or the download, and named if those fail too.
    private (bool Used, string? Problem) FromBundled(DatasetInfo info, string target)
    {
        if (Options.BundledDirectory is not { } folder) return (false, null);
        var file = Path.Combine(folder, info.MirrorFile);
        if (!File.Exists(file)) return (false, $"the bundled folder {folder} has no {info.MirrorFile}");
        var sum = Sha256Of(file);
        if (sum != info.MirrorSha256)
            return (false, $"the bundled copy {file} has SHA-256 {sum}, expected {info.MirrorSha256} (restore it with 'git checkout -- {BundledDatasets.RelativePath}')");
        CopyPrepared(info, file, target);
        return (true, null);
    }

    private bool IsVerified(string target, DatasetInfo info)
    {
        var file = new FileInfo(target);
        if (Verified.TryGetValue(target, out var seen) && seen == (file.Length, file.LastWriteTimeUtc)) return true;
        if (Sha256Of(target) == info.CsvSha256) { Remember(target); return true; }
        // A damaged cache file is discarded and fetched again from the mirror or the source.
        File.Delete(target);
        return false;
    }

    private static void Remember(string path)
    {
        var file = new FileInfo(path);
        Verified[path] = (file.Length, file.LastWriteTimeUtc);
    }

    private void FromMirror(DatasetInfo info, string mirrorFile, string target)
    {
        var url = info.Sources[0].Url;
        var mirrorSum = Sha256Of(mirrorFile);
        if (mirrorSum != info.MirrorSha256)
            throw new DatasetChecksumException(info.Name, url, mirrorFile, info.MirrorSha256, mirrorSum,
                $"Dataset '{info.Name}': the mirror file {mirrorFile} (from {DatasetStoreOptions.MirrorVariable}) has SHA-256 {mirrorSum}, " +
                $"expected {info.MirrorSha256}. Replace it with the file from {url} prepared as the catalog says, or unset {DatasetStoreOptions.MirrorVariable} to download it.");
        CopyPrepared(info, mirrorFile, target);
    }

    /// <summary>Decompresses (or copies) a prepared file whose own SHA-256 was checked into the cache, verified.</summary>
    private void CopyPrepared(DatasetInfo info, string file, string target) =>
        WriteVerified(info, target, info.Sources[0].Url, file, csv =>
        {
            using var source = CsvTableReader.OpenMaybeGzip(file);
            source.CopyTo(csv);
        });

    private void Download(DatasetInfo info, string target, string? mirrorFile, string? bundledProblem)
    {
        var downloads = new List<string>();
        try
        {
            foreach (var source in info.Sources)
            {
                var file = TempPath(info.Name, Path.GetFileName(new Uri(source.Url).LocalPath));
                downloads.Add(file);
                Fetch(info, source, file, mirrorFile, bundledProblem);
                if (source.Sha256 is { } expected && Sha256Of(file) is var actual && actual != expected)
                    throw new DatasetChecksumException(info.Name, source.Url, source.Url, expected, actual,
                        $"Dataset '{info.Name}': the download from {source.Url} has SHA-256 {actual}, expected {expected}. " +
                        $"The source may have changed; set {DatasetStoreOptions.MirrorVariable} to a folder holding a verified {info.MirrorFile}.");
            }
            WriteVerified(info, target, info.Sources[0].Url, "prepared download", csv => Prepare(info, downloads, csv));
        }
        finally
        {
            foreach (var file in downloads) TryDelete(file);
        }
    }

    private static void Prepare(DatasetInfo info, List<string> downloads, Stream csv)
    {
        try
        {
            info.Preparation.Prepare(downloads, csv);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            throw new DatasetUnavailableException(info.Name, info.Sources[0].Url,
                $"Dataset '{info.Name}': the download from {info.Sources[0].Url} could not be prepared ({info.Preparation.Description}): {e.Message} " +
                $"Nothing was cached. Set {DatasetStoreOptions.MirrorVariable} to a folder holding a verified {info.MirrorFile}.", e);
        }
    }

    private void Fetch(DatasetInfo info, DatasetSourceFile source, string file, string? mirrorFile, string? bundledProblem)
    {
        var http = Options.Http ?? SharedHttp.Value;
        try
        {
            using var cancel = new CancellationTokenSource(Options.DownloadTimeout);
            using var response = http.GetAsync(source.Url, HttpCompletionOption.ResponseHeadersRead, cancel.Token).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var body = response.Content.ReadAsStream(cancel.Token);
            using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            body.CopyTo(output);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or OperationCanceledException)
        {
            throw new DatasetUnavailableException(info.Name, source.Url, Unavailable(info, mirrorFile, bundledProblem, $"the download from {source.Url} failed: {e.Message}"), e);
        }
    }

    private string Unavailable(DatasetInfo info, string? mirrorFile, string? bundledProblem, string why)
    {
        var bundledState = bundledProblem ?? (Options.BundledDirectory is null ? $"no bundled {BundledDatasets.RelativePath} folder was found" : null);
        var mirrorState = Options.MirrorDirectory is null
            ? $"{DatasetStoreOptions.MirrorVariable} is not set"
            : Directory.Exists(Options.MirrorDirectory) ? $"{DatasetStoreOptions.MirrorVariable}={Options.MirrorDirectory} has no {info.MirrorFile}"
            : $"{DatasetStoreOptions.MirrorVariable}={Options.MirrorDirectory} does not exist";
        return $"Dataset '{info.Name}' is not in the cache ({Options.CacheDirectory}), {(bundledState is null ? "" : bundledState + ", ")}{mirrorState}, and {why}. " +
               $"Source: {info.Sources[0].Url}. Set {DatasetStoreOptions.MirrorVariable} to a folder holding {info.MirrorFile} (a clone's {BundledDatasets.RelativePath} is one), or allow network access.";
    }

    /// <summary>Writes the CSV to a temporary file, checks its SHA-256, then moves it into place.</summary>
    private void WriteVerified(DatasetInfo info, string target, string url, string origin, Action<Stream> write)
    {
        AtomicFile.Write(target, write, temp =>
        {
            var actual = Sha256Of(temp);
            if (actual != info.CsvSha256)
                throw new DatasetChecksumException(info.Name, url, origin, info.CsvSha256, actual,
                    $"Dataset '{info.Name}': the CSV prepared from {origin} has SHA-256 {actual}, expected {info.CsvSha256} (source {url}). " +
                    $"Nothing was cached. Set {DatasetStoreOptions.MirrorVariable} to a folder holding a verified {info.MirrorFile}.");
        });
    }

    private string TempPath(string dataset, string suffix) =>
        Path.Combine(Options.CacheDirectory, $".{dataset}.{Guid.NewGuid():N}.tmp.{suffix}");

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { /* a leftover temporary file is harmless: its name never matches a dataset */ }
    }

    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static readonly Lazy<HttpClient> SharedHttp = new(() =>
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("workbooks-dataset-catalog");
        return http;
    });
}
