using System.Text;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Preparation;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>The preparation steps that turn a downloaded source into the mirror's table.</summary>
public class PreparationTests
{
    public static TheoryData<string> Names => new(DatasetCatalog.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Download_path_rebuilds_the_mirror_table_byte_for_byte(string name)
    {
        var info = DatasetCatalog.Get(name);
        using var cache = new TempCache();
        var path = cache.Store(mirror: null, web: ReconstructedSources.For(info)).GetCsvPath(info);
        Assert.Equal(info.CsvSha256, DatasetStore.Sha256Of(path));
        Assert.Equal([path], cache.Files()); // the downloads and temporaries are gone
    }

    [Fact]
    public void Arff_values_keep_their_text_and_quotes_become_csv_quotes()
    {
        var arff = "% comment\n@RELATION r\n@attribute 'first name' string\n@attribute n numeric\n@attribute c {a,'b c'}\n\n@data\n% skipped\n'Smith, J', 1.50 ,'b c'\n\"O'Neil\",?,a\n";
        var csv = Prepare(new ArffToCsvPreparation(), Write("x.arff", arff));
        Assert.Equal("first name,n,c\n\"Smith, J\",1.50,b c\nO'Neil,?,a\n", csv);
    }

    [Fact]
    public void Arff_timestamp_column_counts_rows_from_the_start()
    {
        var ts = new TimestampColumn("timestamp", new DateTime(1996, 5, 7), TimeSpan.FromMinutes(30), "yyyy-MM-dd'T'HH:mm");
        var zip = Write("e.zip", SourceFixtures.Zip("data/E.arff", "@attribute a numeric\n@data\n1\n2\n3\n"));
        Assert.Equal("timestamp,a\n1996-05-07T00:00,1\n1996-05-07T00:30,2\n1996-05-07T01:00,3\n", Prepare(new ArffToCsvPreparation("E.arff", ts), zip));
    }

    [Fact]
    public void Arff_row_with_a_wrong_value_count_names_file_and_line()
    {
        var path = Write("bad.arff", "@attribute a numeric\n@attribute b numeric\n@data\n1,2\n3\n");
        var e = Assert.Throws<InvalidDataException>(() => Prepare(new ArffToCsvPreparation(), path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.Contains("expected 2", e.Message);
        Assert.Throws<InvalidDataException>(() => Prepare(new ArffToCsvPreparation(), Write("sparse.arff", "@attribute a numeric\n@data\n{0 1}\n")));
        Assert.Throws<InvalidDataException>(() => Prepare(new ArffToCsvPreparation(), Write("none.arff", "a,b\n1,2\n")));
    }

    [Fact]
    public void Adult_join_trims_drops_the_validator_line_and_label_dots()
    {
        string row(string label) => "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, ?, " + label;
        var train = Write("adult.data.gz", SourceFixtures.Gzip(row("<=50K") + "\n\n"));
        var test = Write("adult.test", "|1x3 Cross validator\n" + row(">50K.") + "\n");
        var csv = Prepare(new AdultPreparation(), train, test).Split('\n');
        Assert.Equal(string.Join(',', AdultPreparation.Columns), csv[0]);
        Assert.Equal("39,State-gov,77516,Bachelors,13,Never-married,Adm-clerical,Not-in-family,White,Male,2174,0,40,?,<=50K,train", csv[1]);
        Assert.EndsWith(",?,>50K,test", csv[2]);
        Assert.Equal(4, csv.Length); // header, two rows, and the empty string after the last LF
        var short_ = Write("short.data", "1, 2, 3\n");
        var e = Assert.Throws<InvalidDataException>(() => Prepare(new AdultPreparation(), short_, test));
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Archive_entry_must_be_unique()
    {
        var zip = Write("two.zip", SourceFixtures.Zip("a.csv", "1\n"));
        var e = Assert.Throws<InvalidDataException>(() => Prepare(new CopyPreparation("b.csv"), zip));
        Assert.Contains("a.csv", e.Message); // lists what the archive holds
        var tgz = Write("p.tgz", SourceFixtures.TarGz("package/data/w.csv", "x\n1\n"u8.ToArray()));
        Assert.Equal("x\n1\n", Prepare(new CopyPreparation("data/w.csv"), tgz));
        Assert.Equal("h\nx\n1\n", Prepare(new PrependHeaderPreparation("h", "w.csv"), tgz));
    }

    private static string Prepare(IDatasetPreparation step, params string[] paths)
    {
        var output = new MemoryStream();
        step.Prepare(paths, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    private static string Write(string name, byte[] content)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wb-prep-" + Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
