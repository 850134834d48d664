using Microsoft.ML;
using Workbooks.ModelOps.Data;
using Workbooks.Tests.Compression;
using Xunit;

namespace Workbooks.Tests.Cli;

public class CompressVerbTests
{
    [Fact]
    public void Compress_writes_variants_and_one_json_object()
    {
        using var h = new CliHarness();
        var c = CompressionModels.Bike;
        var model = Path.Combine(h.Dir, "bike.zip");
        c.Model.Save(model);
        var data = Path.Combine(h.Dir, "held-out.csv");
        TableCsvWriter.Write(c.HeldOut, data);
        var outDir = Path.Combine(h.Dir, "variants");
        var registry = Path.Combine(h.Dir, "registry");
        Assert.Equal(1, Workbooks.ModelOps.Registry.TrainedModelRegistration.Register(Workbooks.ModelOps.Registry.ModelRegistry.Open(registry), "bike", c.Model).Version);
        var r = CliHarness.Run("compress", "--model", model, "--data", data, "--techniques", "compile,quantize", "--out", outDir, "--json", "-",
            "--registry", registry, "--name", "bike", "--from-version", "1");
        Assert.True(r.Code == 0, r.Err);
        var json = System.Text.Json.JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("mae", json.GetProperty("original").GetProperty("metric").GetString());
        var variants = json.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(3, variants.Count);
        foreach (var v in variants)
        {
            foreach (var key in new[] { "technique", "params", "bytes", "p50_us", "p99_us", "rows_per_s", "value", "delta", "accepted", "file" })
                Assert.True(v.TryGetProperty(key, out _), key);
            Assert.True(File.Exists(v.GetProperty("file").GetString()));
        }
        Assert.Empty(Directory.GetDirectories(h.Dir, ".*"));   // no staging folder left behind
        var accepted = variants.Count(v => v.GetProperty("accepted").GetBoolean());
        Assert.True(accepted >= 1);   // compile gives ML.NET's predictions exactly
        var versions = Workbooks.ModelOps.Registry.ModelRegistry.Open(registry).Versions("bike");
        Assert.Equal(accepted + 1, versions.Count);
        Assert.All(versions.Where(v => v.Version > 1), v => Assert.StartsWith("compressed from version 1 with technique ", v.Description));
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_exit_2_naming_it()
    {
        using var h = new CliHarness();
        var model = h.File("model.zip", "not a zip");
        var data = h.File("data.csv", "a,b\n1,2\n");
        var outDir = Path.Combine(h.Dir, "out");
        CliHarness.AssertBadInput(CliHarness.Run("compress", "--model", model, "--data", data, "--out", outDir), "model.zip");
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Data_missing_a_model_column_is_exit_2_naming_the_column()
    {
        using var h = new CliHarness();
        var c = CompressionModels.Bike;
        var model = Path.Combine(h.Dir, "bike.zip");
        c.Model.Save(model);
        var data = Path.Combine(h.Dir, "held-out.csv");
        TableCsvWriter.Write(TableRows.Select(c.HeldOut, "temp", "cnt"), data);
        var outDir = Path.Combine(h.Dir, "out");
        var line = CliHarness.AssertBadInput(CliHarness.Run("compress", "--model", model, "--data", data, "--out", outDir), "held-out.csv");
        Assert.Contains("reads column", line);
        Assert.False(Directory.Exists(outDir));
    }

    private sealed class Row { public float X { get; set; } public bool Label { get; set; } }

    [Fact]
    public void A_model_that_is_neither_trees_nor_linear_is_exit_2()
    {
        using var h = new CliHarness();
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 50).Select(i => new Row { X = i, Label = i % 3 == 0 }).ToList();
        var view = ml.Data.LoadFromEnumerable(rows);
        var prior = ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.Prior()).Fit(view);
        var model = Path.Combine(h.Dir, "prior.zip");
        ml.Model.Save(prior, view.Schema, model);
        var data = h.File("data.csv", "X,Label\n" + string.Join("\n", rows.Select(r => $"{r.X},{(r.Label ? "True" : "False")}")) + "\n");
        var outDir = Path.Combine(h.Dir, "out");
        var line = CliHarness.AssertBadInput(CliHarness.Run("compress", "--model", model, "--data", data, "--label", "Label", "--out", outDir), "prior.zip");
        Assert.Contains("unsupported model kind", line);
        Assert.False(Directory.Exists(outDir));
    }
}
