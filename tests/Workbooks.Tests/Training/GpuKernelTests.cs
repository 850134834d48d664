using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;
using Xunit;

namespace Workbooks.Tests.Training;

public class GpuKernelTests
{
    // Scores equal ML.NET's to float precision: a relative difference of at most 2^-22 (two float ulps).
    [Theory]
    [InlineData("fasttree", "label")]
    [InlineData("lightgbm", "label")]
    [InlineData("fasttree", "value")]
    [InlineData("lightgbm", "value")]
    public void Tree_scoring_kernel_equals_MLNETs_scores(string family, string label)
    {
        var table = TrainingFixtures.SyntheticTable(600);
        TrainerOptions trainer = family == "fasttree" ? new FastTreeOptions { Trees = 15, Leaves = 8 } : new LightGbmOptions { Trees = 15, Leaves = 8 };
        var model = TrainedModel.Train(table, label, ["a", "b", "c"], trainer);
        var (ensemble, column) = TreeModelReader.Compile(model);
        var features = new PreparedFeatures(model, table, column, ensemble.FeatureCount).ReadAll();
        using var kernel = new TreeScoringKernel(TrainingFixtures.CpuAccelerator, ensemble);
        var scores = kernel.Score(features, table.RowCount);
        var expected = model.Predict(table);
        for (int r = 0; r < table.RowCount; r++)
            Assert.True(Math.Abs(expected[r].Score - scores[r]) <= 2.4e-7 * Math.Max(1e-3, Math.Abs(expected[r].Score)),
                $"{family} {label} row {r}: ML.NET {expected[r].Score:R}, kernel {scores[r]:R}");
    }

    // Same data, same seed: the statistic agrees to 1e-12 relative (summation order only) and the p-value exactly.
    [Theory]
    [InlineData(0.0, 3)]
    [InlineData(0.4, 4)]
    public void MMD_kernel_equals_the_CPU_statistic_and_p_value(double shift, int seed)
    {
        var random = new Random(seed);
        int dims = 3;
        var x = Enumerable.Range(0, 60 * dims).Select(_ => random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 50 * dims).Select(i => random.NextDouble() + (i % dims == 0 ? shift : 0)).ToArray();
        var options = new MmdOptions { Permutations = 99, Seed = seed };
        var cpu = MaximumMeanDiscrepancy.Test(x, y, dims, options);
        var gpu = MmdKernel.Test(TrainingFixtures.CpuAccelerator, x, y, dims, options);
        Assert.True(Math.Abs(cpu.Mmd2 - gpu.Mmd2) <= 1e-12 * Math.Max(1e-6, Math.Abs(cpu.Mmd2)), $"CPU {cpu.Mmd2:R}, kernel {gpu.Mmd2:R}");
        Assert.Equal(cpu.PValue, gpu.PValue);
        Assert.Equal(cpu.Bandwidth, gpu.Bandwidth);
        if (shift > 0) Assert.True(gpu.DriftDetected);
    }

    [Theory]
    [InlineData("label", ModelTask.Binary)]
    [InlineData("value", ModelTask.Regression)]
    public void A_network_trained_model_predicts_saves_and_loads_like_any_other(string label, ModelTask task)
    {
        var table = TrainingFixtures.SyntheticTable(400);
        NetworkFit? fit = null;
        var model = TrainedModel.Train(table, label, ["a", "b", "c"], new NetworkOptions { Epochs = 30, BatchSize = 16, LearningRate = 0.05, Fitted = f => fit = f });
        Assert.Equal(task, model.Task);
        Assert.NotNull(fit);
        var path = Path.Combine(Path.GetTempPath(), $"network-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = TrainedModel.Load(path);
            Assert.Equal("network", loaded.Trainer!.Family);
            var before = model.PredictScores(table); var after = loaded.PredictScores(table);
            Assert.Equal(before, after);
            if (task == ModelTask.Binary)
            {
                var accuracy = model.Predict(table).Zip(table["label"].AsLabels()).Count(p => p.First.Class == p.Second) / (double)table.RowCount;
                Assert.True(accuracy > 0.7, $"accuracy {accuracy}");
                Assert.All(before, p => Assert.InRange(p, 0, 1));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_softmax_network_model_predicts_classes()
    {
        var table = TrainingFixtures.SyntheticTable(300);
        var bands = table["value"].RequireNumbers().Select(v => v < 0 ? "low" : v < 3 ? "mid" : "high").ToArray();
        var withBand = new ModelOps.Data.Table([table["a"], table["b"], table["c"], ModelOps.Data.TableColumn.Categorical("band", bands)], "bands");
        var model = TrainedModel.Train(withBand, "band", ["a", "b", "c"], new NetworkOptions { Epochs = 40, LearningRate = 0.05 });
        Assert.Equal(ModelTask.Multiclass, model.Task);
        var accuracy = model.Predict(withBand).Zip(bands).Count(p => p.First.Class == p.Second) / (double)withBand.RowCount;
        Assert.True(accuracy > 0.7, $"accuracy {accuracy}");
    }
}
