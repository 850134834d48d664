using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;
using Workbooks.Walkthroughs;
using Xunit;

namespace Workbooks.Tests.Compression;

public class NetworkCompressionTests
{
    // The compression examples' rows with a small MLP in place of the trees (trained once per test run).
    private static readonly Dictionary<string, Lazy<CompressionExample>> Networks = new[] { "adult", "insects" }.ToDictionary(n => n, n => new Lazy<CompressionExample>(() =>
    {
        var c = CompressionModels.ByName(n);
        var options = new NetworkOptions { Hidden = [32, 16], Epochs = 8, BatchSize = 64, LearningRate = 0.01 };
        return c with { Model = TrainedModel.Train(c.Train, c.Model.Label!, c.Model.Features, options, c.Model.Task) };
    }));

    private static CompressionExample Network(string name) => Networks[name].Value;

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    public void Dense_layer_techniques_give_measured_variants_that_save_and_load(string name)
    {
        var c = Network(name);
        var report = ModelCompressor.Compress(c.Model, c.HeldOut, new CompressionOptions
        {
            Techniques = ["compile", "prune", "quantize", "lowrank", "distill"], LatencyCalls = 100,
        });
        Assert.Equal(1, report.Variants.Count(v => v.Technique == "compile"));
        Assert.Equal(3, report.Variants.Count(v => v.Technique == "prune"));
        Assert.Equal(1, report.Variants.Count(v => v.Technique == "quantize"));
        Assert.Equal(2, report.Variants.Count(v => v.Technique == "lowrank"));
        Assert.Contains(report.Skipped, s => s.Technique == "distill" && s.Reason.Contains("network"));
        Assert.All(report.Variants, v => Assert.True(double.IsFinite(v.Delta), $"{v.Technique} {v.Parameters}: delta {v.Delta}"));
        // The float layers run the same arithmetic as the network model: same classes, probabilities to float rounding.
        var expected = c.Model.Predict(c.HeldOut);
        var compiled = report.Variants.Single(v => v.Technique == "compile").Model.Predict(c.HeldOut);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Class, compiled[r].Class);
            Assert.True(Math.Abs(expected[r].Score - compiled[r].Score) <= 1e-6, $"row {r}: {expected[r].Score} vs {compiled[r].Score}");
        }
        // Sparser and lower-rank variants are smaller files than the float layers.
        long floatBytes = report.Variants.Single(v => v.Technique == "compile").Measurement.Bytes;
        Assert.All(report.Variants.Where(v => v.Technique == "prune" && v.Parameters.Contains("0.9")), v => Assert.True(v.Measurement.Bytes < floatBytes));
        var dir = Path.Combine(Path.GetTempPath(), $"mlp-variants-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (v, i) in report.Variants.Select((v, i) => (v, i)))
            {
                var path = Path.Combine(dir, $"{i}.zip");
                v.Model.Save(path);
                var loaded = CompressedModel.LoadAny(path);
                Assert.IsType<CompressedModel>(loaded);
                Assert.Equal(v.Model.Predict(c.HeldOut), loaded.Predict(c.HeldOut));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // 8-bit weights (one scale per output row) and 8-bit inputs (one scale per layer, the largest |input| on the fit
    // rows) round each product's terms by up to half a step; ReLU layers have a few large activations, so the step
    // of a layer's input scale is coarse for the rest. Stated tolerance: every held-out probability within 0.15 of
    // the float network's and the mean difference within 0.015 (measured on adult, seed 1: 0.083 and 0.009).
    [Fact]
    public void Quantised_probabilities_stay_within_the_stated_tolerance_of_the_float_network()
    {
        var c = Network("adult");
        var network = NetworkScorer.FromNetwork(c.Model.Task, c.Model.Network!);
        var floatModel = CompressedModel.From(c.Model, network, "compile", "");
        var fit = floatModel.Prepare(c.Train).ReadAll();
        var inputs = network.LayerInputs(fit);
        var quantised = network.With((l, layer) => Int8Weights.Quantize(layer.Outputs, layer.Inputs, layer.Weights, inputs[l]));
        var rows = floatModel.Prepare(c.HeldOut).ReadAll();
        int f = network.FeatureCount;
        var (p, q) = (new float[1], new float[1]);
        double worst = 0, sum = 0;
        for (int r = 0; r < rows.Length / f; r++)
        {
            network.Score(rows.AsSpan(r * f, f), p);
            quantised.Score(rows.AsSpan(r * f, f), q);
            double d = Math.Abs(p[0] - q[0]);
            worst = Math.Max(worst, d); sum += d;
        }
        double mean = sum / (rows.Length / f);
        Assert.True(worst <= 0.15, $"largest |Δp| {worst}, mean {mean}");
        Assert.True(mean <= 0.015, $"mean |Δp| {mean}");
        Assert.True(worst > 0, "the 8-bit network is not the float network");
    }

    [Fact]
    public void Workbooks_compress_takes_a_saved_network_model()
    {
        using var h = new Cli.CliHarness();
        var c = Network("adult");
        var model = Path.Combine(h.Dir, "mlp.zip");
        c.Model.Save(model);
        var data = Path.Combine(h.Dir, "held-out.csv");
        Workbooks.ModelOps.Data.TableCsvWriter.Write(c.HeldOut, data);
        var r = Cli.CliHarness.Run("compress", "--model", model, "--data", data, "--techniques", "quantize,prune,distill,onnx", "--out", Path.Combine(h.Dir, "variants"), "--json", "-");
        Assert.True(r.Code == 0, r.Err);
        var json = System.Text.Json.JsonDocument.Parse(r.Out).RootElement;
        var variants = json.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(4, variants.Count);
        Assert.All(variants, v => Assert.IsType<CompressedModel>(CompressedModel.LoadAny(v.GetProperty("file").GetString()!)));
        Assert.Equal(["distill", "onnx"], json.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("technique").GetString()));
    }
}
