using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Drift.Prediction;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Drift.Multivariate;

/// <summary>The printed output of the XML doc examples of the option and result types.</summary>
public class ResultTypeExampleTests
{
    [Fact]
    public void Options_examples()
    {
        var d = new DomainClassifierOptions { GroupColumn = "dteday" };
        Assert.Equal("0.55 5 dteday", $"{d.Threshold} {d.Folds} {d.GroupColumn}");
        var p = new PcaReconstructionOptions();
        Assert.Equal("0.65 3 10", $"{p.VarianceToKeep} {p.Sigmas} {p.DefaultChunkCount}");
        var m = new MmdOptions();
        Assert.Equal("200 1000 0.05", $"{m.Permutations} {m.MaxRowsPerSide} {m.Alpha}");
        Assert.Equal("Frequency,OneHot", string.Join(",", Enum.GetNames<CategoricalEncoding>()));
    }

    [Fact]
    public void Result_examples()
    {
        Assert.Equal("FeatureImportance { Column = temp, Importance = 0.25 }", new FeatureImportance("temp", 0.25).ToString());
        Assert.True(new DomainClassifierResult(0.61, 0.55, [0.6, 0.62], [new FeatureImportance("temp", 1)], 744, 744).DriftDetected);
        var c = new ChunkReconstructionError("2012-03", 0, 743, 1.67, false);
        Assert.Equal("2012-03 1.67", $"{c.Key} {c.Error}");
        Assert.True(new PcaReconstructionResult(["x"], 1, 0.7, 1.0, 0.8, 1.2, [], [new ChunkReconstructionError("[0:10)", 0, 10, 1.5, true)]).DriftDetected);
        Assert.True(new MmdResult(0.01, 0.02, 1.3, 200, 0.05, 500, 500, ["temp"]).DriftDetected);
        Assert.Equal("prediction: ks score 1 vs threshold 0.05: no drift",
            PredictionDrift.Compare(new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 1, 2, 3, 4, 5, 6 }).ToString());
        var t = PredictionDrift.OverTime(new double[] { 1, 2, 3, 4 }, new double[] { 1, 2, 3, 4 }, Chunker.BySize(4, 2));
        Assert.Equal("[0:2)", t.Chunks[0].Chunk.Key);
        Assert.Empty(t.DriftedChunks);
        var point = new SampleSizePoint(1000, "ks", 0.001, 0.05, true);
        Assert.Equal("ks at 1000: True", $"{point.Test} at {point.Size}: {point.DriftDetected}");
        Assert.Equal(1000, new SampleSizeSensitivityResult("temp", [new SampleSizePoint(100, "ks", 0.9, 0.05, false), new SampleSizePoint(1000, "ks", 0.01, 0.05, true)]).SmallestDriftingSize("ks"));
    }
}
