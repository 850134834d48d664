using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Least-significant-digit radix sort of finite doubles (11-bit digits, 6 passes). On a million values it is
/// several times faster than a comparison sort, which matters because every numerical column is sorted
/// once per side before the tests. Small arrays use <see cref="Array.Sort(Array)"/>.
/// </summary>
public static class RadixSort
{
    private const int Bits = 11, Buckets = 1 << Bits, Passes = 6, Threshold = 4096;

    /// <summary>Sorts finite values in increasing order, in place (-0.0 before +0.0, as the bit order has it).</summary>
    public static void Sort(double[] values)
    {
        if (values.Length < Threshold) { Array.Sort(values); return; }
        var keys = MemoryMarshal.Cast<double, ulong>(values.AsSpan());
        var buffer = new ulong[values.Length];
        // Map the IEEE bits to an unsigned order: flip all bits of negatives, the sign bit of positives.
        for (int i = 0; i < keys.Length; i++)
        {
            ulong k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? ~k : k | 0x8000_0000_0000_0000UL;
        }
        var counts = new int[Passes * Buckets];
        foreach (var k in keys)
            for (int p = 0; p < Passes; p++) counts[p * Buckets + (int)((k >> (p * Bits)) & (Buckets - 1))]++;
        Span<ulong> src = keys, dst = buffer;
        for (int p = 0; p < Passes; p++)
        {
            var c = counts.AsSpan(p * Buckets, Buckets);
            if (c[(int)((src[0] >> (p * Bits)) & (Buckets - 1))] == src.Length) continue; // all in one bucket
            int sum = 0;
            for (int b = 0; b < Buckets; b++) { int t = c[b]; c[b] = sum; sum += t; }
            int shift = p * Bits;
            foreach (var k in src) dst[c[(int)((k >> shift) & (Buckets - 1))]++] = k;
            var swap = src; src = dst; dst = swap;
        }
        if (src != keys) src.CopyTo(keys);
        for (int i = 0; i < keys.Length; i++)
        {
            ulong k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
        }
    }
}
