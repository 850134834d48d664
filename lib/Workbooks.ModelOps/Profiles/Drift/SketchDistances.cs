using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>
/// Distances between two KLL sketches' step CDFs. If each sketch's CDF is within ε of the data's at every point
/// (<see cref="KllSketch.RankErrorBound"/>), then |D̂ - D| ≤ ε_ref + ε_cur for the KS statistic (triangle inequality
/// on the supremum), and |Ŵ - W| ≤ (ε_ref + ε_cur)(max - min) for Wasserstein-1 = ∫|F - G| over the pooled range.
/// </summary>
public static class SketchDistances
{
    /// <summary>sup |F̂_ref - F̂_cur| over the pooled retained values (ties counted after all equal values, as the exact KS).</summary>
    public static double Ks(KllSketch reference, KllSketch current)
    {
        var (a, wa) = reference.SortedView(); var (b, wb) = current.SortedView();
        double n1 = reference.Count, n2 = current.Count, d = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            double v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            double diff = Math.Abs((i == 0 ? 0 : wa[i - 1]) / n1 - (j == 0 ? 0 : wb[j - 1]) / n2);
            if (diff > d) d = diff;
        }
        return d;
    }

    /// <summary>∫ |F̂_ref - F̂_cur| dx between the step CDFs.</summary>
    public static double Wasserstein(KllSketch reference, KllSketch current)
    {
        var (a, wa) = reference.SortedView(); var (b, wb) = current.SortedView();
        double n1 = reference.Count, n2 = current.Count, total = 0, prev = double.NaN, fa = 0, fb = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            double v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            if (!double.IsNaN(prev)) total += Math.Abs(fa - fb) * (v - prev);
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            fa = (i == 0 ? 0 : wa[i - 1]) / n1; fb = (j == 0 ? 0 : wb[j - 1]) / n2;
            prev = v;
        }
        return total;
    }

    /// <summary>Estimated share of values strictly below x.</summary>
    public static double Below((double[] Values, long[] Cum) view, long count, double x)
    {
        int i = Array.BinarySearch(view.Values, x);
        if (i < 0) i = ~i; else while (i > 0 && view.Values[i - 1] == x) i--;
        return i == 0 ? 0 : (double)view.Cum[i - 1] / count;
    }

    /// <summary>Sturges edges as <see cref="Histogram.SturgesEdges"/> makes them, from the pooled min, max and count alone.</summary>
    public static double[] SturgesEdges(double min, double max, long n)
    {
        double range = max - min, width = range / (Math.Log2(n) + 1.0);
        int bins = 1;
        if (width != 0) bins = (int)Math.Ceiling(range / width);
        else { min -= 0.5; max += 0.5; }
        return Histogram.Linspace(min, max, bins + 1);
    }

    /// <summary>Shares of each bin [e_i, e_{i+1}) (last closed) estimated from the sketch, each within 2ε.</summary>
    public static ShareInterval[] BinShares(KllSketch sketch, double[] edges, double epsilon)
    {
        var view = sketch.SortedView();
        var shares = new ShareInterval[edges.Length - 1];
        for (int k = 0; k < shares.Length; k++)
        {
            double lo = Below(view, sketch.Count, edges[k]);
            // The last edge is the pooled maximum: nothing lies above it.
            double hi = k == shares.Length - 1 ? 1 : Below(view, sketch.Count, edges[k + 1]);
            shares[k] = ShareInterval.Around(hi - lo, 2 * epsilon);
        }
        return shares;
    }
}
