using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Onnx;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Compression;

public class OnnxModelTests
{
    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void OnnxRuntime_scores_equal_MLNET_on_held_out_rows(string name)
    {
        var c = CompressionModels.ByName(name);
        using var onnx = OnnxModel.Export(c.Model, c.Train);
        Assert.True(onnx.Bytes.Length > 1000);
        var expected = c.Model.Predict(c.HeldOut);
        for (int r = 0; r < 200; r++)
        {
            var got = onnx.Predict(c.HeldOut, r);
            Assert.True(Math.Abs(expected[r].Score - got.Score) <= 1e-5 * Math.Max(1, Math.Abs(expected[r].Score)), $"{name} row {r}: ML.NET {expected[r].Score:R}, ONNX {got.Score:R}");
            if (c.Model.Task == ModelTask.Multiclass) Assert.Equal(expected[r].Class, got.Class);
        }
    }
}
