using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A feature's distinct split thresholds, ascending, and how many of them lie strictly below a value (the splits a
/// row with that value fails). Counted without a data-dependent branch: halving steps chosen by a compare turned into a mask
/// down to a window of <see cref="Window"/> thresholds, then one vector compare and a population count. A branchy
/// binary search mispredicts about every other step, and for a tree model's 10-100 thresholds a feature that cost
/// more than the masks it selects. Padded with +∞, which no value is above, so the window never reads past the end.
/// </summary>
internal sealed class SortedEdges
{
    /// <summary>Thresholds one vector compare covers.</summary>
    public const int Window = 16;

    private readonly float[] _padded;

    /// <param name="ascending">Distinct thresholds in ascending order.</param>
    public SortedEdges(float[] ascending)
    {
        Count = ascending.Length;
        _padded = new float[Count + Window];
        ascending.CopyTo(_padded, 0);
        _padded.AsSpan(Count).Fill(float.PositiveInfinity);
    }

    public int Count { get; }

    /// <summary>The thresholds, ascending (without the padding).</summary>
    public ReadOnlySpan<float> Values => _padded.AsSpan(0, Count);

    /// <summary>Thresholds strictly below <paramref name="value"/>; all of them for NaN (ML.NET sends NaN right at every split).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CountBelow(float value)
    {
        if (float.IsNaN(value)) return Count;
        ref float edges = ref MemoryMarshal.GetArrayDataReference(_padded);
        // The answer lies in [start, start + n]; each step keeps the half that holds it.
        int start = 0, n = Count;
        while (n > Window)
        {
            int half = n >> 1;
            start += half & -(Unsafe.Add(ref edges, start + half - 1) < value ? 1 : 0);   // a set-on-compare and a mask: no branch
            n -= half;
        }
        // Every threshold from start + n on is ≥ value, so the window's count below value is the rest of the answer.
        if (Vector512.IsHardwareAccelerated)
            return start + BitCount(Vector512.LessThan(Vector512.LoadUnsafe(ref edges, (nuint)start), Vector512.Create(value)).ExtractMostSignificantBits());
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(value);
            return start + BitCount(Vector256.LessThan(Vector256.LoadUnsafe(ref edges, (nuint)start), v).ExtractMostSignificantBits())
                + BitCount(Vector256.LessThan(Vector256.LoadUnsafe(ref edges, (nuint)start + 8), v).ExtractMostSignificantBits());
        }
        int below = 0;
        for (int i = 0; i < Window; i++) below += Unsafe.Add(ref edges, start + i) < value ? 1 : 0;
        return start + below;
    }

    private static int BitCount(ulong bits) => System.Numerics.BitOperations.PopCount(bits);
}
