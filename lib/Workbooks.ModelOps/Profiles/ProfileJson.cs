using System.Text.Json;
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

    public static string Write(DatasetProfile profile, bool indented = true) => JsonText.Write(indented, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("format_version", ProfileBinary.Version);
        if (profile.Window is { } window) w.WriteString("window", window); else w.WriteNull("window");
        w.WriteNumber("rows", profile.Rows);
        w.WriteStartObject("options");
        w.WriteNumber("quantile_k", profile.Options.QuantileK);
        w.WriteNumber("frequent_items_k", profile.Options.FrequentItemsK);
        w.WriteNumber("distinct_precision", profile.Options.DistinctPrecision);
        w.WriteEndObject();
        w.WriteStartArray("columns");
        foreach (var c in profile.Columns) Column(w, c);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Column(Utf8JsonWriter w, ColumnProfile c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        w.WriteString("type", c.Kind == ColumnKind.Numerical ? "numerical" : "categorical");
        w.WriteNumber("rows", c.Rows); w.WriteNumber("missing", c.Missing); w.WriteNumber("invalid", c.Invalid);
        w.WriteNumber("positive_infinity", c.PositiveInfinity); w.WriteNumber("negative_infinity", c.NegativeInfinity);
        w.WriteNumber("distinct_estimate", Math.Round(c.Distinct.Estimate()));
        w.WriteNumber("distinct_relative_error", c.Distinct.RelativeError);
        if (c.Quantiles is { } q)
        {
            JsonText.NumberOrNull(w, "min", c.Min); JsonText.NumberOrNull(w, "max", c.Max);
            JsonText.NumberOrNull(w, "mean", c.Moments.Count == 0 ? double.NaN : c.Moments.Mean);
            JsonText.NumberOrNull(w, "variance", c.Moments.Variance);
            w.WriteStartObject("quantiles");
            w.WriteNumber("rank_error_bound", q.RankErrorBound());
            w.WriteNumber("retained", q.Retained);
            w.WriteStartArray("deciles");
            foreach (var d in Deciles) { if (q.Count == 0) w.WriteNullValue(); else w.WriteNumberValue(q.Quantile(d)); }
            w.WriteEndArray();
            w.WriteEndObject();
            if (c.SmallDomain is { } small)
            {
                w.WriteStartObject("value_counts");
                foreach (var (v, n) in small.OrderBy(p => p.Key)) w.WriteNumber(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture), n);
                w.WriteEndObject();
            }
            if (c.Histogram is { } h)
            {
                w.WriteStartObject("histogram");
                w.WriteStartArray("edges"); foreach (var e in h.Edges) w.WriteNumberValue(e); w.WriteEndArray();
                w.WriteStartArray("counts"); foreach (var n in h.Counts) w.WriteNumberValue(n); w.WriteEndArray();
                w.WriteNumber("below", h.Below); w.WriteNumber("above", h.Above);
                w.WriteEndObject();
            }
        }
        if (c.Items is { } f)
        {
            w.WriteStartObject("frequent_items");
            w.WriteNumber("count_error_bound", f.ErrorBound);
            w.WriteStartObject("counts");
            foreach (var (item, n) in f.Ordered()) w.WriteNumber(item, n);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
