using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Reporting;
using Xunit;

namespace Workbooks.Tests.Drift;

/// <summary>Drift tells the truth about dirty data (issue 8, section 2): stray text keeps a numerical column
/// numerical and is counted; a side with nothing to test is "not tested", never "no drift"; data-quality warnings
/// reach the JSON and the text.</summary>
public sealed class DirtyDataDriftTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-dirty-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double[] Normal(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
    }

    private string Csv(string name, double[] x, Func<int, string?>? replace = null)
    {
        var sb = new StringBuilder("x,k\n");
        for (int i = 0; i < x.Length; i++) sb.Append(replace?.Invoke(i) ?? x[i].ToString("R", CultureInfo.InvariantCulture)).Append(',').Append("abc"[i % 3]).Append('\n');
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void OneStrayValueKeepsTheColumnNumericalAndIsCounted()
    {
        var x = Normal(500, 1);
        var reference = Table.ReadCsv(Csv("ref.csv", x));
        var current = Table.ReadCsv(Csv("cur.csv", x, i => i == 10 ? "abc" : null));
        Assert.Equal(ColumnKind.Numerical, current["x"].Kind);
        Assert.Equal(new UnparseableValues(1, 10, "abc"), current["x"].Unparseable);

        var report = DataDrift.Compute(reference, current);
        var col = report["x"];
        Assert.Equal((ColumnKind.Numerical, "ks", false), (col.Kind, col.Test, col.DriftDetected));
        Assert.True(col.Score > 0.99, $"identical data but p = {col.Score}");     // was chisquare, drift score 0
        Assert.Equal((1, 0, 499), (col.Current.Unparseable, col.Current.Missing, col.Current.Valid));
        Assert.Empty(col.Warnings);                                               // 0.2% is under the 1% limit
        Assert.Contains(col.Notes, n => n.Contains("'abc'"));
        using var json = JsonDocument.Parse(report.ToJson());
        var cur = json.RootElement.GetProperty("columns")[0].GetProperty("current");
        Assert.Equal(1, cur.GetProperty("unparseable").GetInt32());
        Assert.Equal("abc", cur.GetProperty("first_unparseable").GetProperty("value").GetString());
        // The HTML page draws the column as numbers instead of failing on the kind mismatch.
        Assert.Contains("wb-plotly", new DataDriftView(report, reference, current).ToHtml());
    }

    [Fact]
    public void UnparseableShareAboveOnePercentWarnsAndStrictRejects()
    {
        var x = Normal(500, 2);
        var reference = Table.ReadCsv(Csv("ref.csv", x));
        var current = Table.ReadCsv(Csv("cur.csv", x, i => i % 50 == 7 ? "n/a?" : null));
        var col = DataDrift.Compute(reference, current)["x"];
        Assert.Equal(ColumnKind.Numerical, col.Kind);
        Assert.Contains(col.Warnings, w => w.StartsWith("current: 2.0% of values are not numbers (10 of 500, first 'n/a?' at row 8)"));
        var e = Assert.Throws<InvalidDataException>(() => DataDrift.Compute(reference, current, new DriftOptions { Strict = true }));
        Assert.Equal($"{current.Source}, column 'x', line 9: 'n/a?' is not a number (10 such values in the column; strict mode rejects any).", e.Message);
    }

    [Fact]
    public void MostlyTextStaysCategoricalInTheReader()
    {
        var table = Table.ReadCsv(Csv("t.csv", Normal(40, 3), i => i % 4 == 0 ? "word" : null));
        Assert.Equal(ColumnKind.Categorical, table["x"].Kind);                   // 25% text is a text column
    }

    [Fact]
    public void DataFrameAndDataViewTextColumnsFollowTheNumericalReference()
    {
        var x = Normal(300, 4);
        var text = x.Select((v, i) => i == 3 ? "oops" : v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var reference = new DataFrame(new DoubleDataFrameColumn("x", x));
        var current = new DataFrame(new StringDataFrameColumn("x", text));
        var fromFrame = DataDrift.Compute(reference, current)["x"];
        Assert.Equal((ColumnKind.Numerical, 1, false), (fromFrame.Kind, fromFrame.Current.Unparseable, fromFrame.DriftDetected));

        var ml = new MLContext(seed: 1);
        var refView = ml.Data.LoadFromEnumerable(x.Select(v => new NumberRow { X = (float)v }));
        var curView = ml.Data.LoadFromEnumerable(text.Select(v => new TextRow { X = v }));
        var fromView = DataDrift.Compute(refView, curView)["X"];
        Assert.Equal((ColumnKind.Numerical, 1, "oops"), (fromView.Kind, fromView.Current.Unparseable, fromView.Current.FirstUnparseable!.FirstValue));
    }

    private sealed class NumberRow { public float X { get; set; } }
    private sealed class TextRow { public string X { get; set; } = ""; }

    [Fact]
    public void AnEntirelyMissingColumnIsNotTestedAndSaysWhy()
    {
        var reference = new Table([TableColumn.Numerical("a", Normal(100, 5)), TableColumn.Numerical("b", Normal(100, 6))], "ref");
        var current = new Table([TableColumn.Numerical("a", Normal(100, 7).Select(v => v + 5).ToArray()),
                                 TableColumn.Numerical("b", Enumerable.Repeat(double.NaN, 100).ToArray())], "cur");
        var report = DataDrift.Compute(reference, current);
        var b = report["b"];
        Assert.False(b.Tested);
        Assert.False(b.DriftDetected);
        Assert.Equal("the current side has no usable values: all 100 missing", b.NotTestedReason);
        Assert.Contains(b.Warnings, w => w.StartsWith("current: 100.0% of values missing"));
        Assert.Equal((1, 1, 1.0, true), (report.NumberOfTestedColumns, report.NumberOfDriftedColumns, report.ShareOfDriftedColumns, report.DatasetDrift));
        Assert.Equal("1 of 1 tested columns drifted (share 1, threshold 0.5): dataset drift; 1 not tested", report.ToString());
        using var json = JsonDocument.Parse(report.ToJson());
        var jb = json.RootElement.GetProperty("columns")[1];
        Assert.False(jb.GetProperty("tested").GetBoolean());
        Assert.Equal(JsonValueKind.Null, jb.GetProperty("score").ValueKind);
        Assert.Contains("all 100 missing", jb.GetProperty("not_tested_reason").GetString());
        Assert.Contains("not tested", report.ToHtml());
    }

    [Fact]
    public void ASideWithNoRowsIsNoVerdictNotNoDrift()
    {
        var reference = new Table([TableColumn.Numerical("a", Normal(50, 8)), TableColumn.Categorical("c", Enumerable.Repeat((string?)"x", 50).ToArray())], "ref");
        var empty = new Table([TableColumn.Numerical("a", []), TableColumn.Categorical("c", [])], "cur");
        var report = DataDrift.Compute(reference, empty);
        Assert.Equal("the current side has no rows", report["a"].NotTestedReason);
        Assert.Equal("the current side has no rows", report["c"].NotTestedReason);
        Assert.False(report.DatasetDrift);
        Assert.Equal("none of the 2 columns could be tested: no verdict", report.ToString());
    }

    [Fact]
    public void SmallSamplesAndInfinitiesWarn()
    {
        var current = Normal(20, 9).Concat([double.PositiveInfinity]).ToArray();
        var col = DataDrift.Compare("x", Normal(200, 10), current);
        Assert.True(col.Tested);
        Assert.Contains(col.Warnings, w => w == "current: only 20 usable values (fewer than 30): the test has little power and the verdict is unreliable");
        Assert.Contains(col.Warnings, w => w.StartsWith("current: 4.8% of values infinite (1 of 21)"));
        Assert.Empty(DataDrift.Compare("x", Normal(200, 10), Normal(200, 11)).Warnings);
    }
}
