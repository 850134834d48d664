using Workbooks.Walkthroughs;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Onnx;
using Workbooks.ModelOps.Registry;
using Xunit;

namespace Workbooks.Tests.Compression;

public class ModelCompressorTests
{
    private static readonly CompressionOptions Everything = new()
    {
        Techniques = ["compile", "prune", "quantize", "distill", "onnx"], Extra = [new OnnxTechnique()], LatencyCalls = 200,
    };

    // One run per model for the whole class (each trains six small students for INSECTS): computed once, asserted many ways.
    private static readonly Dictionary<string, Lazy<CompressionReport>> Reports = CompressionExamples.Names.ToDictionary(n => n,
        n => new Lazy<CompressionReport>(() => ModelCompressor.Compress(CompressionModels.ByName(n).Model, CompressionModels.ByName(n).HeldOut, Everything)));

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void Every_technique_gives_a_measured_variant(string name)
    {
        var report = Reports[name].Value;
        Assert.Empty(report.Skipped);
        foreach (var t in Everything.Techniques) Assert.Contains(report.Variants, v => v.Technique == t);
        Assert.Equal(500, report.MeasuredRows);
        Assert.Equal(500, report.FitRows);
        foreach (var m in report.Variants.Select(v => v.Measurement).Prepend(report.OriginalMeasurement))
        {
            Assert.True(m.Bytes > 100, $"{m.Bytes} bytes");
            Assert.True(m.P50Us > 0 && m.P99Us >= m.P50Us, $"p50 {m.P50Us} p99 {m.P99Us}");
            Assert.True(m.RowsPerSecond > 0);
            Assert.True(double.IsFinite(m.Value));
        }
        // Compiled trees predict exactly what ML.NET predicts, so quality does not move at all.
        var compiled = report.Variants.Single(v => v.Technique == "compile");
        Assert.Equal(0, compiled.Delta);
        Assert.True(compiled.Accepted);
        // ONNX Runtime scores ML.NET's export to float precision: quality moves by a row at most.
        var onnx = report.Variants.Single(v => v.Technique == "onnx");
        Assert.True(Math.Abs(onnx.Delta) <= 0.005 * Math.Max(1, report.OriginalMeasurement.Value), $"ONNX changes {report.Metric} by {onnx.Delta}");
        // Threshold bins route rows exactly; only the leaves are rounded.
        var quantized = report.Variants.First(v => v.Technique == "quantize");
        Assert.True(quantized.Measurement.Bytes < compiled.Measurement.Bytes);
        // The report's JSON is the CLI's document.
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.Equal(report.Variants.Count, json.GetProperty("variants").GetArrayLength());
        Assert.Equal(report.OriginalMeasurement.Bytes, json.GetProperty("original").GetProperty("bytes").GetInt64());
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void Prune_offers_re_fitted_and_collapsed_trees_and_distill_a_linear_student(string name)
    {
        var variants = Reports[name].Value.Variants;
        var refit = variants.Single(v => v.Parameters == "first 5 of 20 trees + leaf refit");
        var plain = variants.Single(v => v.Parameters == "first 5 of 20 trees");
        // Same trees and splits, so the same size to within the leaf values' bytes' compression.
        Assert.InRange(refit.Measurement.Bytes, plain.Measurement.Bytes * 0.9, plain.Measurement.Bytes * 1.1);
        foreach (var collapsed in variants.Where(v => v.Parameters.Contains(" leaves + leaf refit")))
        {
            var trees = ((CompressedModel)collapsed.Model).Ensemble.Outputs;
            Assert.All(trees, o => Assert.All(Enumerable.Range(0, o.TreeCount), t => Assert.InRange(LeafMerging.LeafCount(o, t), 1, 8)));
        }
        Assert.Equal(2, variants.Count(v => v.Parameters.Contains(" leaves + leaf refit")));
        var linear = variants.Single(v => v.Parameters.StartsWith("linear student"));
        Assert.IsType<LinearScorer>(((CompressedModel)linear.Model).Scorer);
        Assert.True(linear.Measurement.Bytes < plain.Measurement.Bytes);
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void Variants_save_and_load_to_the_same_predictions(string name)
    {
        var c = CompressionModels.ByName(name);
        var dir = Directory.CreateTempSubdirectory("wb-compress-").FullName;
        try
        {
            foreach (var v in Reports[name].Value.Variants.Where(v => v.Model is CompressedModel))
            {
                var path = Path.Combine(dir, v.Technique + ".zip");
                File.WriteAllBytes(path, v.Measurement.File);
                var loaded = CompressedModel.LoadAny(path);
                Assert.IsType<CompressedModel>(loaded);
                Assert.Equal(v.Model.Predict(c.HeldOut), loaded.Predict(c.HeldOut));
                Assert.Equal(v.Technique, ((CompressedModel)loaded).Technique);
            }
            c.Model.Save(Path.Combine(dir, "original.zip"));
            Assert.IsType<TrainedModel>(CompressedModel.LoadAny(Path.Combine(dir, "original.zip")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Quantised_thresholds_route_rows_as_the_float_thresholds_do()
    {
        var c = CompressionModels.Bike;
        var compiled = CompiledModel.Compile(c.Model);
        var e = compiled.Ensemble;
        var q = QuantizedEnsemble.From(e, LeafPrecision.Half);
        Assert.Equal(8, q.BinBits);
        double maxLeaf = e.Outputs[0].Leaf.Max(Math.Abs);
        var x = compiled.Prepare(c.HeldOut).ReadAll();
        Span<float> got = stackalloc float[1];
        for (int r = 0; r < c.HeldOut.RowCount; r++)
        {
            var row = x.AsSpan(r * e.FeatureCount, e.FeatureCount);
            q.Score(row, got);
            // Same leaves, each rounded to fp16 (relative error 2^-11): a wrongly routed row would miss by a whole leaf.
            Assert.True(Math.Abs(got[0] - e.Score(row)) <= e.TreeCount * maxLeaf * Math.Pow(2, -11) + 1e-3, $"row {r}: {got[0]} vs {e.Score(row)}");
        }
    }

    [Fact]
    public void Pruning_keeps_the_trees_asked_for()
    {
        var e = CompiledModel.Compile(CompressionModels.Insects.Model).Ensemble;
        var first = TreePruning.FirstTrees(e, 5);
        Assert.All(first.Outputs, o => Assert.Equal(5, o.TreeCount));
        Assert.Equal(e.Outputs[0].Subset([0, 1, 2, 3, 4]).Leaf, first.Outputs[0].Leaf);
        var top = TreePruning.ByContribution(e, 5, CompiledModel.Compile(CompressionModels.Insects.Model).Prepare(CompressionModels.Insects.Train).ReadAll());
        Assert.All(top.Outputs, o => Assert.Equal(5, o.TreeCount));
    }

    [Fact]
    public void Accepted_variants_register_with_their_lineage()
    {
        var c = CompressionModels.Bike;
        var report = Reports["bike"].Value;
        var dir = Directory.CreateTempSubdirectory("wb-compress-reg-").FullName;
        try
        {
            var registry = ModelRegistry.Open(dir);
            var parent = registry.Register("bike", c.Model);
            var versions = report.RegisterAccepted(registry, "bike", parent.Version);
            Assert.Equal(report.Variants.Count(v => v.Accepted), versions.Count);
            var first = versions[0];
            Assert.Equal(parent.Version, first.Lineage.ParentVersion);
            Assert.StartsWith($"compressed from version {parent.Version} with technique ", first.Description);
            var (_, loaded) = registry.Load($"bike:{first.Version}", CompressedModel.LoadAny);
            Assert.Equal(c.HeldOut.RowCount, loaded.Predict(c.HeldOut).Length);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_table_without_a_model_column_is_refused_naming_it()
    {
        var c = CompressionModels.Bike;
        var e = Assert.Throws<ArgumentException>(() => ModelCompressor.Compress(c.Model, TableRows.Select(c.HeldOut, "temp", "cnt")));
        Assert.Contains("reads column", e.Message);
    }
}
