using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workbooks.ModelOps.Compression;

/// <summary>A row through <see cref="QuickScorerForest"/>: the exit leaves (bin table or split scan), then each output's sum.</summary>
internal sealed partial class QuickScorerForest
{
    /// <summary>Each output's sum of its trees' leaves, in tree order, into <paramref name="sums"/> (<see cref="OutputCount"/> values). Allocates nothing.</summary>
    [SkipLocalsInit]
    public unsafe void Output(ReadOnlySpan<float> features, Span<double> sums)
    {
        // The scratch words on the stack, aligned to 64 bytes like the table's rows (see Aligned).
        int bytes = _segment[^1] * 8;
        Span<byte> raw = bytes <= 16384 ? stackalloc byte[bytes + 64] : new byte[bytes + 64];
        int skip = (int)((64 - ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(raw)) & 63)) & 63);
        var words = MemoryMarshal.Cast<byte, ulong>(raw.Slice(skip, bytes));
        Exits(features, words);
        ref ulong word = ref MemoryMarshal.GetReference(words);
        var trees = _trees;
        if (trees.Length == 1)
        {
            sums[0] = Sum(ref word, 0, 0, trees[0]);
            return;
        }
        // Each output's additions stay in tree order (the same bits as the plain walk). Four outputs advance together,
        // each in its own register, so their chains of dependent additions overlap (a lane past the last output
        // repeats it, and is dropped; a last output alone runs by itself, where repeats would only add work).
        for (int k0 = 0; k0 < trees.Length; k0 += 4)
        {
            int last = Math.Min(k0 + 3, trees.Length - 1), k1 = Math.Min(k0 + 1, last), k2 = Math.Min(k0 + 2, last), n = trees[k0];
            if (last == k0 || trees[k1] != n || trees[k2] != n || trees[last] != n)
            {
                for (int k = k0; k <= last; k++) sums[k] = Sum(ref word, _segment[k], _firstTree[k], trees[k]);
                continue;
            }
            ref double leaf = ref MemoryMarshal.GetArrayDataReference(_leaf);
            ref int l0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leafStart), _firstTree[k0]);
            ref int l1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leafStart), _firstTree[k1]);
            ref int l2 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leafStart), _firstTree[k2]);
            ref int l3 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leafStart), _firstTree[last]);
            int w0 = _segment[k0], w1 = _segment[k1], w2 = _segment[k2], w3 = _segment[last], perWord = TreesPerWord, bits = _bits;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int t = 0, w = 0; t < n; w++)
            {
                ulong m0 = Unsafe.Add(ref word, w0 + w), m1 = Unsafe.Add(ref word, w1 + w), m2 = Unsafe.Add(ref word, w2 + w), m3 = Unsafe.Add(ref word, w3 + w);
                for (int shift = 0, j = 0; j < perWord && t < n; j++, t++, shift += bits)
                {
                    s0 += Unsafe.Add(ref leaf, Unsafe.Add(ref l0, t) + Lowest(m0, shift));
                    s1 += Unsafe.Add(ref leaf, Unsafe.Add(ref l1, t) + Lowest(m1, shift));
                    s2 += Unsafe.Add(ref leaf, Unsafe.Add(ref l2, t) + Lowest(m2, shift));
                    s3 += Unsafe.Add(ref leaf, Unsafe.Add(ref l3, t) + Lowest(m3, shift));
                }
            }
            sums[k0] = s0;
            if (k1 > k0) sums[k1] = s1;
            if (k2 > k1) sums[k2] = s2;
            if (last > k2) sums[last] = s3;
        }
    }

    // One output's trees in order: its words from `firstWord`, its trees' leaf offsets from `firstTree`.
    private double Sum(ref ulong word, int firstWord, int firstTree, int count)
    {
        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_leaf);
        ref int leafStart = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_leafStart), firstTree);
        int perWord = TreesPerWord, bits = _bits;
        double sum = 0;
        for (int t = 0, w = firstWord; t < count; w++)
        {
            ulong m = Unsafe.Add(ref word, w);
            for (int shift = 0, j = 0; j < perWord && t < count; j++, t++, shift += bits)
                sum += Unsafe.Add(ref leaf, Unsafe.Add(ref leafStart, t) + Lowest(m, shift));
        }
        return sum;
    }

    // The exit leaf of the tree whose field starts at `shift`: the field's lowest set bit (it always has one; any
    // bits above it belong to other trees and are not reached first).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lowest(ulong word, int shift) => BitOperations.TrailingZeroCount(word >> shift);

    /// <summary>Each tree's exit leaf (its left-to-right position), in model order, into <paramref name="leaves"/> (<see cref="TreeCount"/> values).</summary>
    public void ExitLeaves(ReadOnlySpan<float> features, Span<int> leaves)
    {
        var words = new ulong[_segment[^1]];
        Exits(features, words);
        for (int k = 0, g = 0; k < OutputCount; k++)
            for (int t = 0; t < _trees[k]; t++, g++) leaves[g] = Lowest(words[Word(k, t)], t % TreesPerWord * _bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private void Exits(ReadOnlySpan<float> features, Span<ulong> words)
    {
        ref ulong word = ref MemoryMarshal.GetReference(words);
        ref float x = ref MemoryMarshal.GetReference(features);
        var featureList = _features;
        if (_table is { } table)
        {
            var edges = _edges!; var rowOfStart = _rowOfStart!; var segment = _segment;
            int outputs = segment.Length - 1, count = featureList.Length, block = segment[^1] / Lanes;
            // Where each feature's vectors for this row's value are listed in _rowOf (one entry per vector of words).
            Span<int> listed = count <= 1024 ? stackalloc int[count] : new int[count];
            for (int i = 0; i < count; i++) listed[i] = rowOfStart[i] + edges[i].CountBelow(Unsafe.Add(ref x, featureList[i])) * block;
            ref ulong rows = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), _tableStart);
            ref ushort rowOf = ref MemoryMarshal.GetArrayDataReference(_rowOf!);
            for (int k = 0; k < outputs; k++)
            {
                int from = segment[k], vectors = (segment[k + 1] - from) / Lanes, v = 0;
                for (; v + 4 <= vectors; v += 4) AndFour(ref Unsafe.Add(ref word, from + v * Lanes), ref rows, ref Unsafe.Add(ref rowOf, from / Lanes + v), listed);
                for (; v < vectors; v++) AndOne(ref Unsafe.Add(ref word, from + v * Lanes), ref rows, ref Unsafe.Add(ref rowOf, from / Lanes + v), listed);
            }
            return;
        }
        words.Fill(ulong.MaxValue);
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
                Unsafe.Add(ref word, node.Word) &= node.Keep;
            }
        }
    }

    // Four vectors of an output's words (from `offset` in each of its rows): every feature's row ANDed into registers
    // and the result stored once, one fused load-and-AND per vector and feature. ANDing row by row into memory loaded
    // and stored the words again for every feature (2.5x the instructions; most of a row's time). Without AVX-512 the
    // runtime carries out each 512-bit operation as two 256-bit ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AndFour(ref ulong result, ref ulong vectors, ref ushort vectorOf, ReadOnlySpan<int> listed)
    {
        Vector512<ulong> a0 = Vector512<ulong>.AllBitsSet, a1 = a0, a2 = a0, a3 = a0;
        foreach (int at in listed)
        {
            ref ushort v = ref Unsafe.Add(ref vectorOf, at);
            a0 &= Vector512.LoadUnsafe(ref vectors, (nuint)v * Lanes); a1 &= Vector512.LoadUnsafe(ref vectors, (nuint)Unsafe.Add(ref v, 1) * Lanes);
            a2 &= Vector512.LoadUnsafe(ref vectors, (nuint)Unsafe.Add(ref v, 2) * Lanes); a3 &= Vector512.LoadUnsafe(ref vectors, (nuint)Unsafe.Add(ref v, 3) * Lanes);
        }
        a0.StoreUnsafe(ref result); a1.StoreUnsafe(ref result, Lanes); a2.StoreUnsafe(ref result, 2 * Lanes); a3.StoreUnsafe(ref result, 3 * Lanes);
    }

    // One vector of words, as AndFour (where fewer than four are left).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AndOne(ref ulong result, ref ulong vectors, ref ushort vectorOf, ReadOnlySpan<int> listed)
    {
        var a = Vector512<ulong>.AllBitsSet;
        foreach (int at in listed) a &= Vector512.LoadUnsafe(ref vectors, (nuint)Unsafe.Add(ref vectorOf, at) * Lanes);
        a.StoreUnsafe(ref result);
    }
}
