using System.Globalization;
using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Helpers on samples sorted in increasing order: cleaning (NaN out, ±Infinity counted), sorting once,
/// distinct values of the union and merged walks. Every numerical drift test reads the sorted arrays.
/// </summary>
public static class SortedSamples
{
    /// <summary>Drops NaN, counts and drops ±Infinity, and returns the finite values sorted.</summary>
    public static (double[] Sorted, ColumnValueCounts Counts) CleanAndSort(ReadOnlySpan<double> values)
    {
        int missing = 0, pos = 0, neg = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v)) continue;
            if (double.IsNaN(v)) missing++;
            else if (v > 0) pos++;
            else neg++;
        }
        var finite = RadixSort.SortedFinite(values);
        return (finite, new ColumnValueCounts(values.Length, missing, pos, neg));
    }

    /// <summary>Number of distinct values in one sorted sample.</summary>
    public static int CountDistinct(ReadOnlySpan<double> sorted)
    {
        if (sorted.IsEmpty) return 0;
        int d = 1;
        for (int i = 1; i < sorted.Length; i++) if (sorted[i] != sorted[i - 1]) d++;
        return d;
    }

    /// <summary>Number of distinct values in the union of two sorted samples.</summary>
    public static int CountDistinctUnion(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int d = 0;
        MergedRanks.Walk(a, b, (_, _, _) => d++);
        return d;
    }

    /// <summary>Counts of each distinct value of the union of two sorted samples, in increasing order.</summary>
    public static CategoryCounts CountDistinct(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var keys = new List<string>(); var ra = new List<long>(); var cb = new List<long>();
        MergedRanks.Walk(a, b, (g, _, _) =>
        {
            keys.Add(g.Value.ToString("R", CultureInfo.InvariantCulture)); ra.Add(g.FromA); cb.Add(g.FromB);
        });
        return new CategoryCounts(keys, ra.ToArray(), cb.ToArray());
    }

    /// <summary>Number of values &lt;= x in a sorted sample (numpy <c>searchsorted(side="right")</c>).</summary>
    public static int CountAtMost(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Number of values &lt; x in a sorted sample (numpy <c>searchsorted(side="left")</c>).</summary>
    public static int CountBelow(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
