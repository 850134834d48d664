using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Cli;

/// <summary><c>workbooks drift</c> in-process: the JSON schema of issue #3, exit codes, messages naming the
/// file / column / line, CSV and Parquet inputs.</summary>
public sealed class DriftVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text) { var p = Path.Combine(_dir, name); System.IO.File.WriteAllText(p, text); return p; }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    /// <summary>age shifts by +20 in current; city keeps its mix; score has a missing value in current.</summary>
    private (string Reference, string Current) TwoCsvFiles()
    {
        var inv = CultureInfo.InvariantCulture;
        var r = new System.Text.StringBuilder("age,city,score\n");
        var c = new System.Text.StringBuilder("age,city,score\n");
        for (int i = 0; i < 60; i++)
        {
            r.Append(inv, $"{20 + i},{(i % 3 == 0 ? "Oslo" : "Rome")},{i % 7}\n");
            c.Append(inv, $"{40 + i},{(i % 3 == 1 ? "Oslo" : "Rome")},{(i == 5 ? "" : (i % 7).ToString(inv))}\n");
        }
        return (File("ref.csv", r.ToString()), File("cur.csv", c.ToString()));
    }

    [Fact]
    public void JsonOnStdoutFollowsTheSchemaAndExitIsZeroWithDrift()
    {
        var (r, c) = TwoCsvFiles();
        var (code, stdout, stderr) = Run("drift", "--reference", r, "--current", c, "--json", "-");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(["dataset_drift", "drift_share", "number_of_drifted_columns", "number_of_tested_columns", "columns"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.5, root.GetProperty("drift_share").GetDouble());
        var cols = root.GetProperty("columns").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!);
        Assert.Equal(["age", "city", "score"], cols.Keys);
        var age = cols["age"];
        Assert.Equal(("numerical", "ks", true), (age.GetProperty("type").GetString(), age.GetProperty("test").GetString(), age.GetProperty("drift_detected").GetBoolean()));
        Assert.Equal(0.05, age.GetProperty("threshold").GetDouble());
        Assert.True(age.GetProperty("tests").GetProperty("ks").GetProperty("p_value").GetDouble() < 0.01);
        Assert.Equal(("categorical", "z"), (cols["city"].GetProperty("type").GetString(), cols["city"].GetProperty("test").GetString()));
        Assert.Equal("ks", cols["score"].GetProperty("test").GetString()); // 7 distinct values (> 5), 60 reference rows
        Assert.Equal(1.0 / 60, cols["score"].GetProperty("missing_share").GetDouble(), 12);
        Assert.Contains("columns drifted", stderr); // the summary goes to stderr when JSON takes stdout
    }

    [Fact]
    public void TestsAllThresholdAndFilesOut()
    {
        var (r, c) = TwoCsvFiles();
        string json = Path.Combine(_dir, "out.json"), html = Path.Combine(_dir, "out.html");
        var (code, stdout, _) = Run("drift", "--reference", r, "--current", c, "--columns", "age,city", "--tests", "all", "--test", "age=mannw",
            "--threshold", "0.01", "--drift-share", "0.9", "--json", json, "--html", html);
        Assert.Equal(0, code);
        Assert.Contains("columns drifted", stdout);
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(json));
        var age = doc.RootElement.GetProperty("columns")[0];
        Assert.Equal("mannw", age.GetProperty("test").GetString());
        Assert.Equal(0.01, age.GetProperty("threshold").GetDouble());
        Assert.Equal(11, age.GetProperty("tests").EnumerateObject().Count()); // every numerical test
        Assert.False(doc.RootElement.GetProperty("dataset_drift").GetBoolean()); // 1 of 2 < 0.9
        Assert.Equal(2, doc.RootElement.GetProperty("columns").GetArrayLength());
        Assert.StartsWith("<!DOCTYPE html>", System.IO.File.ReadAllText(html));
    }

    [Fact]
    public void HtmlPageHasTheChartsAndWorksOffline()
    {
        var (r, c) = TwoCsvFiles();
        string html = Path.Combine(_dir, "report", "drift.html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        var (code, _, err) = Run("drift", "--reference", r, "--current", c, "--html", html);
        Assert.True(code == 0, err);
        var page = System.IO.File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<table>", page);                                    // the report table
        Assert.Contains("Drift per column", page);                           // the drift-score chart
        foreach (var column in new[] { "age", "city", "score" })             // a distribution chart per column
            Assert.Contains($"{column}: reference vs current", page);
        Assert.Equal(4, page.Split("class=\"wb-plotly\"").Length - 1);
        Assert.Contains("<script src=\"plotly.min.js\"></script>", page);
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex("<script[^>]*\\ssrc\\s*=\\s*[\"']?(https?:)?//", System.Text.RegularExpressions.RegexOptions.IgnoreCase), page);
        Assert.True(System.IO.File.Exists(Path.Combine(_dir, "report", "plotly.min.js")), "plotly.min.js beside the page");
    }

    [Fact]
    public void BadInputExitsTwoNamingTheProblem()
    {
        var (r, c) = TwoCsvFiles();
        var missing = Path.Combine(_dir, "nope.csv");
        var cases = new (string[] Args, string[] Expect)[]
        {
            (["--reference", missing, "--current", c], [missing]),
            (["--reference", r, "--current", c, "--columns", "age,height"], [r, "'height'"]),
            (["--reference", r, "--current", File("bad.csv", "age,city,score\n1,Oslo,2\n3,Rome\n")], ["bad.csv", "line 3"]),
            (["--reference", r, "--current", c, "--test", "kss"], ["unknown test 'kss'", "ks, wasserstein"]),
            (["--reference", r, "--current", c, "--test", "city=ks"], ["'city'", "'ks'"]),
            (["--reference", r, "--current", c, "--drift-share", "1.5"], ["--drift-share"]),
            (["--reference", r, "--current", c, "--tests", "some"], ["'all'"]),
            (["--reference", r], ["--current"]),
        };
        foreach (var (args, expect) in cases)
        {
            var (code, _, err) = Run(["drift", .. args]);
            Assert.True(code == 2, $"{string.Join(' ', args)} -> {code}: {err}");
            foreach (var e in expect) Assert.Contains(e, err);
        }
    }

    [Fact]
    public async Task ParquetGivesTheSameReportAsCsv()
    {
        var (r, c) = TwoCsvFiles();
        string rp = Path.Combine(_dir, "ref.parquet"), cp = Path.Combine(_dir, "cur.parquet");
        await WriteParquet(Table.ReadCsv(r), rp);
        await WriteParquet(Table.ReadCsv(c), cp);
        var parquetTable = ParquetTableReader.Read(cp);
        Assert.Equal(["age", "city", "score"], parquetTable.ColumnNames);
        Assert.Equal(1, parquetTable["score"].MissingCount);
        var fromCsv = Run("drift", "--reference", r, "--current", c, "--json", "-").Out;
        var fromParquet = Run("drift", "--reference", rp, "--current", cp, "--json", "-").Out;
        Assert.Equal(fromCsv, fromParquet);
    }

    /// <summary>Numerical columns as nullable doubles, categorical as strings.</summary>
    private static async Task WriteParquet(Table table, string path)
    {
        var fields = table.Columns.Select(col => col.Kind == ColumnKind.Numerical ? new DataField(col.Name, typeof(double?)) : new DataField(col.Name, typeof(string))).ToArray();
        await using var stream = System.IO.File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        for (int i = 0; i < fields.Length; i++)
        {
            var col = table.Columns[i];
            if (col.Kind == ColumnKind.Numerical)
                await group.WriteAsync<double>(fields[i], col.Numbers!.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray().AsMemory());
            else
                await group.WriteAsync(fields[i], col.Labels!);
        }
    }
}
