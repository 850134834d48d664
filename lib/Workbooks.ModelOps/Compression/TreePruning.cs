namespace Workbooks.ModelOps.Compression;

/// <summary>
/// Fewer trees: boosting adds trees that correct smaller and smaller residuals, so the first trees carry most of the
/// signal and the tail can often go at little cost. Two ways to choose: the first K (what early stopping would have
/// kept) or the K with the largest mean |output| over sample rows (a late tree that still moves scores is kept).
/// Each ensemble of a multiclass model is pruned alike.
/// </summary>
public static class TreePruning
{
    /// <summary>The first <paramref name="trees"/> trees of each ensemble.</summary>
    public static CompiledEnsemble FirstTrees(CompiledEnsemble ensemble, int trees)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (trees < 1) throw new ArgumentOutOfRangeException(nameof(trees), trees, "Keep at least one tree.");
        return ensemble.With(ensemble.Outputs.Select(o => o.Subset(Enumerable.Range(0, Math.Min(trees, o.TreeCount)).ToArray())).ToList());
    }

    /// <summary>The <paramref name="trees"/> trees of each ensemble whose mean |output| over <paramref name="rows"/>
    /// (prepared vectors, row-major) is largest, kept in their original order.</summary>
    public static CompiledEnsemble ByContribution(CompiledEnsemble ensemble, int trees, ReadOnlySpan<float> rows)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (trees < 1) throw new ArgumentOutOfRangeException(nameof(trees), trees, "Keep at least one tree.");
        int f = ensemble.FeatureCount, n = rows.Length / f;
        if (n == 0) throw new ArgumentException("No rows to measure the trees' contributions on.", nameof(rows));
        var kept = new List<TreeEnsembleArrays>();
        foreach (var o in ensemble.Outputs)
        {
            var contribution = new double[o.TreeCount];
            for (int r = 0; r < n; r++)
            {
                var x = rows.Slice(r * f, f);
                for (int t = 0; t < o.TreeCount; t++) contribution[t] += Math.Abs(o.Leaf[~o.Descend(o.Roots[t], x)]);
            }
            var best = Enumerable.Range(0, o.TreeCount).OrderByDescending(t => contribution[t]).ThenBy(t => t).Take(trees).Order().ToArray();
            kept.Add(o.Subset(best));
        }
        return ensemble.With(kept);
    }
}
