namespace Workbooks.ModelOps.Compression;

/// <summary>
/// QuickScorer (Lucchese et al., "QuickScorer: a fast algorithm to rank documents with additive ensembles of
/// regression trees", SIGIR 2015) over a model's tree ensembles (one, or one per class): no tree is walked. Each
/// tree's leaves are numbered left to right and a row starts with every leaf of every tree possible (a bit mask per
/// tree: 32 bits when every tree has at most 32 leaves, as ML.NET's default 20- and 31-leaf trees do, else 64). The
/// splits are kept per feature, sorted by threshold; for each feature the row visits only the splits it fails (x not
/// ≤ the threshold, so it goes right), in order, stopping at the first it passes, and clears the failed split's
/// left-subtree leaves from its tree's mask. The exit leaf of a tree is then the lowest set bit. The work is a few
/// independent loads and ANDs per failed split instead of ~10 dependent loads per tree. Hand-written because no .NET
/// library implements it for ML.NET's trees. Numerical splits and at most 64 leaves a tree; otherwise
/// <see cref="From"/> gives null and the caller keeps <see cref="FlatForest"/>. Each output adds its trees in order,
/// so it equals <see cref="TreeEnsembleArrays.Output"/> exactly; the outputs' chains of additions are interleaved.
/// <para>When the whole model's table fits in the bin-table budget, the failed splits of each feature are folded
/// ahead of time: a row that fails exactly the first b distinct thresholds of a feature clears the same leaves
/// whatever its value, so the masks after those failures are stored per (feature, b), and a row's work per feature is
/// one count of the thresholds below its value (<see cref="SortedEdges"/>, shared by every output) and one vectorised
/// AND per output, instead of one AND per failed split. Each output keeps rows only for its own thresholds (a multiclass
/// model's classes split on different values), reached through a map from the feature's bin to the output's row.</para>
/// </summary>
internal abstract class QuickScorerForest
{
    /// <summary>Largest bin table (bytes, the whole model) built by default: the L2 cache of one core on the
    /// development machine (2 MB). Past it the table's rows come from L3 and cost more than they save (INSECTS'
    /// five 64-bit tables, 3 MB, made its rows 27% slower than the split-by-split scan).</summary>
    public const long BinTableBudgetBytes = 2L << 20;

    /// <summary>Mask lanes per output segment: a multiple of every vector width, so the ANDs need no scalar tail.</summary>
    protected const int Lanes = 16;

    /// <summary>Whether rows use the bin table (see the type's remarks).</summary>
    public abstract bool UsesBinTable { get; }
    /// <summary>Bits per tree mask (32 or 64).</summary>
    public abstract int MaskBits { get; }
    public int OutputCount => TreesPerOutput.Length;
    public int TreeCount => TreesPerOutput.Sum();
    protected int[] TreesPerOutput { get; init; } = [];

    /// <summary>Each output's sum of its trees' leaves, in tree order, into <paramref name="sums"/> (<see cref="OutputCount"/> values).</summary>
    public abstract void Output(ReadOnlySpan<float> features, Span<double> sums);

    /// <summary>Each tree's exit leaf (its left-to-right position), outputs one after another, into <paramref name="leaves"/> (<see cref="TreeCount"/> values).</summary>
    public abstract void ExitLeaves(ReadOnlySpan<float> features, Span<int> leaves);

    /// <summary>The QuickScorer form of <paramref name="outputs"/>, or null when a split is categorical or a tree has over 64 leaves.</summary>
    public static QuickScorerForest? From(IReadOnlyList<TreeEnsembleArrays> outputs, long binTableBudget = BinTableBudgetBytes)
    {
        if (outputs.Count == 0 || outputs.Any(o => o.Feature.Any(f => f < 0))) return null;
        var trees = outputs.Select(o => o.TreeCount).ToArray();
        var segment = new int[outputs.Count + 1];
        for (int k = 0; k < outputs.Count; k++) segment[k + 1] = segment[k] + (trees[k] + Lanes - 1) / Lanes * Lanes;
        var leaf = new List<double>();
        var leafStart = new int[segment[^1]];
        var splits = new List<TreeSplit>();
        int maxLeaves = 1;
        for (int k = 0; k < outputs.Count; k++)
        {
            var o = outputs[k];
            for (int t = 0; t < o.TreeCount; t++)
            {
                int position = 0, slot = segment[k] + t;
                leafStart[slot] = leaf.Count;
                if (!Number(o.Roots[t])) return null;
                maxLeaves = Math.Max(maxLeaves, position);

                // Numbers the leaves under `node` left to right from `position`; adds each split with the mask of its left subtree.
                bool Number(int node)
                {
                    if (node < 0)
                    {
                        if (position == 64) return false;
                        leaf.Add(o.Leaf[~node]);
                        position++;
                        return true;
                    }
                    int first = position;
                    if (!Number(o.Left[node])) return false;
                    int width = position - first;
                    ulong left = (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << first;
                    splits.Add(new TreeSplit(o.Feature[node], o.Threshold[node], k, slot, ~left));
                    return Number(o.Right[node]);
                }
            }
        }
        var layout = new Layout(trees, segment, [.. leaf], leafStart,
            [.. splits.OrderBy(s => s.Feature).ThenBy(s => s.Threshold)], binTableBudget);
        return maxLeaves <= 32 ? new QuickScorerForest<uint>(layout) : new QuickScorerForest<ulong>(layout);
    }

    /// <summary>One split: its feature and threshold, its output, its tree's mask slot, and the leaves it keeps when the row goes right.</summary>
    internal readonly record struct TreeSplit(int Feature, float Threshold, int Output, int Slot, ulong Keep);

    /// <summary>What every mask width is built from: trees per output, each output's segment of mask slots
    /// (<see cref="Lanes"/>-padded), leaves, and the splits ordered by feature, then threshold.</summary>
    internal sealed record Layout(int[] Trees, int[] Segment, double[] Leaf, int[] LeafStart, TreeSplit[] Splits, long BinTableBudget);
}
