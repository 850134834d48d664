using System.Globalization;
using Plotly.NET;
using Workbooks.ModelOps.Data;
using static Workbooks.ModelOps.Reporting.PlotlyFigure;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Reference vs current distribution of one column: overlaid histograms of shares for a numerical
/// column (shared bins over the pooled finite values, Sturges' count, at most 60 bins), grouped bars of
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
    public const int MaxBins = 60;
    public const int MaxCategories = 30;

    /// <summary>The chart for a column of each side (both numerical or both categorical).</summary>
    public static GenericChart Compare(TableColumn reference, TableColumn current)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        if (reference.Kind != current.Kind)
            throw new ArgumentException($"Column '{reference.Name}' is {reference.Kind.ToString().ToLowerInvariant()} in the reference but '{current.Name}' is {current.Kind.ToString().ToLowerInvariant()} in the current data.");
        return reference.Kind == ColumnKind.Numerical
            ? Numerical(reference.Name, reference.Numbers!, current.Numbers!)
            : Categorical(reference.Name, reference.Labels!, current.Labels!);
    }

    /// <summary>Overlaid histograms of two numerical samples; NaN and ±Infinity are left out and counted in the title.</summary>
    public static GenericChart Numerical(string name, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = reference.Where(double.IsFinite).ToArray();
        var c = current.Where(double.IsFinite).ToArray();
        if (r.Length + c.Length == 0) throw new ArgumentException($"Column '{name}' has no finite values on either side to chart.");
        double lo = Math.Min(r.DefaultIfEmpty(double.MaxValue).Min(), c.DefaultIfEmpty(double.MaxValue).Min());
        double hi = Math.Max(r.DefaultIfEmpty(double.MinValue).Max(), c.DefaultIfEmpty(double.MinValue).Max());
        int bins = hi > lo ? Math.Clamp((int)Math.Ceiling(Math.Log2(r.Length + c.Length) + 1), 1, MaxBins) : 1;
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        var centres = Enumerable.Range(0, bins).Select(i => (object)(lo + (i + 0.5) * width)).ToArray();
        var widths = Enumerable.Repeat(width, bins).ToArray();
        return Chart(
        [
            Bar("reference", centres, Shares(r, lo, width, bins), ReferenceColor, widths: widths, opacity: 0.6),
            Bar("current", centres, Shares(c, lo, width, bins), CurrentColor, widths: widths, opacity: 0.6),
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

    private static double[] Shares(double[] values, double lo, double width, int bins)
    {
        var shares = new double[bins];
        if (values.Length == 0) return shares;
        foreach (var v in values) shares[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++; // the top edge closes the last bin
        for (int i = 0; i < bins; i++) shares[i] /= values.Length;
        return shares;
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
