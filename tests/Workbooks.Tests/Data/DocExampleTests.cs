using System.Globalization;
using System.Text;
using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Data.Preparation;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>Runs the &lt;example&gt; of each public Data type and checks the output its comment promises.</summary>
public class DocExampleTests
{
    [Fact]
    public void Catalog_entry_examples()
    {
        var dteday = DatasetCatalog.Get("bike_sharing_hour").Column("dteday");
        Assert.Equal("dteday DateTime yyyy-MM-dd", $"{dteday.Name} {dteday.Type} {dteday.Format}");
        var workclass = DatasetCatalog.Get("adult").Column("workclass");
        Assert.Equal("String True", $"{workclass.Type} {workclass.IsCategorical}");
        var source = DatasetCatalog.Get("adult").Sources[1];
        Assert.Equal("adult.test.gz unknown", $"{Path.GetFileName(source.Url)} {source.Sha256 ?? "unknown"}");
        var info = DatasetCatalog.Get("elec2");
        Assert.Equal("electricity_elec2.csv.gz 45312", $"{info.MirrorFile} {info.RowCount}");
        Assert.Equal("none: the source file is the table (a mirror may hold it gzip-compressed).", DatasetCatalog.Get("bike_sharing_day").Preparation.Description);
        Assert.Equal("WORKBOOKS_DATA_MIRROR WORKBOOKS_DATA_CACHE", $"{DatasetStoreOptions.MirrorVariable} {DatasetStoreOptions.CacheVariable}");
    }

    [Fact]
    public void Store_and_error_examples()
    {
        using var cache = new TempCache();
        var store = new DatasetStore(new DatasetStoreOptions { CacheDirectory = cache.Directory, MirrorDirectory = TempCache.Bundled });
        Assert.Equal("bike_sharing_day.csv", Path.GetFileName(store.GetCsvPath(DatasetCatalog.Get("bike_sharing_day"))));

        using var empty = new TempCache();
        var offline = Assert.Throws<DatasetUnavailableException>(() => new DatasetStore(new() { CacheDirectory = empty.Directory, Offline = true }).GetCsvPath(DatasetCatalog.Get("adult")));
        Assert.Equal("adult", offline.Dataset);

        var badMirror = Path.Combine(empty.Directory, "bad-mirror");
        Directory.CreateDirectory(badMirror);
        File.WriteAllText(Path.Combine(badMirror, "bike_sharing_day.csv"), "altered");
        var e = Assert.Throws<DatasetChecksumException>(() => new DatasetStore(new() { CacheDirectory = Path.Combine(empty.Directory, "c"), MirrorDirectory = badMirror }).GetCsvPath(DatasetCatalog.Get("bike_sharing_day")));
        Assert.Equal("bike_sharing_day: expected a6bcf826", $"{e.Dataset}: expected {e.Expected[..8]}");
    }

    [Fact]
    public void Writer_and_preparation_examples()
    {
        var table = new Table([TableColumn.Numerical("x", [0.5, double.NaN]), TableColumn.Categorical("c", ["a,b", null])]);
        var stream = new MemoryStream();
        TableCsvWriter.Write(table, stream);
        Assert.Equal("x,c|0.5,\"a,b\"|,|", Encoding.UTF8.GetString(stream.ToArray()).Replace("\n", "|"));

        var every30 = new TimestampColumn("timestamp", new DateTime(1996, 5, 7), TimeSpan.FromMinutes(30), "yyyy-MM-dd'T'HH:mm");
        Assert.Equal("1996-05-07T01:30", (every30.Start + 3 * every30.Step).ToString(every30.Format, CultureInfo.InvariantCulture));

        using var dir = new TempCache();
        Directory.CreateDirectory(dir.Directory);
        var arff = Path.Combine(dir.Directory, "tiny.arff");
        File.WriteAllText(arff, "@relation r\n@attribute a numeric\n@attribute c {x,y}\n@data\n1,x\n2,'y'\n");
        var csv = new MemoryStream();
        new ArffToCsvPreparation().Prepare([arff], csv);
        Assert.Equal("a,c|1,x|2,y|", Encoding.UTF8.GetString(csv.ToArray()).Replace("\n", "|"));
    }

    [Fact]
    public void Generator_examples()
    {
        Assert.Equal("99EC5F36CB75F2B4", new SeededRandom(0).NextUInt64().ToString("X"));
        Assert.Equal("row 5,000 (abrupt): P(y=1) 0.2 → 0.6", new ChangePoint(5000, 0, "P(y=1) 0.2 → 0.6").ToString());
        Assert.Equal("row 5,000 (abrupt): x1 mean 0 → 1; channel mix 60/30/10 → 20/30/50", new CovariateShiftGenerator().ChangePoints[0].ToString());
        Assert.Equal("row 5,000 (abrupt): P(y=1) 0.2 → 0.6", new LabelShiftGenerator().ChangePoints[0].ToString());
        Assert.Equal("row 2,500 +/- 500 (gradual): θ 8 → 9", new SeaGenerator(gradual: true).ChangePoints[0].ToString());
        Assert.Equal(1, StaggerGenerator.Label("small", "red", "circle", 'A'));
        var applicant = new AgrawalGenerator.Applicant(60_000, 20_000, 30, 1, 3, 2, 500_000, 25, 150_000);
        Assert.Equal("True False", $"{AgrawalGenerator.GroupA(applicant, 1)} {AgrawalGenerator.GroupA(applicant with { Age = 45 }, 1)}");
        Assert.Equal(30, new AgrawalGenerator.Applicant(60_000, 0, 30, 1, 3, 2, 500_000, 25, 150_000).Age);
        Assert.Equal(5000, new RotatingHyperplaneGenerator().DriftStart);
        Assert.Equal(5848, new SeasonalDriftGenerator().Rows);
        Assert.Equal("covariate_shift, label_shift", string.Join(", ", ScenarioGenerators.All.Take(2).Select(g => g.Name)));
    }

    [Fact]
    public void Generate_verb_example()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-doc-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            CliApp.Run(["generate", "--out", dir, "--scenario", "label_shift"], output, new StringWriter());
            Assert.Equal(
                $"{Path.Combine(dir, "label_shift.csv")}  sha256 6ce2a24dfd993e1295e5492fa95b3009e26a16d3340d0d3b816b2d6a3814868b{Environment.NewLine}{Path.Combine(dir, "README.md")}{Environment.NewLine}",
                output.ToString());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}
