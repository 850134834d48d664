using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>The cache's failure paths: bad checksums, no mirror while offline, failed downloads, damaged cache
/// files. None of them may leave a file in the cache.</summary>
public class DatasetStoreTests
{
    private static readonly DatasetInfo Day = DatasetCatalog.Get("bike_sharing_day");

    [Fact]
    public void Mirror_file_with_a_wrong_checksum_is_refused_and_nothing_is_cached()
    {
        using var cache = new TempCache();
        var mirror = Directory.CreateDirectory(Path.Combine(cache.Directory, "..", Path.GetFileName(cache.Directory) + "-mirror")).FullName;
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(TempCache.Bundled, Day.MirrorFile));
            bytes[^3] ^= 1; // one flipped bit
            File.WriteAllBytes(Path.Combine(mirror, Day.MirrorFile), bytes);

            var e = Assert.Throws<DatasetChecksumException>(() => cache.Store(mirror).GetCsvPath(Day));
            Assert.Contains("bike_sharing_day", e.Message);
            Assert.Contains(Day.Sources[0].Url, e.Message);
            Assert.Contains("WORKBOOKS_DATA_MIRROR", e.Message);
            Assert.Equal(Day.MirrorSha256, e.Expected);
            Assert.NotEqual(e.Expected, e.Actual);
            Assert.Empty(cache.Files());
        }
        finally { Directory.Delete(mirror, recursive: true); }
    }

    [Fact]
    public void Download_whose_prepared_table_differs_is_refused_and_nothing_is_cached()
    {
        using var cache = new TempCache();
        var sea = DatasetCatalog.Get("stagger_abrupt");
        // The source has a known SHA-256, so a changed download is caught before preparation.
        var web = new Dictionary<string, byte[]> { [sea.Sources[0].Url] = "X1,X2,X3,class\n0.0,0.0,0.0,1.0\n"u8.ToArray() };
        var e = Assert.Throws<DatasetChecksumException>(() => cache.Store(web: web).GetCsvPath(sea));
        Assert.Contains("stagger_abrupt", e.Message);
        Assert.Contains(sea.Sources[0].Url, e.Message);
        Assert.Contains("WORKBOOKS_DATA_MIRROR", e.Message);
        Assert.Empty(cache.Files());

        // Elec2's source checksum is unknown, so the prepared CSV's checksum is what catches a wrong file.
        var elec = DatasetCatalog.Get("elec2");
        var arff = "@relation x\n@attribute date numeric\n@attribute day {1,2}\n@attribute period numeric\n@attribute nswprice numeric\n@attribute nswdemand numeric\n@attribute vicprice numeric\n@attribute vicdemand numeric\n@attribute transfer numeric\n@attribute class {UP,DOWN}\n@data\n0,2,0,0.05,0.4,0.003,0.4,0.4,UP\n";
        web = new Dictionary<string, byte[]> { [elec.Sources[0].Url] = SourceFixtures.Zip("Electricity.arff", arff) };
        var prepared = Assert.Throws<DatasetChecksumException>(() => cache.Store(web: web).GetCsvPath(elec));
        Assert.Equal(elec.CsvSha256, prepared.Expected);
        Assert.Contains("elec2", prepared.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void Download_that_cannot_be_prepared_is_a_clear_error_and_nothing_is_cached()
    {
        using var cache = new TempCache();
        var elec = DatasetCatalog.Get("elec2");
        var web = new Dictionary<string, byte[]> { [elec.Sources[0].Url] = "<html>rate limited</html>"u8.ToArray() };
        var e = Assert.Throws<DatasetUnavailableException>(() => cache.Store(web: web).GetCsvPath(elec));
        Assert.Contains("elec2", e.Message);
        Assert.Contains(elec.Sources[0].Url, e.Message);
        Assert.Contains("WORKBOOKS_DATA_MIRROR", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException); // not a zip archive
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void Offline_without_a_mirror_names_dataset_url_and_variable()
    {
        using var cache = new TempCache();
        var e = Assert.Throws<DatasetUnavailableException>(() => cache.Store(mirror: null, offline: true).GetCsvPath(Day));
        Assert.Contains("bike_sharing_day", e.Message);
        Assert.Contains(Day.Sources[0].Url, e.Message);
        Assert.Contains("WORKBOOKS_DATA_MIRROR is not set", e.Message);
        Assert.Equal("bike_sharing_day", e.Dataset);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void Missing_mirror_folder_and_no_network_is_a_clear_error()
    {
        using var cache = new TempCache();
        var missing = Path.Combine(cache.Directory, "no-such-mirror");
        // The fake web knows no URL: the download fails the way it does with no network.
        var e = Assert.Throws<DatasetUnavailableException>(() => cache.Store(mirror: missing).GetCsvPath(Day));
        Assert.Contains($"WORKBOOKS_DATA_MIRROR={missing} does not exist", e.Message);
        Assert.Contains(Day.Sources[0].Url, e.Message);
        Assert.Contains("download", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void Damaged_cache_file_is_replaced_from_the_mirror()
    {
        using var cache = new TempCache();
        var store = cache.Store(TempCache.Bundled);
        var path = store.GetCsvPath(Day);
        File.AppendAllText(path, "junk\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1)); // defeat the per-process memo
        Assert.Equal(path, store.GetCsvPath(Day));
        Assert.Equal(Day.CsvSha256, DatasetStore.Sha256Of(path));
        Assert.Single(cache.Files());
    }

    [Fact]
    public void Unusable_cache_folder_names_the_cache_variable()
    {
        var file = Path.GetTempFileName(); // a file where the cache folder should go
        try
        {
            var store = new DatasetStore(new DatasetStoreOptions { CacheDirectory = Path.Combine(file, "datasets"), MirrorDirectory = TempCache.Bundled });
            var e = Assert.Throws<DatasetUnavailableException>(() => store.GetCsvPath(Day));
            Assert.Contains("WORKBOOKS_DATA_CACHE", e.Message);
            Assert.Contains("bike_sharing_day", e.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Offline_variable_turns_downloads_off()
    {
        var before = Environment.GetEnvironmentVariable(DatasetStoreOptions.OfflineVariable);
        try
        {
            Environment.SetEnvironmentVariable(DatasetStoreOptions.OfflineVariable, "true");
            Assert.True(DatasetStoreOptions.FromEnvironment().Offline);
            Environment.SetEnvironmentVariable(DatasetStoreOptions.OfflineVariable, "0");
            Assert.False(DatasetStoreOptions.FromEnvironment().Offline);
        }
        finally { Environment.SetEnvironmentVariable(DatasetStoreOptions.OfflineVariable, before); }
    }

    [Fact]
    public void Environment_variables_choose_cache_mirror_and_offline()
    {
        var options = DatasetStoreOptions.FromEnvironment();
        Assert.Equal(Environment.GetEnvironmentVariable("WORKBOOKS_DATA_MIRROR"), options.MirrorDirectory);
        Assert.False(string.IsNullOrEmpty(options.CacheDirectory));
        Assert.EndsWith(Path.Combine("workbooks", "datasets"), DatasetStoreOptions.DefaultCacheDirectory());
    }
}
