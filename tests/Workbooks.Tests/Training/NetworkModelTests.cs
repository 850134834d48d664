using System.Buffers.Binary;
using System.IO.Compression;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Training;
using Workbooks.Walkthroughs;
using Xunit;

namespace Workbooks.Tests.Training;

/// <summary>A network with hidden layers as a model: its predictions are the trainer's outputs, and they survive
/// save/load and the registry bit for bit; a damaged file is a one-line error naming the file and entry.</summary>
public class NetworkModelTests
{
    internal static Table WithBand(Table table)
    {
        var bands = table["value"].RequireNumbers().Select(v => v < 0 ? "low" : v < 3 ? "mid" : "high").ToArray();
        return new Table([table["a"], table["b"], table["c"], TableColumn.Categorical("band", bands)], "bands");
    }

    internal static (TrainedModel Model, NetworkFit Fit) Train(Table table, string label, int[] hidden)
    {
        NetworkFit? fit = null;
        var model = TrainedModel.Train(table, label, ["a", "b", "c"], new NetworkOptions { Hidden = hidden, Epochs = 15, BatchSize = 16, LearningRate = 0.02, Fitted = f => fit = f });
        return (model, fit!);
    }

    [Theory]
    [InlineData("label", ModelTask.Binary)]
    [InlineData("value", ModelTask.Regression)]
    [InlineData("band", ModelTask.Multiclass)]
    public void Predictions_equal_the_trainers_outputs_on_prepared_features(string label, ModelTask task)
    {
        var table = label == "band" ? WithBand(TrainingFixtures.SyntheticTable(300)) : TrainingFixtures.SyntheticTable(300);
        var (model, fit) = Train(table, label, [8, 4]);
        Assert.Equal(task, model.Task);
        Assert.Equal(fit.Parameters, model.Network!.Parameters);
        var parts = ModelParts.Of(model);
        var prepared = new PreparedFeatures(model, table, parts.FeatureColumn, parts.FeatureCount).ReadAll();
        var z = NetworkTrainer.Outputs(fit.Shape, fit.Parameters, prepared);
        var predictions = model.Predict(table);
        var single = model.CreatePredictor(table);
        int k = fit.Shape.Outputs;
        for (int r = 0; r < table.RowCount; r++)
        {
            var expected = z[(r * k)..((r + 1) * k)];
            TrainedNetwork.Probabilities(fit.Shape.Loss, expected);
            int best = Array.IndexOf(expected, expected.Max());
            // exact: the model runs the trainer's own forward pass; binary reports σ(z), multiclass the top softmax
            Assert.Equal((double)expected[best], predictions[r].Score);
            Assert.Equal(predictions[r], single(r));
            if (task == ModelTask.Binary) Assert.Equal(z[r] > 0 ? "yes" : "no", predictions[r].Class);
            if (task == ModelTask.Multiclass) Assert.Equal(model.Network.Classes[best], predictions[r].Class);
        }
    }

    [Fact]
    public void A_saved_network_is_its_shape_as_JSON_and_its_parameters_as_little_endian_floats_and_loads_bit_for_bit()
    {
        var table = WithBand(TrainingFixtures.SyntheticTable(300));
        var (model, fit) = Train(table, "band", [6]);
        var path = Path.Combine(Path.GetTempPath(), $"mlp-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            using (var zip = ZipFile.OpenRead(path))
            {
                var bytes = new byte[zip.GetEntry(TrainedNetwork.WeightsEntry)!.Length];
                using (var s = zip.GetEntry(TrainedNetwork.WeightsEntry)!.Open()) s.ReadExactly(bytes);
                Assert.Equal(fit.Shape.ParameterCount * 4, bytes.Length);
                for (int i = 0; i < fit.Parameters.Length; i++) Assert.Equal(fit.Parameters[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i)));
                using var json = new StreamReader(zip.GetEntry(TrainedNetwork.ShapeEntry)!.Open());
                var shape = System.Text.Json.JsonDocument.Parse(json.ReadToEnd()).RootElement;
                Assert.Equal(fit.Shape.Sizes, shape.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()));
                Assert.Equal("softmax", shape.GetProperty("loss").GetString());
                Assert.Equal(["high", "low", "mid"], shape.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
            }
            var loaded = TrainedModel.Load(path);
            Assert.Equal(model.Classes, loaded.Classes);
            Assert.Equal(fit.Parameters.Select(BitConverter.SingleToInt32Bits), loaded.Network!.Parameters.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(model.Predict(table), loaded.Predict(table));
            var one = loaded.CreatePredictor(table);
            Assert.Equal(model.Predict(table, 17), one(17));
            Assert.IsType<TrainedModel>(CompressedModel.LoadAny(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_network_model_registers_and_loads_back_from_the_registry()
    {
        var table = TrainingFixtures.SyntheticTable(300);
        var (model, _) = Train(table, "label", [8, 4]);
        var dir = Path.Combine(Path.GetTempPath(), $"mlp-registry-{Guid.NewGuid():N}");
        try
        {
            var registry = ModelRegistry.Open(dir);
            var version = registry.Register("mlp", model.WithMetrics(new Dictionary<string, double> { ["accuracy"] = 0.8 }));
            var (info, loaded) = registry.LoadTrainedModel($"mlp:{version.Version}");
            Assert.Equal("network", info.Lineage.Trainer);
            Assert.Equal("[8,4]", info.Lineage.Hyperparameters["hidden"]);
            Assert.Equal(model.PredictScores(table), loaded.PredictScores(table));
            Assert.Equal(0.8, loaded.Metrics["accuracy"]);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_model_service_loads_a_network_model_file_and_predicts_what_the_model_does()
    {
        var table = TrainingFixtures.SyntheticTable(200);
        var (model, _) = Train(table, "label", [8]);
        var path = Path.Combine(Path.GetTempPath(), $"mlp-served-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var served = Workbooks.Serving.Hosting.ServedModel.LoadFile(path, "mlp");
            int row = Enumerable.Range(0, table.RowCount).First(r => !double.IsNaN(table["c"].RequireNumbers()[r]));
            var values = new Dictionary<string, object?> { ["a"] = table["a"].RequireNumbers()[row], ["b"] = table["b"].RequireNumbers()[row], ["c"] = table["c"].RequireNumbers()[row] };
            Assert.Equal(model.Predict(table, row), served.Predict(Workbooks.Serving.Rows.ServedRow.Of(served.Schema, values)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_saved_network_model_is_replayed_through_the_monitor_like_any_model()
    {
        var data = Workbooks.ModelOps.Monitoring.Simulation.ReplayDataset.ForCatalog("bike_sharing_hour");
        var trained = data.Train(0, 4000, new NetworkOptions { Hidden = [16], Epochs = 5 });
        var path = Path.Combine(Path.GetTempPath(), $"mlp-monitored-{Guid.NewGuid():N}.zip");
        try
        {
            trained.Save(path);
            var model = data.Bind(TrainedModel.Load(path));
            Assert.NotNull(model.Network);
            var result = Workbooks.ModelOps.Monitoring.Simulation.TrafficSimulation.Run(data, model, data.RowCount - 1000,
                new Workbooks.ModelOps.Monitoring.Simulation.SimulationOptions { Window = Workbooks.ModelOps.Monitoring.WindowSpec.ByCount(250) }, data.Evaluate(model, 0, 400));
            Assert.Equal(1000, result.Counts.Requests);
            Assert.Equal(0, result.Counts.Failures);
            Assert.NotEmpty(result.Windows);
            Assert.All(result.Windows, w => Assert.True(w.Quality["mae"] > 0 && double.IsFinite(w.Quality["mae"])));
        }
        finally { File.Delete(path); }
    }

    // Each damage gives an InvalidDataException on one line naming the file and the entry or field at fault.
    [Theory]
    [InlineData("truncated weights", "network.bin")]
    [InlineData("wrong parameter count", "parameters")]
    [InlineData("not JSON", "network.json")]
    [InlineData("no weights", "no workbooks/network.bin")]
    [InlineData("a NaN weight", "parameter 3 is NaN")]
    public void A_damaged_network_file_is_a_one_line_error_naming_the_file_and_entry(string damage, string named)
    {
        var table = TrainingFixtures.SyntheticTable(120);
        var (model, _) = Train(table, "label", [4]);
        var path = Path.Combine(Path.GetTempPath(), $"mlp-bad-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                var weights = zip.GetEntry(TrainedNetwork.WeightsEntry)!; var shape = zip.GetEntry(TrainedNetwork.ShapeEntry)!;
                byte[] bytes;
                using (var s = weights.Open()) { var copy = new MemoryStream(); s.CopyTo(copy); bytes = copy.ToArray(); }
                string json;
                using (var r = new StreamReader(shape.Open())) json = r.ReadToEnd();
                void Replace(ZipArchiveEntry entry, byte[] content) { var name = entry.FullName; entry.Delete(); using var s = zip.CreateEntry(name).Open(); s.Write(content); }
                switch (damage)
                {
                    case "truncated weights": Replace(weights, bytes[..^4]); break;
                    case "wrong parameter count": Replace(shape, System.Text.Encoding.UTF8.GetBytes(json.Replace("\"parameters\": ", "\"parameters\": 1"))); break;
                    case "not JSON": Replace(shape, "{ sizes"u8.ToArray()); break;
                    case "no weights": weights.Delete(); break;
                    default: BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12), float.NaN); Replace(weights, bytes); break;
                }
            }
            var e = Assert.Throws<InvalidDataException>(() => TrainedModel.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(named, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { File.Delete(path); }
    }
}
