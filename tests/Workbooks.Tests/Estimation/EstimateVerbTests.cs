using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbooks.Cli;
using Workbooks.Tests.Cli;
using Xunit;

namespace Workbooks.Tests.Estimation;

/// <summary><c>workbooks estimate</c> run in-process on small CSV files written by the test.</summary>
public class EstimateVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-estimate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Rows with score p ~ U(0,1) (calibrated), prediction p ≥ 0.5, label drawn from p.</summary>
    private string WriteCsv(string name, int rows, int seed, bool withLabel = true, Func<int, string>? labelText = null)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(withLabel ? "day,score,prediction,label\n" : "day,score,prediction\n");
        for (int i = 0; i < rows; i++)
        {
            double p = rng.NextDouble();
            int y = rng.NextDouble() < p ? 1 : 0;
            sb.Append(CultureInfo.InvariantCulture, $"2024-01-{1 + i * 28 / rows:00},{p:R},{(p >= 0.5 ? 1 : 0)}");
            if (withLabel) sb.Append(',').Append(labelText?.Invoke(y) ?? y.ToString(CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void Prints_estimated_and_realized_metrics_per_chunk()
    {
        var reference = WriteCsv("ref.csv", 2000, 1);
        var analysis = WriteCsv("ana.csv", 1000, 2);
        var (code, stdout, stderr) = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction", "--label", "label", "--chunk-size", "250");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var chunks = doc.RootElement.GetProperty("chunks");
        Assert.Equal(4, chunks.GetArrayLength());
        foreach (var chunk in chunks.EnumerateArray())
        {
            var acc = chunk.GetProperty("metrics").GetProperty("accuracy");
            double est = acc.GetProperty("estimated").GetDouble(), real = acc.GetProperty("realized").GetDouble();
            Assert.InRange(est, 0.6, 0.9);   // E[max(p, 1 - p)] = 0.75 for p ~ U(0,1)
            Assert.InRange(real, acc.GetProperty("lower").GetDouble() - 0.05, acc.GetProperty("upper").GetDouble() + 0.05);
        }
        Assert.Equal("CBPE", doc.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void Without_analysis_labels_realized_is_null_and_period_chunks_work()
    {
        var reference = WriteCsv("ref.csv", 1000, 3);
        var analysis = WriteCsv("ana.csv", 700, 4, withLabel: false);
        var (code, stdout, stderr) = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction", "--period", "week", "--timestamp", "day");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var first = doc.RootElement.GetProperty("chunks")[0];
        Assert.Equal("week of 2024-01-01", first.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("metrics").GetProperty("f1").GetProperty("realized").ValueKind);
    }

    [Fact]
    public void Text_labels_with_a_positive_label()
    {
        var reference = WriteCsv("ref.csv", 1000, 5, labelText: y => y == 1 ? ">50K" : "<=50K");
        var analysis = WriteCsv("ana.csv", 500, 6, labelText: y => y == 1 ? ">50K" : "<=50K");
        var (code, _, stderr) = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction", "--positive-label", ">50K");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction");
        Assert.Equal(2, code);
        Assert.Contains("column 'label'", stderr);
        Assert.Contains("positive class", stderr);
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_file_and_column()
    {
        var reference = WriteCsv("ref.csv", 500, 7);
        var analysis = WriteCsv("ana.csv", 300, 8);
        var missing = Path.Combine(_dir, "nope.csv");
        var r = Run("estimate", "--reference", missing, "--analysis", analysis, "--score", "score", "--prediction", "prediction");
        Assert.Equal(2, r.Code);
        Assert.Contains("nope.csv", r.Err);
        Assert.Contains("--reference", r.Err);

        r = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "proba", "--prediction", "prediction");
        Assert.Equal(2, r.Code);
        Assert.Contains("ref.csv", r.Err);
        Assert.Contains("'proba'", r.Err);

        File.AppendAllText(analysis, "2024-01-28,1.5,1,1\n");
        r = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction");
        Assert.Equal(2, r.Code);
        Assert.Contains("ana.csv", r.Err);
        Assert.Contains("data row 301", r.Err);

        r = Run("estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction", "--chunk-size", "0");
        Assert.Equal(2, r.Code);
        Assert.Contains("--chunk-size", r.Err);
    }
}

/// <summary><c>workbooks estimate</c> with per-class probability columns: multiclass CBPE.</summary>
public class EstimateVerbMulticlassTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-estimate-mc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        string[] classes = ["cat", "dog", "eel"];
        var sb = new StringBuilder("p_cat,p_dog,p_eel,predicted,actual\n");
        for (int i = 0; i < rows; i++)
        {
            var w = new[] { rng.NextDouble() + 0.1, rng.NextDouble() + 0.1, rng.NextDouble() * 3 + 0.1 };
            var p = w.Select(v => v / w.Sum()).ToArray();
            int pred = Array.IndexOf(p, p.Max());
            double u = rng.NextDouble();
            int y = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            sb.Append(CultureInfo.InvariantCulture, $"{p[0]:R},{p[1]:R},{p[2]:R},{classes[pred]},{classes[y]}\n");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void Prefix_score_runs_multiclass_cbpe()
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CliApp.Run(["estimate", "--reference", Write("ref.csv", 3000, 1), "--analysis", Write("ana.csv", 1000, 2),
            "--score", "p_", "--prediction", "predicted", "--label", "actual", "--chunks", "2"], o, e);
        Assert.True(code == 0, e.ToString());
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Equal("multiclass", doc.RootElement.GetProperty("problem").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("calibration").GetArrayLength());
        var acc = doc.RootElement.GetProperty("chunks")[0].GetProperty("metrics").GetProperty("accuracy");
        Assert.InRange(acc.GetProperty("realized").GetDouble(), acc.GetProperty("lower").GetDouble() - 0.03, acc.GetProperty("upper").GetDouble() + 0.03);
    }

    [Fact]
    public void Unknown_class_exits_2_naming_the_row()
    {
        var analysis = Write("ana.csv", 50, 4);
        File.AppendAllText(analysis, "0.2,0.3,0.5,bird,cat\n");
        var e = new StringWriter();
        int code = CliApp.Run(["estimate", "--reference", Write("ref.csv", 500, 3), "--analysis", analysis,
            "--score", "p_", "--prediction", "predicted", "--label", "actual"], new StringWriter(), e);
        Assert.Equal(2, code);
        Assert.Contains("column 'predicted', data row 51: 'bird'", e.ToString());
    }
}

public class EstimateVerbPeriodTests
{
    [Fact]
    public void A_bad_timestamp_exits_2_naming_the_column_and_row()
    {
        var dir = Directory.CreateTempSubdirectory("wb-estimate-ts-").FullName;
        try
        {
            var sb = new StringBuilder("t,score,prediction,label\n");
            var rng = new Random(1);
            for (int i = 0; i < 40; i++) { double p = rng.NextDouble(); sb.Append(CultureInfo.InvariantCulture, $"2024-02-{1 + i / 2:00},{p:R},{(p >= 0.5 ? 1 : 0)},{(rng.NextDouble() < p ? 1 : 0)}\n"); }
            var reference = Path.Combine(dir, "ref.csv");
            File.WriteAllText(reference, sb.ToString());
            var analysis = Path.Combine(dir, "ana.csv");
            File.WriteAllText(analysis, sb.ToString() + "yesterday,0.5,1,1\n");
            var e = new StringWriter();
            int code = CliApp.Run(["estimate", "--reference", reference, "--analysis", analysis, "--score", "score", "--prediction", "prediction", "--period", "day", "--timestamp", "t"], new StringWriter(), e);
            Assert.Equal(2, code);
            Assert.Contains("column 't' row 40", e.ToString());
            Assert.Contains("yesterday", e.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
