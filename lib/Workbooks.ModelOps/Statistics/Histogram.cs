namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Bin edges and counts with numpy's semantics: bins are half-open <c>[e_i, e_{i+1})</c> except the last,
/// which is closed; values outside the edges are not counted.
/// </summary>
public static class Histogram
{
    /// <summary><c>numpy.histogram_bin_edges(pooled, "sturges")</c> of the two sorted samples pooled:
    /// ceil(range / (range / (log2(n) + 1))) equal bins from the minimum to the maximum (a constant sample
    /// gets one bin from value-0.5 to value+0.5), edges as <c>numpy.linspace</c> makes them.</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n = sortedA.Length + sortedB.Length;
        if (n == 0) throw new ArgumentException("Sturges bins need at least one value.");
        double min = Math.Min(sortedA.IsEmpty ? double.PositiveInfinity : sortedA[0], sortedB.IsEmpty ? double.PositiveInfinity : sortedB[0]);
        double max = Math.Max(sortedA.IsEmpty ? double.NegativeInfinity : sortedA[^1], sortedB.IsEmpty ? double.NegativeInfinity : sortedB[^1]);
        double range = max - min;
        double width = range / (Math.Log2(n) + 1.0);
        int bins = 1;
        if (width != 0) bins = (int)Math.Ceiling(range / width);
        else { min -= 0.5; max += 0.5; }
        return Linspace(min, max, bins + 1);
    }

    /// <summary><c>numpy.linspace(start, stop, count)</c> with its rounding: start + i * step, last = stop.</summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        var edges = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) edges[i] = i * step + start;
        edges[^1] = stop;
        return edges;
    }

    /// <summary>Counts of a sorted sample in the bins (numpy.histogram with explicit edges).</summary>
    public static long[] Counts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length - 1];
        int previous = SortedSamples.CountBelow(sorted, edges[0]);
        for (int i = 1; i < edges.Length; i++)
        {
            int upTo = i == edges.Length - 1 ? SortedSamples.CountAtMost(sorted, edges[i]) : SortedSamples.CountBelow(sorted, edges[i]);
            counts[i - 1] = upTo - previous;
            previous = upTo;
        }
        return counts;
    }

    /// <summary>Edges at the reference quantiles k/bins (numpy's default linear interpolation), duplicates
    /// removed, outer edges moved out to the pooled minimum and maximum so every value falls in a bin.</summary>
    public static double[] QuantileEdges(ReadOnlySpan<double> sortedReference, int bins, double pooledMin, double pooledMax)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), "At least one bin is needed.");
        var edges = new List<double>(bins + 1);
        for (int k = 0; k <= bins; k++)
        {
            double q = Quantile(sortedReference, (double)k / bins);
            if (edges.Count == 0 || q > edges[^1]) edges.Add(q);
        }
        edges[0] = Math.Min(edges[0], pooledMin);
        if (edges.Count == 1) edges.Add(Math.Max(edges[0] + 1, pooledMax));
        edges[^1] = Math.Max(edges[^1], pooledMax);
        return edges.ToArray();
    }

    /// <summary>Quantile of a sorted sample with numpy's default ("linear") interpolation.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) throw new ArgumentException("Quantile of an empty sample.");
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        if (lo >= sorted.Length - 1) return sorted[^1];
        double frac = pos - lo;
        return sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac;
    }

    /// <summary>Counts divided by a total (0 shares when the total is 0).</summary>
    public static double[] Shares(ReadOnlySpan<long> counts, long total)
    {
        var shares = new double[counts.Length];
        if (total == 0) return shares;
        for (int i = 0; i < counts.Length; i++) shares[i] = (double)counts[i] / total;
        return shares;
    }

    /// <summary>Evidently's fill of empty bins for PSI and KL: zero shares become 0.0001, or the smallest
    /// non-zero share divided by 10^6 when that share is at most 0.0001. A copy is returned.</summary>
    public static double[] FillEmpty(ReadOnlySpan<double> shares)
    {
        var filled = shares.ToArray();
        double smallest = double.PositiveInfinity;
        foreach (var s in shares) if (s != 0 && s < smallest) smallest = s;
        if (double.IsPositiveInfinity(smallest)) return filled; // all empty: nothing to scale from
        double fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (int i = 0; i < filled.Length; i++) if (filled[i] == 0) filled[i] = fill;
        return filled;
    }
}
