using Workbooks.Walkthroughs;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Compression;

public class LinearCompressionTests
{
    private static CompressionExample Linear(string name)
    {
        var c = CompressionModels.ByName(name);
        var features = c.Model.Features.ToArray();
        return c with { Model = TrainedModel.Train(c.Train, c.Model.Label!, features, new LinearOptions { MaximumIterations = 50 }, c.Model.Task) };
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void Linear_techniques_give_measured_variants(string name)
    {
        var c = Linear(name);
        var report = ModelCompressor.Compress(c.Model, c.HeldOut, new CompressionOptions
        {
            Techniques = ["compile", "prune", "quantize", "lowrank", "distill"], LatencyCalls = 100,
        });
        Assert.Contains(report.Variants, v => v.Technique == "compile");
        Assert.Equal(3, report.Variants.Count(v => v.Technique == "prune"));
        Assert.Contains(report.Variants, v => v.Technique == "quantize");
        Assert.Contains(report.Skipped, s => s.Technique == "distill");
        if (c.Model.Task == ModelTask.Multiclass) Assert.Contains(report.Variants, v => v.Technique == "lowrank");
        else Assert.Contains(report.Skipped, s => s.Technique == "lowrank");
        // The float copy of ML.NET's weights predicts what ML.NET predicts (up to float rounding at the boundary).
        var compiled = report.Variants.Single(v => v.Technique == "compile");
        var expected = c.Model.Predict(c.HeldOut);
        var got = compiled.Model.Predict(c.HeldOut);
        for (int r = 0; r < got.Length; r++)
            Assert.True(Math.Abs(expected[r].Score - got[r].Score) <= 1e-4 * Math.Max(1, Math.Abs(expected[r].Score)), $"row {r}: {expected[r].Score} vs {got[r].Score}");
        Assert.True(got.Zip(expected).Count(p => p.First.Class == p.Second.Class) >= got.Length - 2);
    }

    [Fact]
    public void Low_rank_at_full_rank_is_the_matrix_and_pruning_zeroes_the_smallest()
    {
        float[] w = [3, -1, 0.5f, 2, 0.1f, -4];
        var full = LowRankWeights.Factorize(2, 3, w, 2);
        var y = new float[2];
        full.Multiply([1, 2, 3], y);
        Assert.Equal(3 - 2 + 1.5, y[0], 4);
        Assert.Equal(2 + 0.2 - 12, y[1], 4);
        var sparse = SparseWeights.Prune(2, 3, w, 0.5);
        Assert.Equal(3, sparse.NonZeros);
        sparse.Multiply([1, 1, 1], y);
        Assert.Equal(3f, y[0]);        // -1 and 0.5 pruned
        Assert.Equal(-2f, y[1]);       // 0.1 pruned
        var q = Int8Weights.Quantize(2, 3, w, [1, 2, 3]);
        q.Multiply([1, 2, 3], y);
        Assert.Equal(2.5, y[0], 1);
        Assert.Equal(-9.8, y[1], 1);
    }
}
