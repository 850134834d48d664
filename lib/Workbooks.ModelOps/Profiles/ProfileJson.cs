using System.Globalization;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// A profile as JSON for people and scripts to inspect: per column the counts, moments, min/max, deciles with
/// the KLL rank-error bound, the distinct estimate with its relative error, frequent items with their error
/// bound, and any fixed-edge histogram. Not a storage format: the binary form is the one that merges.
/// </summary>
public static class ProfileJson
{
    private static readonly double[] Deciles = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

    public static string Write(DatasetProfile profile, bool indented = true) => JsonText.Serialize(new ProfileDoc(ProfileBinary.Version, profile.Window, profile.Rows,
        new OptionsJson(profile.Options.QuantileK, profile.Options.FrequentItemsK, profile.Options.DistinctPrecision), profile.Columns.Select(Column).ToList()), indented);

    private static ColumnJson Column(ColumnProfile c)
    {
        var q = c.Quantiles;
        // min to histogram exist for numerical columns only (left out, not null, for categorical ones); NaN where empty is written as null.
        double? Numeric(double v) => q is null ? null : JsonText.Saturate(v);
        return new ColumnJson(c.Name, c.Kind == ColumnKind.Numerical ? "numerical" : "categorical", c.Rows, c.Missing, c.Invalid, c.PositiveInfinity, c.NegativeInfinity,
            Math.Round(c.Distinct.Estimate()), c.Distinct.RelativeError,
            Numeric(c.Min), Numeric(c.Max), Numeric(c.Moments.Count == 0 ? double.NaN : c.Moments.Mean), Numeric(c.Moments.Variance),
            q is null ? null : new QuantilesJson(q.RankErrorBound(), q.Retained, [.. Deciles.Select(d => q.Count == 0 ? (double?)null : q.Quantile(d))]),
            q is not null && c.SmallDomain is { } small ? Ordered(small.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key.ToString("R", CultureInfo.InvariantCulture), p.Value))) : null,
            q is not null && c.Histogram is { } h ? new HistogramJson(h.Edges, h.Counts, h.Below, h.Above) : null,
            c.Items is { } f ? new FrequentItemsJson(f.ErrorBound, Ordered(f.Ordered())) : null);
    }

    private static OrderedDictionary<string, long> Ordered(IEnumerable<KeyValuePair<string, long>> pairs) => new(pairs, StringComparer.Ordinal);

    private sealed record ProfileDoc(int FormatVersion, string? Window, long Rows, OptionsJson Options, IReadOnlyList<ColumnJson> Columns);

    private sealed record OptionsJson(int QuantileK, int FrequentItemsK, int DistinctPrecision);

    private sealed record ColumnJson(string Name, string Type, long Rows, long Missing, long Invalid, long PositiveInfinity, long NegativeInfinity,
        double DistinctEstimate, double DistinctRelativeError,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Variance,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantilesJson? Quantiles,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OrderedDictionary<string, long>? ValueCounts,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HistogramJson? Histogram,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FrequentItemsJson? FrequentItems);

    private sealed record QuantilesJson(double RankErrorBound, int Retained, double?[] Deciles);

    private sealed record HistogramJson(double[] Edges, long[] Counts, long Below, long Above);

    private sealed record FrequentItemsJson(long CountErrorBound, OrderedDictionary<string, long> Counts);
}
