using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// QuickScorer (Lucchese et al., "QuickScorer: a fast algorithm to rank documents with additive ensembles of
/// regression trees", SIGIR 2015) over a <see cref="TreeEnsembleArrays"/>: no tree is walked. Each tree's leaves are
/// numbered left to right and a row starts with every leaf of every tree possible (a 64-bit mask per tree). The splits
/// are kept per feature, sorted by threshold; for each feature the row visits only the splits it fails (x not ≤ the
/// threshold, so it goes right), in order, stopping at the first it passes, and clears the failed split's left-subtree
/// leaves from its tree's mask. The exit leaf of a tree is then the lowest set bit. The work is a few independent
/// loads and ANDs per failed split instead of ~10 dependent loads per tree. Hand-written because no .NET library
/// implements it for ML.NET's trees. Numerical splits and at most 64 leaves a tree; otherwise <see cref="From(TreeEnsembleArrays)"/>
/// gives null and the caller keeps <see cref="FlatForest"/>. The sum adds the trees in order, so it equals
/// <see cref="TreeEnsembleArrays.Output"/> exactly.
/// <para>When it fits in <see cref="BinTableBudgetBytes"/>, the failed splits of each feature are folded ahead of time:
/// a row that fails exactly the first b distinct thresholds of a feature clears the same leaves whatever its value, so
/// the masks after those failures are stored per (feature, b), and a row's work per feature is a binary search for b
/// and one vectorised AND of every tree's mask, instead of one AND per failed split. With few features and many
/// thresholds each (Bike Sharing: 11 numbers, ~170 thresholds each) that is several times fewer operations.</para>
/// </summary>
internal sealed class QuickScorerForest
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Split
    {
        public float Threshold;
        public int Tree;
        public ulong Keep;   // the tree's leaves that stay possible when the row goes right: all but the left subtree's
    }

    private readonly Split[] _splits;       // grouped by feature, ascending threshold within a feature
    private readonly int[] _features;       // the features that have splits
    private readonly int[] _featureStart;   // _splits range of _features[i]: [_featureStart[i], _featureStart[i + 1])
    private readonly double[] _leaf;        // tree t's leaf in position p (left to right) at _leafStart[t] + p
    private readonly int[] _leafStart;
    private readonly float[][]? _binEdges;  // feature i's distinct thresholds, ascending
    private readonly ulong[][]? _binMasks;  // feature i, b = 1..edges: every tree's mask after failing the first b edges, at (b - 1) * trees

    /// <summary>Largest bin table (bytes) built per ensemble by default; past it, rows visit the failed splits one by one.</summary>
    public const long BinTableBudgetBytes = 4L << 20;

    private QuickScorerForest(Split[] splits, int[] features, int[] featureStart, double[] leaf, int[] leafStart, long binTableBudget)
    {
        _splits = splits; _features = features; _featureStart = featureStart; _leaf = leaf; _leafStart = leafStart;
        (_binEdges, _binMasks) = BinTable(binTableBudget);
    }

    /// <summary>Whether rows use the per-feature bin table (see the type's remarks).</summary>
    public bool UsesBinTable => _binMasks is not null;

    private (float[][]?, ulong[][]?) BinTable(long budget)
    {
        int trees = _leafStart.Length;
        var edges = new float[_features.Length][];
        long bytes = 0;
        for (int i = 0; i < _features.Length; i++)
        {
            edges[i] = _splits[_featureStart[i].._featureStart[i + 1]].Select(s => s.Threshold).Distinct().ToArray();
            bytes += 8L * trees * edges[i].Length;
        }
        if (bytes > budget) return (null, null);
        var masks = new ulong[_features.Length][];
        for (int i = 0; i < _features.Length; i++)
        {
            var table = masks[i] = new ulong[edges[i].Length * trees];
            var current = new ulong[trees];
            Array.Fill(current, ulong.MaxValue);
            int s = _featureStart[i];
            for (int b = 0; b < edges[i].Length; b++)
            {
                for (; s < _featureStart[i + 1] && _splits[s].Threshold == edges[i][b]; s++) current[_splits[s].Tree] &= _splits[s].Keep;
                current.CopyTo(table, b * trees);
            }
        }
        return (edges, masks);
    }

    /// <summary>Number of trees (the length of the scratch span <see cref="Output(ReadOnlySpan{float}, Span{ulong})"/> needs).</summary>
    public int TreeCount => _leafStart.Length;

    /// <summary>The QuickScorer form of <paramref name="trees"/>, or null when a split is categorical or a tree has over 64 leaves.</summary>
    public static QuickScorerForest? From(TreeEnsembleArrays trees) => From(trees, BinTableBudgetBytes);

    /// <summary>As <see cref="From(TreeEnsembleArrays)"/>, with the bin table built only when it takes at most <paramref name="binTableBudget"/> bytes.</summary>
    public static QuickScorerForest? From(TreeEnsembleArrays trees, long binTableBudget)
    {
        if (trees.Feature.Any(f => f < 0)) return null;
        int count = trees.TreeCount;
        var leaf = new List<double>();
        var leafStart = new int[count];
        var splits = new List<(int Feature, Split Split)>();
        for (int t = 0; t < count; t++)
        {
            int position = 0;
            leafStart[t] = leaf.Count;
            if (!Number(trees.Roots[t])) return null;

            // Numbers the leaves under `node` left to right from `position`; adds each split with the mask of its left subtree.
            bool Number(int node)
            {
                if (node < 0)
                {
                    if (position == 64) return false;
                    leaf.Add(trees.Leaf[~node]);
                    position++;
                    return true;
                }
                int first = position;
                if (!Number(trees.Left[node])) return false;
                int width = position - first;
                ulong left = (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << first;
                splits.Add((trees.Feature[node], new Split { Threshold = trees.Threshold[node], Tree = t, Keep = ~left }));
                return Number(trees.Right[node]);
            }
        }
        var ordered = splits.OrderBy(s => s.Feature).ThenBy(s => s.Split.Threshold).ToArray();
        var features = ordered.Select(s => s.Feature).Distinct().ToArray();
        var start = new int[features.Length + 1];
        for (int i = 0, s = 0; i < features.Length; i++)
        {
            while (s < ordered.Length && ordered[s].Feature == features[i]) s++;
            start[i + 1] = s;
        }
        return new QuickScorerForest(ordered.Select(s => s.Split).ToArray(), features, start, [.. leaf], leafStart, binTableBudget);
    }

    /// <summary>The sum of the trees' outputs in tree order; <paramref name="masks"/> is scratch of <see cref="TreeCount"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Output(ReadOnlySpan<float> features, Span<ulong> masks)
    {
        var leafStart = _leafStart;
        masks = masks[..leafStart.Length];
        masks.Fill(ulong.MaxValue);
        ref ulong mask = ref MemoryMarshal.GetReference(masks);
        ref Split split = ref MemoryMarshal.GetArrayDataReference(_splits);
        ref float x = ref MemoryMarshal.GetReference(features);
        var featureList = _features; var start = _featureStart;
        if (_binMasks is { } binMasks)
        {
            var binEdges = _binEdges!;
            for (int i = 0; i < featureList.Length; i++)
            {
                float value = Unsafe.Add(ref x, featureList[i]);
                var e = binEdges[i];
                int b = float.IsNaN(value) ? e.Length : CountBelow(e, value);   // NaN fails every split
                if (b > 0) TensorPrimitives.BitwiseAnd(masks, binMasks[i].AsSpan((b - 1) * masks.Length, masks.Length), masks);
            }
        }
        else for (int i = 0; i < featureList.Length; i++)
        {
            float value = Unsafe.Add(ref x, featureList[i]);
            int end = start[i + 1];
            // Ascending thresholds: once value ≤ threshold, every later split of this feature goes left too. NaN fails every split.
            for (int s = start[i]; s < end; s++)
            {
                ref Split node = ref Unsafe.Add(ref split, s);
                if (value <= node.Threshold) break;
                Unsafe.Add(ref mask, node.Tree) &= node.Keep;
            }
        }
        return SumLeaves(masks);
    }

    // The number of edges strictly below value (the splits a row with this value fails: it goes right when not ≤ threshold).
    private static int CountBelow(float[] edges, float value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private double SumLeaves(Span<ulong> masks)
    {
        var leafStart = _leafStart;
        ref ulong mask = ref MemoryMarshal.GetReference(masks);
        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_leaf);
        double sum = 0;
        for (int t = 0; t < masks.Length; t++) sum += Unsafe.Add(ref leaf, leafStart[t] + BitOperations.TrailingZeroCount(Unsafe.Add(ref mask, t)));
        return sum;
    }
}
