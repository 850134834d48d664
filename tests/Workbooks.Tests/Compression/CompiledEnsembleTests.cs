using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Compression;

public class CompiledEnsembleTests
{
    // Scores are compared to ML.NET's to float precision: a relative difference of at most 2^-22 (two float ulps).
    private const double FloatPrecision = 2.4e-7;

    [Theory]
    [InlineData("adult", ModelTask.Binary)]
    [InlineData("insects", ModelTask.Multiclass)]
    [InlineData("bike", ModelTask.Regression)]
    public void Compiled_scores_equal_MLNET_on_held_out_rows(string name, ModelTask task)
    {
        var c = CompressionModels.ByName(name);
        Assert.Equal(task, c.Model.Task);
        var compiled = CompiledModel.Compile(c.Model);
        Assert.Equal(20, compiled.Ensemble.Outputs[0].TreeCount);
        var expected = c.Model.Predict(c.HeldOut);
        var batch = compiled.Predict(c.HeldOut);
        var single = compiled.CreatePredictor(c.HeldOut);
        for (int r = 0; r < c.HeldOut.RowCount; r++)
        {
            var one = single(r);
            Assert.Equal(batch[r], one);   // the batch path gives the single-row path's scores exactly
            Assert.True(Close(expected[r].Score, one.Score), $"{name} row {r}: ML.NET {expected[r].Score:R}, compiled {one.Score:R}");
            Assert.Equal(expected[r].Class, one.Class);
        }
    }

    [Fact]
    public void Every_class_score_and_the_raw_binary_score_equal_MLNETs_Score_column()
    {
        foreach (var c in new[] { CompressionModels.Insects, CompressionModels.Adult })
        {
            var compiled = CompiledModel.Compile(c.Model);
            var scored = c.Model.Transformer.Transform(new TableDataView(c.HeldOut, c.Model.InputSchema));
            var features = compiled.Prepare(c.HeldOut);
            var vector = new float[compiled.Ensemble.FeatureCount];
            var scores = new float[compiled.Ensemble.ScoreCount];
            using var cursor = scored.GetRowCursor(scored.Schema);
            for (int r = 0; cursor.MoveNext(); r++)
            {
                features.Read(r, vector);
                if (c.Model.Task == ModelTask.Multiclass)
                {
                    VBuffer<float> s = default;
                    cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"])(ref s);
                    compiled.Ensemble.Score(vector, scores);
                    var mlnet = s.DenseValues().ToArray();
                    Assert.Equal(mlnet.Length, scores.Length);
                    for (int k = 0; k < scores.Length; k++) Assert.True(Close(mlnet[k], scores[k]), $"row {r} class {k}: {mlnet[k]:R} vs {scores[k]:R}");
                }
                else
                {
                    float raw = 0;
                    cursor.GetGetter<float>(scored.Schema["Score"])(ref raw);
                    Assert.True(Close(raw, compiled.Ensemble.RawScore(vector)), $"row {r}: {raw:R} vs {compiled.Ensemble.RawScore(vector):R}");
                }
            }
        }
    }

    [Fact]
    public void Scoring_a_prepared_vector_allocates_nothing()
    {
        var compiled = CompiledModel.Compile(CompressionModels.Insects.Model);
        var vector = new float[compiled.Ensemble.FeatureCount];
        compiled.Prepare(CompressionModels.Insects.HeldOut).Read(0, vector);
        var scores = new float[compiled.Ensemble.ScoreCount];
        compiled.Ensemble.Score(vector, scores);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) compiled.Ensemble.Score(vector, scores);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_linear_model_is_not_supported_and_the_error_names_it()
    {
        var c = CompressionModels.Bike;
        var linear = TrainedModel.Train(c.Train.Slice(0, 500), "cnt", ["temp", "hum"], new LinearOptions(), ModelTask.Regression);
        var e = Assert.Throws<NotSupportedException>(() => CompiledModel.Compile(linear));
        Assert.Contains("linear regression model", e.Message);
        Assert.Contains("only FastTree and LightGBM", e.Message);
    }

    [Fact]
    public void The_first_K_trees_subset_scores_as_the_sum_of_those_trees()
    {
        var compiled = CompiledModel.Compile(CompressionModels.Bike.Model);
        var trees = compiled.Ensemble.Outputs[0];
        var five = trees.Subset([0, 1, 2, 3, 4]);
        Assert.Equal(5, five.TreeCount);
        var vector = new float[compiled.Ensemble.FeatureCount];
        compiled.Prepare(CompressionModels.Bike.HeldOut).Read(7, vector);
        double sum = 0;
        for (int t = 0; t < 5; t++) sum += trees.Leaf[~trees.Descend(trees.Roots[t], vector)];
        Assert.Equal(sum, five.Output(vector));
        Assert.Equal((float)trees.Output(vector), compiled.Ensemble.RawScore(vector));   // the four-trees-at-once walk gives the plain walk's sum
        Assert.True(five.Bytes < trees.Bytes);
    }

    [Fact]
    public void CompiledModel_doc_example_prints_what_it_says()
    {
        var x = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("y", [.. x.Select(v => v < 100 ? 0.0 : 10.0)])]);
        var model = TrainedModel.Train(table, "y", ["x"], new FastTreeOptions { Trees = 5 }, ModelTask.Regression);
        var compiled = CompiledModel.Compile(model);
        Assert.Equal("5 True", $"{compiled.Ensemble.TreeCount} {compiled.Predict(table, 150).Score == model.Predict(table, 150).Score}");
    }

    private static bool Close(double expected, double actual) =>
        Math.Abs(expected - actual) <= FloatPrecision * Math.Max(1, Math.Abs(expected));
}
