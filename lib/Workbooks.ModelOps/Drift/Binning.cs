using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift;

/// <summary>Reference and current shares over the same bins, before any zero filling, and how the bins
/// were made (reports print <see cref="Description"/>).</summary>
public sealed record BinnedShares(double[] Reference, double[] Current, string Description)
{
    /// <summary>Shares with Evidently's fill of empty bins (for PSI and KL).</summary>
    public (double[] Reference, double[] Current) Filled() => (Histogram.FillEmpty(Reference), Histogram.FillEmpty(Current));
}

/// <summary>
/// The binning of numerical columns for PSI, KL, Jensen-Shannon and Hellinger. Default (Evidently): a column
/// with more than 20 distinct reference values gets Sturges bins over the pooled values
/// (<c>numpy.histogram_bin_edges(pooled, "sturges")</c>, numpy.histogram counting); otherwise one bin per
/// distinct value of either side. Categorical columns always get one bin per category.
/// </summary>
/// <example>
/// <code>
/// var pair = DriftColumnPair.Numerical("x", new double[] { 1, 1, 2 }, new double[] { 2, 2 });
/// Console.WriteLine(string.Join(" ", pair.Shares.Current));   // 0 1
/// </code>
/// </example>
public sealed record BinningSpec(BinningStrategy Strategy, int QuantileBins = 10)
{
    /// <summary>Above this many distinct reference values a numerical column is binned, not counted per value.</summary>
    public const int MaxPerValueBins = 20;

    public static BinningSpec Default { get; } = new(BinningStrategy.Evidently);

    internal BinnedShares Apply(DriftColumnPair pair)
    {
        long rTotal = pair.ReferenceCounts.Valid, cTotal = pair.CurrentCounts.Valid;
        if (pair.Kind == ColumnKind.Numerical)
        {
            var r = pair.ReferenceSorted!; var c = pair.CurrentSorted!;
            if (r.Length + c.Length > 0 && (Strategy == BinningStrategy.ReferenceQuantiles ? r.Length > 0 : SortedSamples.CountDistinct(r) > MaxPerValueBins))
            {
                double[] edges;
                string how;
                if (Strategy == BinningStrategy.ReferenceQuantiles)
                {
                    double min = Math.Min(r[0], c.Length > 0 ? c[0] : r[0]), max = Math.Max(r[^1], c.Length > 0 ? c[^1] : r[^1]);
                    edges = Histogram.QuantileEdges(r, QuantileBins, min, max);
                    how = $"{edges.Length - 1} bins at reference quantiles";
                }
                else
                {
                    edges = Histogram.SturgesEdges(r, c);
                    how = $"{edges.Length - 1} Sturges bins over pooled values [{edges[0]:G6}, {edges[^1]:G6}]";
                }
                return new BinnedShares(Histogram.Shares(Histogram.Counts(r, edges), rTotal), Histogram.Shares(Histogram.Counts(c, edges), cTotal), how);
            }
        }
        var cats = pair.Categories;
        string what = pair.Kind == ColumnKind.Numerical ? "distinct value" : "category";
        return new BinnedShares(Histogram.Shares(cats.Reference, rTotal), Histogram.Shares(cats.Current, cTotal), $"one bin per {what} ({cats.Keys.Count})");
    }
}
