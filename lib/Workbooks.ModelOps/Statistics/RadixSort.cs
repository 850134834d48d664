using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Least-significant-digit radix sort of finite doubles (11-bit digits, 6 passes, passes whose digit is the
/// same for every value skipped). On a million values it is several times faster than a comparison sort, which
/// matters because every numerical column is sorted once per side before the tests. The first pass also drops
/// non-finite values and builds every digit histogram, the last one writes the doubles back, so a column costs
/// one read plus the scatter passes. Small inputs use <see cref="Array.Sort(Array)"/>.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(" ", RadixSort.SortedFinite([3.5, double.NaN, -1, 0, double.PositiveInfinity, 2])));   // -1 0 2 3.5
/// </code>
/// </example>
public static class RadixSort
{
    private const int Bits = 11, Buckets = 1 << Bits, Passes = 6, Threshold = 4096;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>Sorts finite values in increasing order, in place (-0.0 before +0.0, as the bit order has it).</summary>
    public static void Sort(double[] values)
    {
        if (values.Length < Threshold) { Array.Sort(values); return; }
        var sorted = SortedFinite(values);
        sorted.CopyTo(values, 0);
    }

    /// <summary>The finite values of <paramref name="values"/> (NaN and ±Infinity left out) in increasing order.</summary>
    public static double[] SortedFinite(ReadOnlySpan<double> values)
    {
        int finite = 0;
        foreach (var v in values) if (double.IsFinite(v)) finite++;
        var result = new double[finite];
        if (finite < Threshold)
        {
            int k = 0;
            foreach (var v in values) if (double.IsFinite(v)) result[k++] = v;
            Array.Sort(result);
            return result;
        }
        var keys = new ulong[finite];
        var counts = new int[Passes * Buckets];
        int n = 0;
        // Pass 1: keep finite values, map IEEE bits to an unsigned order (flip all bits of negatives, the sign bit
        // of positives) and count every digit.
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            ulong bits = BitConverter.DoubleToUInt64Bits(v);
            ulong key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            keys[n++] = key;
            for (int p = 0; p < Passes; p++) counts[p * Buckets + (int)((key >> (p * Bits)) & (Buckets - 1))]++;
        }
        var active = new List<int>(Passes);
        for (int p = 0; p < Passes; p++)
            if (counts[p * Buckets + (int)((keys[0] >> (p * Bits)) & (Buckets - 1))] != n) active.Add(p);
        var output = MemoryMarshal.Cast<double, ulong>(result.AsSpan());
        int m = active.Count;
        // Targets alternate so that the last pass lands in the result: counting back from it, output and keys
        // take turns; with an even number of passes the first one needs a spare buffer (its source is keys).
        var spare = m % 2 == 0 && m > 0 ? new ulong[n] : null;
        Span<ulong> src = keys;
        for (int a = 0; a < m; a++)
        {
            int p = active[a], shift = p * Bits;
            Span<ulong> target = a == 0 && spare is not null ? spare : (m - 1 - a) % 2 == 0 ? output : keys;
            var c = counts.AsSpan(p * Buckets, Buckets);
            int sum = 0;
            for (int b = 0; b < Buckets; b++) { int t = c[b]; c[b] = sum; sum += t; }
            if (a == m - 1)
                foreach (var k in src) target[c[(int)((k >> shift) & (Buckets - 1))]++] = Unmap(k);
            else
                foreach (var k in src) target[c[(int)((k >> shift) & (Buckets - 1))]++] = k;
            src = target;
        }
        if (active.Count == 0)
            for (int i = 0; i < n; i++) output[i] = Unmap(keys[i]);
        return result;
    }

    private static ulong Unmap(ulong key) => (key & SignBit) != 0 ? key & ~SignBit : ~key;
}
