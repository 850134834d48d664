using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>
/// Reference and current bin shares read off two column profiles, each share an interval, chosen to match the
/// exact path's binning (<see cref="BinningSpec"/>) where the profiles allow: per-value bins from exact per-value
/// counts when the reference has at most 20 distinct values; exact counts over shared fixed edges; else Sturges
/// bins over the pooled range with shares from the KLL sketches (±2ε each, probability 1 - 2δ). Categorical
/// columns: one bin per frequent item and an "other" bucket for the rest, each count within the Misra-Gries bound
/// (the exact test's per-category statistic can exceed one on pooled "other" when the sketch dropped categories).
/// </summary>
public sealed record ProfileBins(ShareInterval[] Reference, ShareInterval[] Current, long ReferenceValid, long CurrentValid, string Description, double Confidence)
{
    public const string Other = "(other)";

    public static ProfileBins For(ColumnProfile r, ColumnProfile c, double delta)
    {
        if (r.Kind == ColumnKind.Categorical) return FromItems(r, c);
        if (r.SmallDomain is { } rs && c.SmallDomain is { } cs && rs.Count <= BinningSpec.MaxPerValueBins)
        {
            var keys = rs.Keys.Union(cs.Keys).Order().ToArray();
            return new(Exact(keys.Select(k => rs.GetValueOrDefault(k)), r.Valid), Exact(keys.Select(k => cs.GetValueOrDefault(k)), c.Valid), r.Valid, c.Valid,
                $"one bin per distinct value ({keys.Length}), exact counts", 1);
        }
        if (r.Histogram is { } rh && c.Histogram is { } ch && rh.SameEdges(ch))
        {
            long[] rc = [rh.Below, .. rh.Counts, rh.Above], cc = [ch.Below, .. ch.Counts, ch.Above];
            return new(Exact(rc, r.Valid), Exact(cc, c.Valid), r.Valid, c.Valid, $"{rh.Counts.Length} fixed bins from the profiles (and below/above), exact counts", 1);
        }
        double e1 = r.Quantiles!.RankErrorBound(delta), e2 = c.Quantiles!.RankErrorBound(delta);
        var edges = SketchDistances.SturgesEdges(Math.Min(r.Min, c.Min), Math.Max(r.Max, c.Max), r.Valid + c.Valid);
        return new(SketchDistances.BinShares(r.Quantiles, edges, e1), SketchDistances.BinShares(c.Quantiles, edges, e2), r.Valid, c.Valid,
            string.Create(CultureInfo.InvariantCulture, $"{edges.Length - 1} Sturges bins over pooled values [{edges[0]:G6}, {edges[^1]:G6}] from KLL sketches (eps {e1:G3}, {e2:G3})"),
            e1 == 0 && e2 == 0 ? 1 : 1 - 2 * delta);
    }

    private static ShareInterval[] Exact(IEnumerable<long> counts, long total) =>
        counts.Select(n => ShareInterval.Exact(total == 0 ? 0 : (double)n / total)).ToArray();

    private static ProfileBins FromItems(ColumnProfile r, ColumnProfile c)
    {
        var (ri, ci) = (r.Items!, c.Items!);
        var keys = ri.Counters.Keys.Union(ci.Counters.Keys).Order(StringComparer.Ordinal).ToList();
        var refShares = Shares(ri, keys, r.Valid, out bool refOther);
        var curShares = Shares(ci, keys, c.Valid, out bool curOther);
        bool other = refOther || curOther;
        if (!other) { refShares.RemoveAt(refShares.Count - 1); curShares.RemoveAt(curShares.Count - 1); }
        string how = other
            ? $"{keys.Count} frequent items and an '{Other}' bucket (count error at most {ri.ErrorBound} reference, {ci.ErrorBound} current)"
            : $"one bin per category ({keys.Count}), exact counts";
        return new([.. refShares], [.. curShares], r.Valid, c.Valid, how, 1);
    }

    // Each kept count lies in [estimate, estimate + bound]; "other" holds what is left, within the same slack.
    private static List<ShareInterval> Shares(FrequentItems items, List<string> keys, long valid, out bool hasOther)
    {
        double n = Math.Max(1, valid), bound = items.ErrorBound;
        var shares = keys.Select(k => { double e = items.Estimate(k); return new ShareInterval(e / n, e / n, Math.Min(1, (e + bound) / n)); }).ToList();
        double kept = keys.Sum(k => (double)items.Estimate(k)), rest = valid - kept;
        hasOther = rest > 0 || bound > 0;
        double slack = Math.Min(rest, bound * keys.Count);
        shares.Add(new ShareInterval(rest / n, Math.Max(0, rest - slack) / n, rest / n));
        return shares;
    }
}
