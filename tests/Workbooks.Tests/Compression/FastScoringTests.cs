using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Compression;

/// <summary>QuickScorer, the parallel batch and the compiled feature preparation against ML.NET and the plain walk.</summary>
public class FastScoringTests
{
    // As CompiledEnsembleTests: ML.NET's scores to a relative 2^-22 (two float ulps).
    private const double FloatPrecision = 2.4e-7;

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void QuickScorer_gives_the_plain_walks_sums_exactly_and_MLNETs_scores(string name)
    {
        var c = CompressionModels.ByName(name);
        var compiled = CompiledModel.Compile(c.Model);
        var quick = compiled.Ensemble;
        Assert.Equal(TreeTraversal.QuickScorer, quick.Traversal);   // numerical splits, at most 64 leaves
        var interleaved = quick.With(TreeTraversal.Interleaved);
        var plain = quick.With(TreeTraversal.Plain);
        Assert.Equal(TreeTraversal.Interleaved, interleaved.Traversal);
        Assert.Equal(TreeTraversal.Plain, plain.Traversal);
        var rows = Perturbed(c.HeldOut);
        var vectors = compiled.Prepare(rows).ReadAll();
        var expected = c.Model.Predict(rows);
        var predicted = compiled.Predict(rows);
        int f = quick.FeatureCount, k = quick.ScoreCount;
        var (a, b, p) = (new float[k], new float[k], new float[k]);
        for (int r = 0; r < rows.RowCount; r++)
        {
            var x = vectors.AsSpan(r * f, f);
            for (int o = 0; o < quick.Outputs.Count; o++)
                Assert.Equal(plain.RawScore(x, o), quick.RawScore(x, o));   // same leaves, added in the same order: bit-identical
            quick.Score(x, a); interleaved.Score(x, b); plain.Score(x, p);
            Assert.Equal(p, a); Assert.Equal(p, b);
            Assert.True(Close(expected[r].Score, predicted[r].Score), $"{name} row {r}: ML.NET {expected[r].Score:R}, QuickScorer {predicted[r].Score:R}");
            Assert.Equal(expected[r].Class, predicted[r].Class);
        }
    }

    // INSECTS' five class ensembles share each feature's thresholds, each keeping rows for its own; three trees a
    // word as every tree has 20 leaves. Same exit leaf in every tree, same sums, with and without the table.
    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void The_bin_table_gives_the_split_by_split_exit_leaves_and_sums_exactly(string name)
    {
        var c = CompressionModels.ByName(name);
        var compiled = CompiledModel.Compile(c.Model);
        var outputs = compiled.Ensemble.Outputs;
        var table = QuickScorerForest.From(outputs)!;
        var splits = QuickScorerForest.From(outputs, binTableBudget: 0)!;
        Assert.True(table.UsesBinTable);
        Assert.False(splits.UsesBinTable);
        Assert.Equal(3, table.TreesPerWord);   // 20-leaf trees: three 21-bit fields a word
        // Distinct vectors only: INSECTS' rows stored whole would take 1.2 MB (3,729 rows of 40 words).
        Assert.InRange(table.BinTableBytes, 1, name == "insects" ? 500_000 : 100_000);
        var vectors = compiled.Prepare(Perturbed(c.HeldOut)).ReadAll();
        int f = compiled.Ensemble.FeatureCount, k = outputs.Count;
        var (l1, l2) = (new int[table.TreeCount], new int[table.TreeCount]);
        var (s1, s2) = (new double[k], new double[k]);
        for (int r = 0; r < vectors.Length / f; r++)
        {
            var x = vectors.AsSpan(r * f, f);
            table.ExitLeaves(x, l1); splits.ExitLeaves(x, l2);
            Assert.Equal(l2, l1);
            table.Output(x, s1); splits.Output(x, s2);
            Assert.Equal(s2, s1);
            for (int o = 0; o < k; o++) Assert.Equal(outputs[o].Output(x), s1[o]);
        }
    }

    // Trees of 33-64 leaves take a word each, with and without the bin table, and give the plain walk's sums.
    [Fact]
    public void Trees_of_33_to_64_leaves_take_a_word_each()
    {
        var c = CompressionModels.Bike;
        var model = TrainedModel.Train(c.Train, "cnt", ["hr", "temp", "hum", "windspeed", "atemp"],
            new FastTreeOptions { Trees = 5, Leaves = 48, MinimumRowsPerLeaf = 2 }, ModelTask.Regression);
        var compiled = CompiledModel.Compile(model);
        var forest = QuickScorerForest.From(compiled.Ensemble.Outputs)!;
        var splits = QuickScorerForest.From(compiled.Ensemble.Outputs, binTableBudget: 0)!;
        Assert.Equal(1, forest.TreesPerWord);
        Assert.True(forest.UsesBinTable);
        var vectors = compiled.Prepare(c.HeldOut).ReadAll();
        int f = compiled.Ensemble.FeatureCount;
        var sums = new double[1];
        for (int r = 0; r < vectors.Length / f; r++)
        {
            var x = vectors.AsSpan(r * f, f);
            forest.Output(x, sums);
            Assert.Equal(compiled.Ensemble.Outputs[0].Output(x), sums[0]);
            splits.Output(x, sums);
            Assert.Equal(compiled.Ensemble.Outputs[0].Output(x), sums[0]);
        }
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void The_compiled_preparation_gives_MLNETs_vectors_with_missing_and_unseen_values(string name)
    {
        var c = CompressionModels.ByName(name);
        var compiled = CompiledModel.Compile(c.Model);
        Assert.NotNull(compiled.CompiledPreparation);
        var rows = Perturbed(c.HeldOut);
        var fast = compiled.Prepare(rows);
        Assert.True(fast.IsCompiled);
        var mlnet = new PreparedFeatures(c.Model, rows, compiled.FeatureColumn, compiled.Scorer.FeatureCount);
        Assert.False(mlnet.IsCompiled);
        int f = compiled.Scorer.FeatureCount;
        var (x, y) = (new float[f], new float[f]);
        for (int r = 0; r < rows.RowCount; r++)
        {
            fast.Read(r, x); mlnet.Read(r, y);
            Assert.True(y.AsSpan().SequenceEqual(x), $"{name} row {r}: slot {FirstDifference(x, y)} is {x[FirstDifference(x, y)]:R}, ML.NET {y[FirstDifference(x, y)]:R}");
        }
    }

    [Fact]
    public void Trees_over_64_leaves_fall_back_to_the_interleaved_walk_and_still_give_MLNETs_scores()
    {
        var c = CompressionModels.Bike;
        var model = TrainedModel.Train(c.Train, "cnt", ["hr", "temp", "hum", "windspeed", "atemp"],
            new FastTreeOptions { Trees = 3, Leaves = 80, MinimumRowsPerLeaf = 2 }, ModelTask.Regression);
        var compiled = CompiledModel.Compile(model);
        Assert.True(compiled.Ensemble.Outputs[0].LeafCount > 3 * 64);   // at least one tree has over 64 leaves
        Assert.Equal(TreeTraversal.Interleaved, compiled.Ensemble.Traversal);
        var expected = model.Predict(c.HeldOut);
        var predicted = compiled.Predict(c.HeldOut);
        for (int r = 0; r < c.HeldOut.RowCount; r++)
            Assert.True(Close(expected[r].Score, predicted[r].Score), $"row {r}: ML.NET {expected[r].Score:R}, compiled {predicted[r].Score:R}");
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    public void The_parallel_batch_equals_the_single_row_scores(string name)
    {
        var c = CompressionModels.ByName(name);
        var ensemble = CompiledModel.Compile(c.Model).Ensemble;
        // More rows than one block, so both threads take blocks: the held-out vectors repeated.
        var one = CompiledModel.Compile(c.Model).Prepare(c.HeldOut).ReadAll();
        int f = ensemble.FeatureCount, k = ensemble.ScoreCount, rows = CompiledEnsemble.BatchBlockRows * 2 + 17;
        var features = new float[rows * f];
        for (int r = 0; r < rows; r++) one.AsSpan(r % c.HeldOut.RowCount * f, f).CopyTo(features.AsSpan(r * f));
        var batch = new float[rows * k];
        ensemble.ScoreBatch(features, rows, batch, threads: 2);
        var single = new float[k];
        for (int r = 0; r < rows; r++)
        {
            ensemble.Score(features.AsSpan(r * f, f), single);
            Assert.True(single.AsSpan().SequenceEqual(batch.AsSpan(r * k, k)), $"{name} row {r}");
        }
    }

    // The held-out rows with every 7th row's numbers missing, every 5th row's categories unseen, every 11th missing,
    // and every 13th padded with spaces, so replacement, unknown-category and text-key rules are exercised.
    private static Table Perturbed(Table table) => new(table.Columns.Select(column => column.Kind == ColumnKind.Numerical
        ? TableColumn.Numerical(column.Name, [.. column.Numbers!.Select((v, r) => r % 7 == 3 ? double.NaN : v)])
        : TableColumn.Categorical(column.Name, [.. column.Labels!.Select((v, r) => r % 11 == 4 ? null : r % 5 == 2 ? "never seen" : r % 13 == 6 ? $" {v} " : v)])),
        $"{table.Source} with missing and unseen values");

    private static int FirstDifference(float[] x, float[] y)
    {
        for (int i = 0; i < x.Length; i++) if (!x[i].Equals(y[i])) return i;
        return 0;
    }

    private static bool Close(double expected, double actual) =>
        Math.Abs(expected - actual) <= FloatPrecision * Math.Max(1, Math.Abs(expected));
}
