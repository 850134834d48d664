using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// QuickScorer (Lucchese et al., "QuickScorer: a fast algorithm to rank documents with additive ensembles of
/// regression trees", SIGIR 2015) over a model's tree ensembles (one, or one per class): no tree is walked. Each
/// tree's leaves are numbered left to right and a row starts with every leaf of every tree possible (a bit field per
/// tree). The splits are kept per feature, sorted by threshold; for each feature the row visits only the splits it
/// fails (x not ≤ the threshold, so it goes right), in order, stopping at the first it passes, and clears the failed
/// split's left-subtree leaves from its tree's field. The exit leaf of a tree is then the field's lowest set bit. The
/// work is a few independent loads and ANDs per failed split instead of ~10 dependent loads per tree. Hand-written
/// because no .NET library implements it for ML.NET's trees. Numerical splits and at most 64 leaves a tree; otherwise
/// <see cref="From"/> gives null and the caller keeps <see cref="FlatForest"/>. Each output adds its trees in order,
/// so it equals <see cref="TreeEnsembleArrays.Output"/> exactly; the outputs' chains of additions are interleaved.
/// <para>Fields are packed into 64-bit words, as many trees a word as the largest tree allows (three 21-bit fields for
/// ML.NET's default 20-leaf trees, two for 31 leaves): an AND clears bits of any tree it does not mean to touch only
/// where its mask has zeros, and each tree's field is read apart, so packing changes nothing but the bytes moved.</para>
/// <para>When the whole model's table fits in the bin-table budget, the failed splits of each feature are folded
/// ahead of time: a row that fails exactly the first b distinct thresholds of a feature clears the same leaves
/// whatever its value, so the words after those failures are stored per (feature, b), and a row's work per feature is
/// one count of the thresholds below its value (<see cref="SortedEdges"/>, shared by every output) and one vectorised
/// AND per output, instead of one AND per failed split. Each output keeps rows only for its own thresholds (a multiclass
/// model's classes split on different values), reached through a map from the feature's bin to the output's row.</para>
/// </summary>
internal sealed partial class QuickScorerForest
{
    /// <summary>Largest bin table (bytes, the whole model) built by default: the L2 cache of one core on the
    /// development machine is 2 MB, and the table shares it with the leaves. Past it the table's rows come from L3 and
    /// cost more than they save (INSECTS' five tables of one tree a 64-bit word, 3 MB, made its rows 27% slower than
    /// the split-by-split scan; packed three trees a word and stored as distinct vectors they take 0.5 MB).</summary>
    public const long BinTableBudgetBytes = 3L << 19;

    /// <summary>Words per vector group: each output's segment is a whole number of 512-bit vectors of words.</summary>
    private const int Lanes = 8;

    [StructLayout(LayoutKind.Sequential)]
    private struct Split
    {
        public float Threshold;
        public int Word;     // the tree's word in the scratch span
        public ulong Keep;   // all bits but the left subtree's leaves in the tree's field: what stays possible when the row goes right
    }

    private readonly int[] _trees;          // trees per output
    private readonly int[] _firstTree;      // output k's trees are [_firstTree[k], _firstTree[k + 1]) in model order
    private readonly int[] _segment;        // output k's words: [_segment[k], _segment[k + 1]); tree t in word t / TreesPerWord
    private readonly int _bits;             // field width: tree t of an output at bit (t % TreesPerWord) · _bits of its word
    private readonly double[] _leaf;        // tree g's leaf in position p (left to right) at _leafStart[g] + p
    private readonly int[] _leafStart;
    private readonly int[] _features;       // the features that have splits
    private readonly Split[] _splits;       // grouped by feature, ascending threshold within a feature
    private readonly int[] _featureStart;   // _splits range of _features[i]: [_featureStart[i], _featureStart[i + 1])
    private readonly SortedEdges[]? _edges; // feature i's distinct thresholds over every output
    private readonly ushort[]? _rowOf;      // at _rowOfStart[i] + b · vectors + v: which eight-word vector of _table (from _tableStart) is vector v of the words after failing feature i's first b edges (0: all ones)
    private readonly int[]? _rowOfStart;
    private readonly ulong[]? _table;       // pinned; distinct vectors of eight words from _tableStart on, 64-byte aligned
    private readonly int _tableStart;

    private QuickScorerForest(int[] trees, int treesPerWord, double[] leaf, int[] leafStart, List<(int Feature, float Threshold, int Output, int Tree, ulong Left)> splits, long binTableBudget)
    {
        _trees = trees; TreesPerWord = treesPerWord; _bits = 64 / treesPerWord; _leaf = leaf; _leafStart = leafStart;
        _firstTree = new int[trees.Length + 1]; _segment = new int[trees.Length + 1];
        for (int k = 0; k < trees.Length; k++)
        {
            _firstTree[k + 1] = _firstTree[k] + trees[k];
            int words = (trees[k] + treesPerWord - 1) / treesPerWord;
            _segment[k + 1] = _segment[k] + (words + Lanes - 1) / Lanes * Lanes;
        }
        var ordered = splits.OrderBy(s => s.Feature).ThenBy(s => s.Threshold).ToArray();
        _features = ordered.Select(s => s.Feature).Distinct().ToArray();
        _featureStart = new int[_features.Length + 1];
        for (int i = 0, s = 0; i < _features.Length; i++)
        {
            while (s < ordered.Length && ordered[s].Feature == _features[i]) s++;
            _featureStart[i + 1] = s;
        }
        _splits = ordered.Select(s => new Split { Threshold = s.Threshold, Word = Word(s.Output, s.Tree), Keep = Keep(s.Tree, s.Left) }).ToArray();
        var outputOf = ordered.Select(s => s.Output).ToArray();
        (_edges, _rowOf, _rowOfStart, _table, _tableStart) = BinTable(outputOf, binTableBudget);
    }

    /// <summary>Trees sharing one 64-bit word of leaf fields.</summary>
    public int TreesPerWord { get; }
    /// <summary>Whether rows use the bin table (see the type's remarks).</summary>
    public bool UsesBinTable => _table is not null;
    /// <summary>Bytes of the bin table (its distinct vectors and the rows' lists of them); 0 without one.</summary>
    public long BinTableBytes => _table is null ? 0 : 8L * _table.Length + 2L * _rowOf!.Length;
    public int OutputCount => _trees.Length;
    public int TreeCount => _firstTree[^1];

    private int Word(int output, int tree) => _segment[output] + tree / TreesPerWord;
    private ulong Keep(int tree, ulong left) => ~(left << (tree % TreesPerWord * _bits));
    private int SegmentLength(int k) => _segment[k + 1] - _segment[k];

    /// <summary>The QuickScorer form of <paramref name="outputs"/>, or null when a split is categorical or a tree has over 64 leaves.</summary>
    public static QuickScorerForest? From(IReadOnlyList<TreeEnsembleArrays> outputs, long binTableBudget = BinTableBudgetBytes)
    {
        if (outputs.Count == 0 || outputs.Any(o => o.Feature.Any(f => f < 0))) return null;
        var leaf = new List<double>();
        var leafStart = new int[outputs.Sum(o => o.TreeCount)];
        var splits = new List<(int Feature, float Threshold, int Output, int Tree, ulong Left)>();
        int maxLeaves = 1, g = 0;
        for (int k = 0; k < outputs.Count; k++)
        {
            var o = outputs[k];
            for (int t = 0; t < o.TreeCount; t++, g++)
            {
                int position = 0;
                leafStart[g] = leaf.Count;
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
                    splits.Add((o.Feature[node], o.Threshold[node], k, t, (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << first));
                    return Number(o.Right[node]);
                }
            }
        }
        return new QuickScorerForest(outputs.Select(o => o.TreeCount).ToArray(), 64 / maxLeaves, [.. leaf], leafStart, splits, binTableBudget);
    }

    private (SortedEdges[]?, ushort[]?, int[]?, ulong[]?, int) BinTable(int[] outputOf, long budget)
    {
        int outputs = OutputCount;
        var distinct = new float[_features.Length][];
        long rowBytes = 0;
        for (int i = 0; i < _features.Length; i++)
        {
            var range = Enumerable.Range(_featureStart[i], _featureStart[i + 1] - _featureStart[i]);
            distinct[i] = range.Select(s => _splits[s].Threshold).Distinct().ToArray();
            for (int k = 0; k < outputs; k++)
                rowBytes += 8L * range.Where(s => outputOf[s] == k).Select(s => _splits[s].Threshold).Distinct().Count() * SegmentLength(k);
        }
        if (rowBytes > 16 * budget) return (null, null, null, null, 0);   // rows stored whole would be far past it: not worth building
        // A row differs from the one before it (one more threshold failed) only in the vectors of the trees split at that
        // threshold, usually one of an output's five: each distinct vector is stored once, and a row is a list of
        // vector offsets. INSECTS: 1.2 MB of whole rows become 0.34 MB of vectors and 0.14 MB of 16-bit lists.
        int block = _segment[^1] / Lanes;   // vectors of one row over every output
        var vectorOf = new ushort[distinct.Sum(d => d.Length + 1) * block];
        var vectorOfStart = new int[_features.Length];
        var vectors = Enumerable.Repeat(ulong.MaxValue, Lanes).ToList();   // vector 0 is all ones: "no change", no branch
        for (int i = 0; i < _features.Length; i++)
        {
            var edges = distinct[i];
            if (i > 0) vectorOfStart[i] = vectorOfStart[i - 1] + (distinct[i - 1].Length + 1) * block;
            var map = vectorOf.AsSpan(vectorOfStart[i], (edges.Length + 1) * block);
            var current = Enumerable.Repeat(ulong.MaxValue, _segment[^1]).ToArray();
            var latest = new int[block];
            int s = _featureStart[i];
            for (int b = 1; b <= edges.Length; b++)
            {
                var changed = new bool[block];
                for (; s < _featureStart[i + 1] && _splits[s].Threshold == edges[b - 1]; s++)
                {
                    current[_splits[s].Word] &= _splits[s].Keep;
                    changed[_splits[s].Word / Lanes] = true;
                }
                for (int v = 0; v < block; v++)
                {
                    if (changed[v]) { latest[v] = vectors.Count / Lanes; vectors.AddRange(current.AsSpan(v * Lanes, Lanes)); }
                    map[b * block + v] = (ushort)latest[v];
                }
            }
        }
        // The budget allows at most 24,576 vectors, so a vector's number fits 16 bits.
        if (8L * vectors.Count + 2L * vectorOf.Length > budget || vectors.Count / Lanes > ushort.MaxValue) return (null, null, null, null, 0);
        var (table, start) = Aligned(vectors.Count);
        vectors.CopyTo(table, start);
        return (distinct.Select(d => new SortedEdges(d)).ToArray(), vectorOf, vectorOfStart, table, start);
    }

    // Every row starts on a 64-byte line (its length is a multiple of eight words), so each vector load is one cache
    // line: unaligned, a 512-bit load spans two lines, and ANDing the rows cost several times more. Pinned, so the
    // alignment lasts.
    private static unsafe (ulong[] Array, int Start) Aligned(int length)
    {
        var array = GC.AllocateArray<ulong>(length + 8, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (array, (int)((64 - (address & 63)) & 63) / 8);
    }
}
