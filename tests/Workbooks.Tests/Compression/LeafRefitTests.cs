using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Compression;

/// <summary>Leaf re-fit after pruning and fewer leaves per tree, on the three compression examples (20 trees):
/// 500 held-out rows to fit on, the other 500 to report held-out loss on.</summary>
public class LeafRefitTests(ITestOutputHelper output)
{
    private static (CompiledEnsemble Ensemble, float[] Fit, RawScoreLoss FitLoss, float[] Measure, RawScoreLoss MeasureLoss) Setup(string name)
    {
        var c = CompressionModels.ByName(name);
        var compiled = CompiledModel.Compile(c.Model);
        var (fit, measure) = (c.HeldOut.Slice(0, 500), c.HeldOut.Slice(500, 1000));
        RawScoreLoss Loss(Table t) => new(compiled.Ensemble, RawScoreLoss.Labels(t, c.Model.Label!, c.Model.Task, c.Model.Classes));
        return (compiled.Ensemble, compiled.Prepare(fit).ReadAll(), Loss(fit), compiled.Prepare(measure).ReadAll(), Loss(measure));
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void Refit_lowers_the_fit_row_loss_of_the_first_trees(string name)
    {
        var (e, fit, fitLoss, measure, measureLoss) = Setup(name);
        var pruned = TreePruning.FirstTrees(e, 5);
        var refit = LeafRefit.Refit(pruned, fit, fitLoss);
        double before = fitLoss.Mean(pruned, fit), after = fitLoss.Mean(refit, fit);
        output.WriteLine($"{name}: fit-row loss all 20 trees {fitLoss.Mean(e, fit):0.0000}, first 5 {before:0.0000}, first 5 re-fitted {after:0.0000}; " +
            $"held-out loss {measureLoss.Mean(e, measure):0.0000}, {measureLoss.Mean(pruned, measure):0.0000}, {measureLoss.Mean(refit, measure):0.0000}");
        Assert.True(after < 0.95 * before, $"re-fit loss {after} against {before} without it");
        // Only leaf values change: the same trees, splits and leaves.
        Assert.Equal(pruned.Outputs.Select(o => o.Threshold), refit.Outputs.Select(o => o.Threshold));
        Assert.NotEqual(pruned.Outputs[0].Leaf, refit.Outputs[0].Leaf);
    }

    [Fact]
    public void A_full_regression_step_without_L2_sets_each_leaf_to_the_mean_residual()
    {
        var (e, fit, fitLoss, _, _) = Setup("bike");
        var c = CompressionModels.Bike;
        var y = c.HeldOut.Slice(0, 500)[c.Model.Label!].RequireNumbers();
        var one = LeafRefit.Refit(TreePruning.FirstTrees(e, 1), fit, fitLoss, new LeafRefitOptions { L2 = 0 });
        var tree = one.Outputs[0];
        int f = e.FeatureCount;
        // Least squares of one tree's leaves on the labels: each leaf reached by fit rows is their mean label.
        foreach (var group in Enumerable.Range(0, 500).GroupBy(r => ~tree.Descend(tree.Roots[0], fit.AsSpan(r * f, f))))
            Assert.Equal(group.Average(r => y[r]), tree.Leaf[group.Key], 1e-9 * Math.Max(1, Math.Abs(tree.Leaf[group.Key])));
    }

    [Theory]
    [InlineData("adult", 8)]
    [InlineData("insects", 5)]
    [InlineData("bike", 3)]
    public void Collapsed_trees_keep_the_budget_and_route_rows_to_the_mean_of_their_merged_leaves(string name, int budget)
    {
        var (e, fit, _, _, _) = Setup(name);
        var collapsed = LeafMerging.Collapse(e, budget, fit);
        int f = e.FeatureCount, n = fit.Length / f, merged = 0;
        for (int k = 0; k < e.Outputs.Count; k++)
        {
            var (before, after) = (e.Outputs[k], collapsed.Outputs[k]);
            Assert.Equal(before.TreeCount, after.TreeCount);
            for (int t = 0; t < before.TreeCount; t++)
            {
                Assert.InRange(LeafMerging.LeafCount(after, t), 1, budget);
                if (LeafMerging.LeafCount(before, t) > budget) merged++;
                var reached = Enumerable.Range(0, n).Select(r =>
                    (Old: ~before.Descend(before.Roots[t], fit.AsSpan(r * f, f)), New: ~after.Descend(after.Roots[t], fit.AsSpan(r * f, f)))).ToList();
                // Merging only joins leaves: rows that shared a leaf still do.
                Assert.All(reached.GroupBy(p => p.Old), g => Assert.Single(g.Select(p => p.New).Distinct()));
                // A merged leaf holds the fit-row-weighted mean of the leaves merged into it, i.e. the mean old output of its rows.
                foreach (var g in reached.GroupBy(p => p.New))
                    Assert.Equal(g.Average(p => before.Leaf[p.Old]), after.Leaf[g.Key], 1e-9 * Math.Max(1, Math.Abs(after.Leaf[g.Key])));
            }
        }
        Assert.True(merged >= e.Outputs.Count, $"{merged} trees had more leaves than the budget");
        // A budget the trees already meet changes nothing.
        var same = LeafMerging.Collapse(e, 1000, fit);
        for (int r = 0; r < n; r++)
            for (int k = 0; k < e.Outputs.Count; k++) Assert.Equal(e.RawScore(fit.AsSpan(r * f, f), k), same.RawScore(fit.AsSpan(r * f, f), k));
    }

    [Fact]
    public void Collapsing_then_refitting_beats_collapsing_alone_on_the_fit_rows()
    {
        var (e, fit, fitLoss, measure, measureLoss) = Setup("adult");
        var collapsed = LeafMerging.Collapse(e, 4, fit);
        var refit = LeafRefit.Refit(collapsed, fit, fitLoss);
        output.WriteLine($"adult at 4 leaves: fit-row loss {fitLoss.Mean(e, fit):0.0000} original, {fitLoss.Mean(collapsed, fit):0.0000} collapsed, " +
            $"{fitLoss.Mean(refit, fit):0.0000} re-fitted; held-out {measureLoss.Mean(e, measure):0.0000}, {measureLoss.Mean(collapsed, measure):0.0000}, {measureLoss.Mean(refit, measure):0.0000}");
        Assert.True(fitLoss.Mean(refit, fit) < fitLoss.Mean(collapsed, fit));
    }

    [Fact]
    public void Bad_options_are_refused_naming_them()
    {
        var (e, fit, fitLoss, _, _) = Setup("bike");
        Assert.Contains("Shrinkage", Assert.Throws<ArgumentException>(() => LeafRefit.Refit(e, fit, fitLoss, new LeafRefitOptions { Shrinkage = 0 })).Message);
        Assert.Contains("L2", Assert.Throws<ArgumentException>(() => LeafRefit.Refit(e, fit, fitLoss, new LeafRefitOptions { L2 = double.NaN })).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() => LeafRefit.Refit(e, fit.AsSpan(0, 10 * e.FeatureCount), fitLoss)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeafMerging.Collapse(e, 0, fit));
        var c = CompressionModels.Adult;
        var wrong = Assert.Throws<ArgumentException>(() => RawScoreLoss.Labels(c.HeldOut, "sex", c.Model.Task, c.Model.Classes));
        Assert.Contains("column 'sex' holds none of the model's classes", wrong.Message);
        Assert.Contains("no label column 'nope'", Assert.Throws<ArgumentException>(() => RawScoreLoss.Labels(c.HeldOut, "nope", c.Model.Task, c.Model.Classes)).Message);
        var unlabelled = TableRows.Select(c.HeldOut, [.. c.Model.Schema.Select(s => s.Name)]);
        var compress = Assert.Throws<ArgumentException>(() => ModelCompressor.Compress(c.Model, c.HeldOut, new CompressionOptions { FitData = unlabelled, Techniques = ["prune"] }));
        Assert.Contains($"no label column '{c.Model.Label}'", compress.Message);
    }
}
