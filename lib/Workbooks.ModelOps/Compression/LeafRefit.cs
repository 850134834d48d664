namespace Workbooks.ModelOps.Compression;

/// <summary>Settings of <see cref="LeafRefit.Refit"/>.</summary>
public sealed record LeafRefitOptions
{
    /// <summary>L2 penalty on a leaf's change, in units of the summed hessian (XGBoost's default λ is 1; with squared
    /// error each row adds 1, with log-loss at most a quarter): a leaf few fit rows reach moves little. 10 because the
    /// fit rows are few: on the three compression examples with 500 fit rows, λ = 1 over-fitted Adult's first 25 trees
    /// (accuracy −0.8 points) where 10 did not, and gave up little on INSECTS and Bike Sharing (docs/compression.md).</summary>
    public double L2 { get; init; } = 10;
    /// <summary>Fraction of the Newton step taken (1: the whole step).</summary>
    public double Shrinkage { get; init; } = 1;
}

/// <summary>
/// Re-fits the leaf values of a pruned tree ensemble on labelled rows, keeping every split, so that the trees that
/// are left make up for the ones dropped. Tree by tree in order (all outputs of one boosting round together, as
/// multiclass boosting grows them), each leaf takes a Newton step on the loss of the model's own outputs
/// (<see cref="RawScoreLoss"/>) at the margins the earlier re-fitted trees leave plus its own old value:
/// value += −shrinkage · ΣG / (ΣH + λ) over the rows in the leaf. For squared error that is least squares on the
/// residuals. The step starts from the old value, not from zero, because the fit rows are few (a few hundred held-out
/// rows against the thousands the trees were grown on): a leaf no fit row reaches keeps its value, and λ holds a
/// sparsely reached one near it. No boosting library re-fits a given ML.NET ensemble, hence this code.
/// </summary>
public static class LeafRefit
{
    /// <summary><paramref name="ensemble"/> with its leaves re-fitted on <paramref name="rows"/> (prepared vectors,
    /// row-major) against <paramref name="loss"/>'s labels (one per row).</summary>
    public static CompiledEnsemble Refit(CompiledEnsemble ensemble, ReadOnlySpan<float> rows, RawScoreLoss loss, LeafRefitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble); ArgumentNullException.ThrowIfNull(loss);
        options ??= new LeafRefitOptions();
        if (!(options.L2 >= 0)) throw new ArgumentException($"LeafRefitOptions.L2 must be a number >= 0, not {options.L2}.", nameof(options));
        if (!(options.Shrinkage > 0 && options.Shrinkage <= 1)) throw new ArgumentException($"LeafRefitOptions.Shrinkage must be in (0, 1], not {options.Shrinkage}.", nameof(options));
        int f = ensemble.FeatureCount, k = ensemble.Outputs.Count, n = rows.Length / f;
        if (n == 0) throw new ArgumentException("No rows to re-fit the leaves on.", nameof(rows));
        if (n != loss.Rows || loss.Outputs != k) throw new ArgumentException($"{n} rows and {k} outputs, but the loss has {loss.Rows} labels for {loss.Outputs} outputs.", nameof(loss));

        var leaves = ensemble.Outputs.Select(o => (double[])o.Leaf.Clone()).ToArray();
        var margins = new double[n * k];
        var reached = new int[n * k];                  // the leaf each row reaches in the current round's tree of each output
        var gradient = new double[k]; var hessian = new double[k];
        int rounds = ensemble.Outputs.Max(o => o.TreeCount);
        for (int t = 0; t < rounds; t++)
        {
            var sums = ensemble.Outputs.Select(o => t < o.TreeCount ? new Dictionary<int, (double G, double H)>() : null).ToArray();
            for (int r = 0; r < n; r++)
            {
                var x = rows.Slice(r * f, f);
                var m = margins.AsSpan(r * k, k);
                for (int o = 0; o < k; o++)
                    if (sums[o] is not null) { reached[r * k + o] = ~ensemble.Outputs[o].Descend(ensemble.Outputs[o].Roots[t], x); m[o] += leaves[o][reached[r * k + o]]; }
                loss.Derivatives(r, m, gradient, hessian);
                for (int o = 0; o < k; o++)
                {
                    if (sums[o] is not { } s) continue;
                    int leaf = reached[r * k + o];
                    var (g, h) = s.GetValueOrDefault(leaf);
                    s[leaf] = (g + gradient[o], h + hessian[o]);
                }
            }
            for (int o = 0; o < k; o++)
            {
                if (sums[o] is not { } s) continue;
                foreach (var (leaf, (g, h)) in s) leaves[o][leaf] -= options.Shrinkage * g / (h + options.L2);
                // The margins now carry this round's re-fitted values in place of the old ones.
                for (int r = 0; r < n; r++) { int leaf = reached[r * k + o]; if (s.TryGetValue(leaf, out var gh)) margins[r * k + o] -= options.Shrinkage * gh.G / (gh.H + options.L2); }
            }
        }
        return ensemble.With(ensemble.Outputs.Select((o, i) => new TreeEnsembleArrays(o.Roots, o.Feature, o.Threshold, o.Left, o.Right, leaves[i], o.SetStart, o.SetFeatures)).ToList());
    }
}
