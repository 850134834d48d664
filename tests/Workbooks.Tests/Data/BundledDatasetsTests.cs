using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>The prepared datasets shipped in data/datasets: found from wherever a clone runs, used before the
/// mirror and the network, and checked like any other copy.</summary>
public class BundledDatasetsTests
{
    private static readonly DatasetInfo Day = DatasetCatalog.Get("bike_sharing_day");

    [Fact]
    public void The_folder_holds_every_catalogued_file_once_with_matching_sums()
    {
        var folder = TestEnvironment.BundledData;
        var sums = File.ReadAllLines(Path.Combine(folder, BundledDatasets.Marker)).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        foreach (var (file, sum) in sums)
            Assert.Equal(sum, DatasetStore.Sha256Of(Path.Combine(folder, file)));
        Assert.Equal(DatasetCatalog.Datasets.Select(d => d.MirrorFile).Order(), sums.Keys.Where(k => k.Contains(".csv")).Order());
        // Only the prepared files, the sources' own documentation and the README: no decompressed duplicates.
        var present = Directory.GetFiles(folder).Select(Path.GetFileName).Order();
        Assert.Equal(sums.Keys.Append(BundledDatasets.Marker).Append("README.md").Order(), present);
        long bytes = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 7_000_000, 8_500_000);
    }

    [Fact]
    public void Located_from_the_working_folder_the_assembly_and_nested_folders()
    {
        Assert.Equal(TestEnvironment.BundledData, BundledDatasets.Locate());
        // A notebook kernel works in notebooks/; the CLI and the tests run from bin/ folders.
        Assert.Equal(TestEnvironment.BundledData, BundledDatasets.Locate([Path.Combine(TestEnvironment.RepoRoot, "notebooks")]));
        Assert.Equal(TestEnvironment.BundledData, BundledDatasets.Locate([null, "", AppContext.BaseDirectory]));
        Assert.Equal(TestEnvironment.BundledData, BundledDatasets.Locate([TestEnvironment.BundledData]));
        Assert.Equal("datasets", Path.GetFileName(BundledDatasets.Locate()));
        Assert.Equal(TestEnvironment.BundledData, DatasetStoreOptions.FromEnvironment().BundledDirectory);

        // A data/datasets folder without SHA256SUMS is not taken for the bundle.
        using var cache = new TempCache();
        var outside = Directory.CreateDirectory(Path.Combine(cache.Directory, "project", "data", "datasets")).FullName;
        Assert.Null(BundledDatasets.Locate([outside]));
        File.WriteAllText(Path.Combine(outside, BundledDatasets.Marker), "");
        Assert.Equal(outside, BundledDatasets.Locate([Path.Combine(cache.Directory, "project")]));
    }

    [Fact]
    public void Bundled_copy_fills_the_cache_offline_with_no_mirror_and_no_download()
    {
        using var cache = new TempCache();
        var web = new FakeWeb(new Dictionary<string, byte[]>());
        var store = new DatasetStore(new DatasetStoreOptions
        {
            CacheDirectory = cache.Directory, BundledDirectory = TestEnvironment.BundledData, Offline = true, Http = new HttpClient(web),
        });
        foreach (var name in new[] { "bike_sharing_day", "stagger_abrupt" })
        {
            var info = DatasetCatalog.Get(name);
            Assert.Equal(info.CsvSha256, DatasetStore.Sha256Of(store.GetCsvPath(info)));
        }
        Assert.Empty(web.Requested);
        Assert.Equal(2, cache.Files().Length);
    }

    [Fact]
    public void A_damaged_bundled_copy_is_passed_over_for_the_mirror_and_named_when_nothing_else_works()
    {
        using var cache = new TempCache();
        var damaged = Path.Combine(cache.Directory + "-bundle");
        Directory.CreateDirectory(damaged);
        try
        {
            // What a checkout that converts line endings does to a CSV: the bytes change, the text looks the same.
            File.WriteAllText(Path.Combine(damaged, Day.MirrorFile), File.ReadAllText(Path.Combine(TestEnvironment.BundledData, Day.MirrorFile)).Replace("\r\n", "\n"));
            var withMirror = new DatasetStore(new DatasetStoreOptions { CacheDirectory = cache.Directory, BundledDirectory = damaged, MirrorDirectory = TestEnvironment.BundledData });
            Assert.Equal(Day.CsvSha256, DatasetStore.Sha256Of(withMirror.GetCsvPath(Day)));

            using var empty = new TempCache();
            var alone = new DatasetStore(new DatasetStoreOptions { CacheDirectory = empty.Directory, BundledDirectory = damaged, Offline = true });
            var e = Assert.Throws<DatasetUnavailableException>(() => alone.GetCsvPath(Day));
            Assert.Contains($"the bundled copy {Path.Combine(damaged, Day.MirrorFile)} has SHA-256", e.Message);
            Assert.Contains(Day.MirrorSha256, e.Message);
            Assert.Contains("git checkout", e.Message);
            Assert.Empty(empty.Files());
        }
        finally { Directory.Delete(damaged, recursive: true); }
    }

    [Fact]
    public void Without_a_bundle_the_error_says_none_was_found()
    {
        using var cache = new TempCache();
        var e = Assert.Throws<DatasetUnavailableException>(() => cache.Store(offline: true).GetCsvPath(Day));
        Assert.Contains("no bundled " + BundledDatasets.RelativePath + " folder was found", e.Message);
    }

    [Fact]
    public void Data_readme_names_every_dataset_with_its_licence_and_citation()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "data", "README.md"));
        Assert.Equal("## Real datasets, bundled: `data/datasets/`", BundledDatasetsReadme.Section().Split('\n')[0]);
        Assert.All(DatasetCatalog.Datasets, d =>
        {
            Assert.Contains($"### {d.Name}: `{d.MirrorFile}`", readme);
            Assert.Contains(d.Licence, readme);
            Assert.Contains(d.Citation, readme);
            Assert.Contains(d.MirrorSha256, readme);
        });
    }
}
