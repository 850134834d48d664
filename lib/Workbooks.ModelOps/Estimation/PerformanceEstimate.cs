using System.Text;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// The result of a performance estimation (CBPE or DLE): one <see cref="ChunkEstimate"/> per chunk and metric,
/// the calibration decisions, and the band width used. Renders as HTML with a chart per metric, and as JSON.
/// </summary>
/// <example>
/// <code>
/// var estimate = BinaryCbpe.Fit(refScores, refPredictions, refLabels).Estimate(scores, predictions, Chunker.BySize(scores.Length, 500));
/// Console.WriteLine(estimate.ToJson().StartsWith("{\"method\":\"CBPE\""));
/// // prints: True
/// </code>
/// </example>
/// <param name="Method">"CBPE" or "DLE".</param>
/// <param name="Problem">"binary", "multiclass" or "regression".</param>
/// <param name="Metrics">The metrics estimated, in report order.</param>
/// <param name="Rows">Chunk-major: every metric of chunk 0, then chunk 1, ...</param>
/// <param name="Calibration">One report per calibrated class (empty for DLE).</param>
/// <param name="BandStandardErrors">Half-width of the bands in standard errors (3 by default).</param>
public sealed record PerformanceEstimate(string Method, string Problem, IReadOnlyList<PerformanceMetric> Metrics,
    IReadOnlyList<ChunkEstimate> Rows, IReadOnlyList<CalibrationReport> Calibration, double BandStandardErrors) : IHtmlRenderable
{
    /// <summary>The rows of one metric, in chunk order.</summary>
    public IReadOnlyList<ChunkEstimate> For(PerformanceMetric metric) => Rows.Where(r => r.Metric == metric).ToList();

    /// <summary>Share of chunks with labels whose realized value lies inside the sampling band; null without labels.</summary>
    public double? Coverage(PerformanceMetric metric)
    {
        var known = For(metric).Where(r => r.RealizedInBand.HasValue).ToList();
        return known.Count == 0 ? null : known.Count(r => r.RealizedInBand == true) / (double)known.Count;
    }

    /// <summary>Mean |estimated − realized| over chunks with both; null without labels.</summary>
    public double? MeanAbsoluteError(PerformanceMetric metric)
    {
        var both = For(metric).Where(r => r.Estimated.HasValue && r.Realized.HasValue).ToList();
        return both.Count == 0 ? null : both.Average(r => Math.Abs(r.Estimated!.Value - r.Realized!.Value));
    }

    /// <summary>Per metric: chunks, alerts, reference value, coverage and mean error.</summary>
    public EstimateSummary Summarize() => new(Method, Metrics.Select(m =>
    {
        var rows = For(m);
        return new MetricSummary(m, rows.Count, rows.Count(r => r.Alert), rows[0].ReferenceValue, Coverage(m), MeanAbsoluteError(m));
    }).ToList());

    /// <summary>The chunks whose estimate raised an alert on any metric.</summary>
    public IReadOnlyList<ChunkEstimate> Alerts => Rows.Where(r => r.Alert).ToList();

    /// <summary>JSON: method, problem, band, calibration decisions, and per chunk its key, rows and each metric's values.</summary>
    public string ToJson(bool indented = false) => PerformanceEstimateJson.Write(this, indented);

    public string ToHtml() => PerformanceEstimateHtml.Render(this);

    public override string ToString()
    {
        var sb = new StringBuilder($"{Method} ({Problem}), {Rows.Select(r => r.Chunk.Index).Distinct().Count()} chunks");
        foreach (var m in Metrics)
        {
            var cov = Coverage(m);
            sb.Append($"; {m.Name()}: {For(m).Count(r => r.Alert)} alerts");
            if (cov is { } c) sb.Append(FormattableString.Invariant($", realized in band {c * 100:0}%"));
        }
        return sb.ToString();
    }
}

internal static class PerformanceEstimateJson
{
    public static string Write(PerformanceEstimate estimate, bool indented) => JsonText.Serialize(new EstimateJson(estimate.Method, estimate.Problem, estimate.BandStandardErrors,
        estimate.Calibration.Select(c => new CalibrationJson(c.ClassName, c.EceBefore, c.EceAfter, c.Calibrated, c.Decision)).ToList(),
        estimate.Rows.GroupBy(r => r.Chunk.Index).Select(chunk =>
        {
            var first = chunk.First().Chunk;
            var metrics = new OrderedDictionary<string, MetricJson>(StringComparer.Ordinal);
            foreach (var r in chunk)
                metrics.Add(r.Metric.Name(), new MetricJson(r.Estimated, r.StandardError, r.Lower, r.Upper, r.Realized, r.ReferenceValue, r.AlertLower, r.AlertUpper, r.Alert));
            return new ChunkJson(first.Index, first.Key, first.Start, first.End, first.PeriodStart, metrics);
        }).ToList()), indented);

    private sealed record EstimateJson(string Method, string Problem, double BandStandardErrors, IReadOnlyList<CalibrationJson> Calibration, IReadOnlyList<ChunkJson> Chunks);

    private sealed record CalibrationJson(string Class, double EceRaw, double EceCalibrated, bool Calibrated, string Decision);

    /// <summary>A time-based chunk also has <c>period_start</c>; a chunk by size leaves it out.</summary>
    private sealed record ChunkJson(int Index, string Key, int Start, int End,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? PeriodStart, OrderedDictionary<string, MetricJson> Metrics);

    /// <summary>Estimated, the band and realized are null where undefined (no estimate, no labels).</summary>
    private sealed record MetricJson(double? Estimated, double StandardError, double? Lower, double? Upper, double? Realized,
        double Reference, double AlertLower, double AlertUpper, bool Alert);
}
