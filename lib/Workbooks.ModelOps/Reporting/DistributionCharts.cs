using System.Globalization;
using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Statistics;
using static Workbooks.ModelOps.Reporting.PlotlyFigure;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Reference vs current distribution of one column: overlaid histograms of shares for a numerical
/// column (the drift tests' Sturges bins over the pooled finite values), grouped bars of
/// shares for a categorical one (the 30 most frequent categories, then "(other)", and "(missing)" when
/// any value is missing). Shares, not counts, so sides of different sizes compare. Values are binned
/// here, so a chart of a million rows stays a few kilobytes.
/// </summary>
/// <example>
/// <code>
/// var chart = DistributionCharts.Compare(reference["temp"], current["temp"]);
/// Console.WriteLine(GenericChart.countTrace(chart));
/// // prints: 2
/// </code>
/// </example>
public static class DistributionCharts
{
    public const int MaxCategories = 30;

    /// <summary>The chart for a column of each side (both numerical or both categorical).</summary>
    public static GenericChart Compare(TableColumn reference, TableColumn current)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        if (reference.Kind != current.Kind)
            throw new ArgumentException($"Column '{reference.Name}' is {reference.Kind.ToString().ToLowerInvariant()} in the reference but '{current.Name}' is {current.Kind.ToString().ToLowerInvariant()} in the current data.");
        return Compare(reference, current, reference.Kind);
    }

    /// <summary>The chart of a column drawn as <paramref name="kind"/> (the kind a drift report compared it as):
    /// text on a numerical side is parsed, numbers on a categorical side become labels.</summary>
    public static GenericChart Compare(TableColumn reference, TableColumn current, ColumnKind kind)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        static double[] Numbers(TableColumn c) => c.Numbers ?? UnparseableValues.Parse(c.Labels!).Numbers;
        return kind == ColumnKind.Numerical
            ? Numerical(reference.Name, Numbers(reference), Numbers(current))
            : Categorical(reference.Name, reference.AsLabels(), current.AsLabels());
    }

    /// <summary>Overlaid histograms of two numerical samples over the drift tests' Sturges bins of the pooled
    /// values (<see cref="Histogram.SturgesEdges"/>); NaN and ±Infinity are left out and counted in the title.</summary>
    public static GenericChart Numerical(string name, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = reference.Where(double.IsFinite).Order().ToArray();
        var c = current.Where(double.IsFinite).Order().ToArray();
        if (r.Length + c.Length == 0) throw new ArgumentException($"Column '{name}' has no finite values on either side to chart.");
        var edges = Histogram.SturgesEdges(r, c);
        var centres = edges.Skip(1).Select((hi, i) => (object)((edges[i] + hi) / 2)).ToArray();
        var widths = edges.Skip(1).Select((hi, i) => hi - edges[i]).ToArray();
        return Chart(
        [
            Bar("reference", centres, Histogram.Shares(Histogram.Counts(r, edges), Math.Max(1, r.Length)), ReferenceColor, widths: widths, opacity: 0.6),
            Bar("current", centres, Histogram.Shares(Histogram.Counts(c, edges), Math.Max(1, c.Length)), CurrentColor, widths: widths, opacity: 0.6),
        ], Title(name, reference.Count - r.Length, current.Count - c.Length, "not finite"), name, "share of rows", barMode: "overlay");
    }

    /// <summary>Grouped bars of category shares of two samples (missing = null).</summary>
    public static GenericChart Categorical(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        var refCounts = Count(reference); var curCounts = Count(current);
        var ordered = refCounts.Keys.Union(curCounts.Keys)
            .OrderByDescending(k => refCounts.GetValueOrDefault(k) + curCounts.GetValueOrDefault(k)).ThenBy(k => k, StringComparer.Ordinal).ToArray();
        var shown = ordered.Take(MaxCategories).ToList();
        var labels = new List<string>(shown);
        if (ordered.Length > MaxCategories) labels.Add("(other)");
        bool anyMissing = reference.Contains(null) || current.Contains(null);
        if (anyMissing) labels.Add("(missing)");
        double[] SharesOf(Dictionary<string, int> counts, IReadOnlyList<string?> values) => labels.Select(l =>
            (l == "(missing)" && anyMissing ? values.Count(v => v is null)
             : l == "(other)" && ordered.Length > MaxCategories ? counts.Where(kv => !shown.Contains(kv.Key)).Sum(kv => kv.Value)
             : counts.GetValueOrDefault(l)) / (double)Math.Max(1, values.Count)).ToArray();
        var x = labels.Select(l => (object)l).ToArray();
        return Chart(
        [
            Bar("reference", x, SharesOf(refCounts, reference), ReferenceColor),
            Bar("current", x, SharesOf(curCounts, current), CurrentColor),
        ], Title(name, 0, 0, ""), name, "share of rows", barMode: "group");
    }

    private static Dictionary<string, int> Count(IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values) if (v is not null) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts;
    }

    private static string Title(string name, int refLeftOut, int curLeftOut, string why) =>
        refLeftOut + curLeftOut == 0 ? $"{name}: reference vs current"
            : string.Create(CultureInfo.InvariantCulture, $"{name}: reference vs current ({refLeftOut} reference and {curLeftOut} current values {why}, left out)");
}
