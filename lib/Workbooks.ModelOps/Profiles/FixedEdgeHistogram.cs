namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Exact counts over fixed edges given in advance (typically a reference's bin edges), numpy.histogram's
/// convention: bins [e_i, e_{i+1}), the last one closed; values outside the edges are counted below and above.
/// Merging adds counts, exactly.
/// </summary>
/// <example>
/// <code>
/// var h = new FixedEdgeHistogram([0, 1, 2]);
/// h.Add(0.5); h.Add(2); h.Add(7);
/// Console.WriteLine($"{h.Counts[0]} {h.Counts[1]} {h.Above}");   // 1 1 1
/// </code>
/// </example>
public sealed class FixedEdgeHistogram
{
    public FixedEdgeHistogram(double[] edges)
    {
        if (edges.Length < 2) throw new ArgumentException("a histogram needs at least two edges.");
        for (int i = 1; i < edges.Length; i++)
            if (!(edges[i] > edges[i - 1])) throw new ArgumentException($"histogram edges must increase strictly (edge {i}: {edges[i]} after {edges[i - 1]}).");
        Edges = edges;
        Counts = new long[edges.Length - 1];
    }

    public double[] Edges { get; }
    public long[] Counts { get; }
    public long Below { get; private set; }
    public long Above { get; private set; }

    public void Add(double x)
    {
        if (x < Edges[0]) { Below++; return; }
        if (x > Edges[^1]) { Above++; return; }
        int i = Array.BinarySearch(Edges, x);
        int bin = i >= 0 ? Math.Min(i, Counts.Length - 1) : ~i - 1;
        Counts[bin]++;
    }

    public bool SameEdges(FixedEdgeHistogram other) => Edges.AsSpan().SequenceEqual(other.Edges);

    public void Merge(FixedEdgeHistogram other)
    {
        if (!SameEdges(other)) throw new ArgumentException("cannot merge histograms with different edges.");
        for (int i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
        Below += other.Below; Above += other.Above;
    }

    internal static FixedEdgeHistogram Restore(double[] edges, long[] counts, long below, long above)
    {
        var h = new FixedEdgeHistogram(edges) { Below = below, Above = above };
        counts.CopyTo(h.Counts, 0);
        return h;
    }
}
