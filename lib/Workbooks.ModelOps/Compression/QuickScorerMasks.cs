using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// <see cref="QuickScorerForest"/> with <typeparamref name="TMask"/> (uint or ulong) leaf masks. The masks of all
/// outputs lie in one scratch span, output k's trees in its own <see cref="QuickScorerForest.Lanes"/>-padded segment, so
/// a bin-table row is ANDed into its segment with whole vectors (the padding lanes are ANDed too, and never read).
/// </summary>
internal sealed class QuickScorerForest<TMask> : QuickScorerForest where TMask : unmanaged, IBinaryInteger<TMask>
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Split
    {
        public float Threshold;
        public int Slot;     // the tree's mask in the scratch span
        public TMask Keep;   // the tree's leaves that stay possible when the row goes right: all but the left subtree's
    }

    private readonly int[] _segment;        // output k's mask slots: [_segment[k], _segment[k + 1])
    private readonly double[] _leaf;        // the leaf in position p (left to right) of the tree in slot s at _leafStart[s] + p
    private readonly int[] _leafStart;
    private readonly int[] _features;       // the features that have splits
    private readonly Split[] _splits;       // grouped by feature, ascending threshold within a feature
    private readonly int[] _featureStart;   // _splits range of _features[i]: [_featureStart[i], _featureStart[i + 1])
    private readonly SortedEdges[]? _edges; // feature i's distinct thresholds over every output
    private readonly int[][]? _rowOf;       // feature i: at b · outputs + k, output k's row in _table[i] after failing the first b edges, or -1 (no change)
    private readonly TMask[][]? _table;     // pinned, each feature's rows from _tableStart[i] on, 64-byte aligned
    private readonly int[]? _tableStart;

    public QuickScorerForest(Layout layout)
    {
        TreesPerOutput = layout.Trees;
        _segment = layout.Segment; _leaf = layout.Leaf; _leafStart = layout.LeafStart;
        var all = layout.Splits;
        _features = all.Select(s => s.Feature).Distinct().ToArray();
        _featureStart = new int[_features.Length + 1];
        for (int i = 0, s = 0; i < _features.Length; i++)
        {
            while (s < all.Length && all[s].Feature == _features[i]) s++;
            _featureStart[i + 1] = s;
        }
        _splits = all.Select(s => new Split { Threshold = s.Threshold, Slot = s.Slot, Keep = TMask.CreateTruncating(s.Keep) }).ToArray();
        (_edges, _rowOf, _table, _tableStart) = BinTable(all, layout.BinTableBudget);
    }

    public override bool UsesBinTable => _table is not null;
    public override int MaskBits => Unsafe.SizeOf<TMask>() * 8;

    private (SortedEdges[]?, int[][]?, TMask[][]?, int[]?) BinTable(TreeSplit[] all, long budget)
    {
        int outputs = OutputCount;
        var distinct = new float[_features.Length][];
        long bytes = 0;
        for (int i = 0; i < _features.Length; i++)
        {
            var splits = all[_featureStart[i].._featureStart[i + 1]];
            distinct[i] = splits.Select(s => s.Threshold).Distinct().ToArray();
            for (int k = 0; k < outputs; k++)
                bytes += (long)splits.Where(s => s.Output == k).Select(s => s.Threshold).Distinct().Count() * SegmentLength(k) * Unsafe.SizeOf<TMask>();
        }
        if (bytes > budget) return (null, null, null, null);
        var rowOf = new int[_features.Length][];
        var table = new TMask[_features.Length][];
        var tableStart = new int[_features.Length];
        for (int i = 0; i < _features.Length; i++)
        {
            var edges = distinct[i];
            var rows = new List<TMask>();
            var map = rowOf[i] = new int[(edges.Length + 1) * outputs];
            map.AsSpan().Fill(-1);
            var current = Enumerable.Range(0, outputs).Select(k => Enumerable.Repeat(TMask.AllBitsSet, SegmentLength(k)).ToArray()).ToArray();
            var row = Enumerable.Repeat(-1, outputs).ToArray();
            int s = _featureStart[i];
            for (int b = 1; b <= edges.Length; b++)
            {
                var changed = new bool[outputs];
                for (; s < _featureStart[i + 1] && all[s].Threshold == edges[b - 1]; s++)
                {
                    int k = all[s].Output;
                    current[k][all[s].Slot - _segment[k]] &= TMask.CreateTruncating(all[s].Keep);
                    changed[k] = true;
                }
                for (int k = 0; k < outputs; k++)
                {
                    if (changed[k]) { row[k] = rows.Count; rows.AddRange(current[k]); }
                    map[b * outputs + k] = row[k];
                }
            }
            (table[i], tableStart[i]) = Aligned(rows.Count);
            rows.CopyTo(table[i], tableStart[i]);
        }
        return (distinct.Select(d => new SortedEdges(d)).ToArray(), rowOf, table, tableStart);
    }

    // Every row starts on a 64-byte line (its length is a multiple of Lanes masks, 64 or 128 bytes), so each vector
    // load is one cache line: unaligned, a 512-bit load spans two lines and the next feature's load of the same masks
    // misses store forwarding, which made the ANDs most of a row's time. Pinned, so the alignment lasts.
    private static unsafe (TMask[] Array, int Start) Aligned(int length)
    {
        int extra = 64 / Unsafe.SizeOf<TMask>();
        var array = GC.AllocateArray<TMask>(length + extra, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (array, (int)((64 - (address & 63)) & 63) / Unsafe.SizeOf<TMask>());
    }

    private int SegmentLength(int k) => _segment[k + 1] - _segment[k];

    [SkipLocalsInit]
    public override unsafe void Output(ReadOnlySpan<float> features, Span<double> sums)
    {
        // The scratch masks on the stack, aligned to 64 bytes like the table's rows (see Aligned).
        int bytes = _segment[^1] * Unsafe.SizeOf<TMask>();
        Span<byte> raw = bytes <= 16384 ? stackalloc byte[bytes + 64] : new byte[bytes + 64];
        int skip = (int)((64 - ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(raw)) & 63)) & 63);
        var masks = MemoryMarshal.Cast<byte, TMask>(raw.Slice(skip, bytes));
        Exits(features, masks);
        var trees = TreesPerOutput;
        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_leaf);
        ref int leafStart = ref MemoryMarshal.GetArrayDataReference(_leafStart);
        ref TMask mask = ref MemoryMarshal.GetReference(masks);
        if (trees.Length == 1)
        {
            sums[0] = Sum(ref leaf, ref leafStart, ref mask, 0, trees[0]);
            return;
        }
        // Each output's additions stay in tree order (the same bits as the plain walk). Four outputs advance together,
        // each in its own register, so their chains of dependent additions overlap (a lane past the last output
        // repeats it, and is dropped).
        for (int k0 = 0; k0 < trees.Length; k0 += 4)
        {
            int last = Math.Min(k0 + 3, trees.Length - 1);
            int o0 = _segment[k0], o1 = _segment[Math.Min(k0 + 1, last)], o2 = _segment[Math.Min(k0 + 2, last)], o3 = _segment[last];
            int n = trees[k0];
            if (trees[Math.Min(k0 + 1, last)] != n || trees[Math.Min(k0 + 2, last)] != n || trees[last] != n)
            {
                for (int k = k0; k <= last; k++) sums[k] = Sum(ref leaf, ref leafStart, ref mask, _segment[k], trees[k]);
                continue;
            }
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int t = 0; t < n; t++)
            {
                s0 += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, o0 + t) + Lowest(Unsafe.Add(ref mask, o0 + t)));
                s1 += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, o1 + t) + Lowest(Unsafe.Add(ref mask, o1 + t)));
                s2 += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, o2 + t) + Lowest(Unsafe.Add(ref mask, o2 + t)));
                s3 += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, o3 + t) + Lowest(Unsafe.Add(ref mask, o3 + t)));
            }
            sums[k0] = s0;
            if (k0 + 1 <= last) sums[k0 + 1] = s1;
            if (k0 + 2 <= last) sums[k0 + 2] = s2;
            if (k0 + 3 <= last) sums[k0 + 3] = s3;
        }
    }

    // One output's trees in order from mask slot `from`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum(ref double leaf, ref int leafStart, ref TMask mask, int from, int count)
    {
        double sum = 0;
        for (int t = from; t < from + count; t++) sum += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, t) + Lowest(Unsafe.Add(ref mask, t)));
        return sum;
    }

    public override void ExitLeaves(ReadOnlySpan<float> features, Span<int> leaves)
    {
        var masks = new TMask[_segment[^1]];
        Exits(features, masks);
        for (int k = 0, i = 0; k < OutputCount; k++)
            for (int t = 0; t < TreesPerOutput[k]; t++) leaves[i++] = Lowest(masks[_segment[k] + t]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lowest(TMask mask) => int.CreateTruncating(TMask.TrailingZeroCount(mask));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Exits(ReadOnlySpan<float> features, Span<TMask> masks)
    {
        masks.Fill(TMask.AllBitsSet);
        ref TMask mask = ref MemoryMarshal.GetReference(masks);
        ref float x = ref MemoryMarshal.GetReference(features);
        var featureList = _features;
        if (_table is { } table)
        {
            var edges = _edges!; var rowOf = _rowOf!; var segment = _segment;
            int outputs = segment.Length - 1;
            for (int i = 0; i < featureList.Length; i++)
            {
                int b = edges[i].CountBelow(Unsafe.Add(ref x, featureList[i]));
                if (b == 0) continue;
                ref int row = ref MemoryMarshal.GetArrayDataReference(rowOf[i]);
                ref TMask rows = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table[i]), _tableStart![i]);
                for (int k = 0; k < outputs; k++)
                {
                    int at = Unsafe.Add(ref row, b * outputs + k);
                    if (at >= 0) And(ref Unsafe.Add(ref mask, segment[k]), ref Unsafe.Add(ref rows, at), segment[k + 1] - segment[k]);
                }
            }
            return;
        }
        ref Split split = ref MemoryMarshal.GetArrayDataReference(_splits);
        var start = _featureStart;
        for (int i = 0; i < featureList.Length; i++)
        {
            float value = Unsafe.Add(ref x, featureList[i]);
            int end = start[i + 1];
            // Ascending thresholds: once value ≤ threshold, every later split of this feature goes left too. NaN fails every split.
            for (int s = start[i]; s < end; s++)
            {
                ref Split node = ref Unsafe.Add(ref split, s);
                if (value <= node.Threshold) break;
                Unsafe.Add(ref mask, node.Slot) &= node.Keep;
            }
        }
    }

    // mask[0..count) &= row[0..count); count is a multiple of Lanes, so whole vectors cover it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void And(ref TMask mask, ref TMask row, int count)
    {
        if (Vector512.IsHardwareAccelerated)
            for (int j = 0; j < count; j += Vector512<TMask>.Count)
                (Vector512.LoadUnsafe(ref mask, (nuint)j) & Vector512.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref mask, (nuint)j);
        else if (Vector256.IsHardwareAccelerated)
            for (int j = 0; j < count; j += Vector256<TMask>.Count)
                (Vector256.LoadUnsafe(ref mask, (nuint)j) & Vector256.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref mask, (nuint)j);
        else
            for (int j = 0; j < count; j++) Unsafe.Add(ref mask, j) &= Unsafe.Add(ref row, j);
    }
}
