using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Profiles;
using Xunit;

namespace Workbooks.Tests.Cli;

/// <summary><c>workbooks profile</c>, <c>profile merge</c> and <c>drift --reference-profile</c> in-process: CSV and
/// Parquet inputs, folders and globs, windows, the drift JSON schema with bounds, and one-line errors (exit 2).</summary>
public sealed class ProfileVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-profile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private string Csv(string name, int rows, double shift, int day0 = 1)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder("ts,x,city\n");
        for (int i = 0; i < rows; i++)
            sb.Append(inv, $"2026-11-{day0 + i * 2 / rows:00}T10:00:00,{(i * 7919 % 1000) / 100.0 + shift},{(i % 5 == 0 ? "NA" : $"c{i % 4}")}\n");
        File.WriteAllText(P(name), sb.ToString());
        return P(name);
    }

    private async Task<string> Parquet(string name, int rows, double shift)
    {
        var x = new DataField<double?>("x"); var city = new DataField<string>("city");
        await using var stream = File.Create(P(name));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, city), stream);
        using (var rg = writer.CreateRowGroup())
        {
            await rg.WriteAsync<double>(x, Enumerable.Range(0, rows).Select(i => (double?)((i * 7919 % 1000) / 100.0 + shift)).ToArray().AsMemory());
            await rg.WriteAsync(city, Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? null : $"c{i % 4}").ToArray());
        }
        return P(name);
    }

    [Fact]
    public async Task CsvAndParquetFilesGiveTheSameProfileAsTheInMemoryTable()
    {
        Directory.CreateDirectory(P("logs"));
        Csv("logs/a.csv", 3000, 0);
        await Parquet("logs/b.parquet", 2000, 0);
        var (code, _, err) = Run("profile", "--input", P("logs"), "--columns", "x,city", "-o", P("all.wbprofile"));
        Assert.True(code == 0, err);
        var profile = DatasetProfile.FromBytes(File.ReadAllBytes(P("all.wbprofile")));
        Assert.Equal(5000, profile.Rows);
        Assert.Equal(1000, profile["city"].Missing);
        Assert.Equal(4000, profile["city"].Items!.Total);
        var table = CsvTableReader.Read(P("logs/a.csv"), new CsvTableOptions { Columns = ["x", "city"] });
        var oneFile = DatasetProfile.FromTable(table);
        Assert.Equal(Run("profile", "-i", P("logs/a*.csv"), "--columns", "x,city", "--json", "-").Out.Trim(), oneFile.ToJson().Trim());
    }

    [Fact]
    public void MergeAndDriftFromProfilesWriteTheDriftSchemaWithBounds()
    {
        Csv("ref.csv", 4000, 0); Csv("cur1.csv", 2000, 3); Csv("cur2.csv", 2000, 3);
        Assert.Equal(0, Run("profile", "-i", P("ref.csv"), "--columns", "x,city", "-o", P("ref.wbprofile")).Code);
        Assert.Equal(0, Run("profile", "-i", P("cur1.csv"), "--columns", "x,city", "-o", P("c1.wbprofile")).Code);
        Assert.Equal(0, Run("profile", "-i", P("cur2.csv"), "--columns", "x,city", "-o", P("c2.wbprofile")).Code);
        var merged = Run("profile", "merge", P("c1.wbprofile"), P("c2.wbprofile"), "-o", P("cur.wbprofile"));
        Assert.True(merged.Code == 0, merged.Err);
        var (code, json, err) = Run("drift", "--reference-profile", P("ref.wbprofile"), "--current-profile", P("cur.wbprofile"), "--json", "-");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("approximate").GetBoolean());
        var x = doc.RootElement.GetProperty("columns")[0];
        Assert.Equal("x", x.GetProperty("name").GetString());
        Assert.True(x.GetProperty("drift_detected").GetBoolean());
        Assert.Equal(2, x.GetProperty("score_bounds").GetArrayLength());
        foreach (var field in new[] { "type", "test", "score", "threshold", "missing_share", "tests" }) Assert.True(x.TryGetProperty(field, out _), field);
        var city = doc.RootElement.GetProperty("columns")[1];
        Assert.False(city.GetProperty("drift_detected").GetBoolean());
        Assert.Equal(0.2, city.GetProperty("missing_share").GetDouble(), 9);
    }

    [Fact]
    public void DayWindowsGoToOneFilePerDay()
    {
        Csv("a.csv", 1000, 0, day0: 1); Csv("b.csv", 1000, 0, day0: 2);
        var (code, _, err) = Run("profile", "-i", P("a.csv"), "-i", P("b.csv"), "--window", "day", "--time-column", "ts", "-o", P("days"));
        Assert.True(code == 0, err);
        var files = Directory.GetFiles(P("days")).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["2026-11-01.wbprofile", "2026-11-02.wbprofile", "2026-11-03.wbprofile"], files);
        var day2 = DatasetProfile.FromBytes(File.ReadAllBytes(P("days/2026-11-02.wbprofile")));
        Assert.Equal(1000, day2.Rows);   // the second half of a.csv and the first half of b.csv
        Assert.Equal("2026-11-02", day2.Window);
    }

    [Theory]
    [InlineData("profile -i MISSING.csv -o out", "workbooks: MISSING.csv: no such file or folder.")]
    [InlineData("profile -i BAD.csv -o out", "workbooks: DIR/BAD.csv, line 3: expected 2 fields as in the header, found 3.")]
    [InlineData("profile -i BAD.csv --window week -o out", "workbooks: --window week: use hour, day or a positive number of rows.")]
    [InlineData("profile -i BAD.csv --window day -o out", "workbooks: --window day needs --time-column to say which column holds the time.")]
    [InlineData("drift --reference-profile BAD.csv --current-profile BAD.csv", "workbooks: DIR/BAD.csv: not a Workbooks profile (no WBPROF header).")]
    [InlineData("drift --reference-profile BAD.csv", "workbooks: --current-profile is missing: give both profiles.")]
    [InlineData("drift --reference BAD.csv --current-profile BAD.csv", "workbooks: give either --reference and --current (data) or --reference-profile and --current-profile, not both.")]
    public void BadInputIsOneLineAndExitTwo(string command, string expected)
    {
        File.WriteAllText(P("BAD.csv"), "a,b\n1,2\n1,2,3\n");
        var args = command.Split(' ').Select(a => a.EndsWith(".csv") && !a.StartsWith("MISSING") ? P(a) : a).ToArray();
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(expected.Replace("DIR", _dir), err.Trim());
    }
}
