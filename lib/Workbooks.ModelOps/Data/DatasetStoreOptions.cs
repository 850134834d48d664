namespace Workbooks.ModelOps.Data;

/// <summary>Where datasets are cached, mirrored and downloaded from.</summary>
/// <example>
/// <code>
/// Console.WriteLine($"{DatasetStoreOptions.MirrorVariable} {DatasetStoreOptions.CacheVariable}");
/// // prints: WORKBOOKS_DATA_MIRROR WORKBOOKS_DATA_CACHE
/// </code>
/// </example>
public sealed record DatasetStoreOptions
{
    /// <summary>Environment variable naming the cache folder.</summary>
    public const string CacheVariable = "WORKBOOKS_DATA_CACHE";
    /// <summary>Environment variable naming a mirror folder holding the prepared files (as in SHA256SUMS).</summary>
    public const string MirrorVariable = "WORKBOOKS_DATA_MIRROR";
    /// <summary>Environment variable that forbids downloads when set to 1/true (CI without network).</summary>
    public const string OfflineVariable = "WORKBOOKS_DATA_OFFLINE";

    /// <summary>The folder holding verified, decompressed CSVs, one per dataset.</summary>
    public required string CacheDirectory { get; init; }
    /// <summary>The repository's own prepared copies (<c>data/datasets</c>, see <see cref="BundledDatasets"/>): tried
    /// first. <see cref="FromEnvironment"/> locates it; null when options are built by hand, unless set.</summary>
    public string? BundledDirectory { get; init; }
    /// <summary>A folder with the prepared files (e.g. <c>adult.csv.gz</c>); preferred to a download when it holds the file.</summary>
    public string? MirrorDirectory { get; init; }
    /// <summary>When true, nothing is downloaded: a dataset must be cached or mirrored.</summary>
    public bool Offline { get; init; }
    /// <summary>Used for downloads; tests substitute a handler that serves synthetic bytes.</summary>
    public HttpClient? Http { get; init; }
    /// <summary>How long one download may take.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The per-user default cache: <c>%LOCALAPPDATA%/workbooks/datasets</c> on Windows,
    /// <c>$XDG_CACHE_HOME/workbooks/datasets</c> (or <c>~/.cache/...</c>) elsewhere.</summary>
    public static string DefaultCacheDirectory()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "workbooks", "datasets");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "workbooks", "datasets");
    }

    /// <summary>Options from the environment: <see cref="CacheVariable"/>, <see cref="MirrorVariable"/>, <see cref="OfflineVariable"/>,
    /// and the bundled folder of the repository this runs in (<see cref="BundledDatasets.Locate()"/>).</summary>
    public static DatasetStoreOptions FromEnvironment()
    {
        var cache = Environment.GetEnvironmentVariable(CacheVariable);
        var mirror = Environment.GetEnvironmentVariable(MirrorVariable);
        var offline = Environment.GetEnvironmentVariable(OfflineVariable);
        return new DatasetStoreOptions
        {
            CacheDirectory = string.IsNullOrEmpty(cache) ? DefaultCacheDirectory() : cache,
            BundledDirectory = BundledDatasets.Locate(),
            MirrorDirectory = string.IsNullOrEmpty(mirror) ? null : mirror,
            Offline = offline is "1" || string.Equals(offline, "true", StringComparison.OrdinalIgnoreCase),
        };
    }
}
