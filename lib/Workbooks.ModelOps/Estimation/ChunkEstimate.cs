using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// One metric estimated on one chunk: the estimate, its sampling-error band (estimate ± k standard errors),
/// the realized value when labels were given, and the alert band (the reference value ± k standard errors
/// for a chunk of this size) that the estimate is checked against.
/// </summary>
/// <example>
/// <code>
/// var row = ChunkEstimate.Create(new Chunk(0, 0, 100, "[0:100)"), PerformanceMetric.Accuracy, 0.98, 0.01, 0.95, 0.9, 3);
/// Console.WriteLine($"{row.Upper} {row.Alert} {row.RealizedInBand}");
/// // prints: 1 True True
/// </code>
/// </example>
/// <param name="Chunk">The rows the values describe.</param>
/// <param name="Metric">Which metric.</param>
/// <param name="Estimated">The estimate; null when the metric is undefined on the chunk (ROC AUC with one expected class).</param>
/// <param name="StandardError">Sampling standard error for a chunk of this size.</param>
/// <param name="Lower">Lower end of the sampling band, clipped to the metric's range.</param>
/// <param name="Upper">Upper end of the sampling band, clipped to the metric's range.</param>
/// <param name="Realized">The metric computed from labels, when they were given and it is defined.</param>
/// <param name="ReferenceValue">The metric realized on the whole reference set.</param>
/// <param name="AlertLower">Lower alert threshold.</param>
/// <param name="AlertUpper">Upper alert threshold.</param>
public sealed record ChunkEstimate(Chunk Chunk, PerformanceMetric Metric, double? Estimated, double StandardError,
    double? Lower, double? Upper, double? Realized, double ReferenceValue, double AlertLower, double AlertUpper)
{
    /// <summary>True when the estimate left the alert band: performance likely changed beyond sampling noise.</summary>
    public bool Alert => Estimated is { } e && (e < AlertLower || e > AlertUpper);

    /// <summary>Whether the realized value lies inside the sampling band; null without labels.</summary>
    public bool? RealizedInBand => Realized is { } r && Lower is { } lo && Upper is { } hi ? r >= lo && r <= hi : null;

    /// <summary>Builds a row, clipping both bands to [0, 1] for classification metrics and to [0, ∞) for errors.</summary>
    public static ChunkEstimate Create(Chunk chunk, PerformanceMetric metric, double? estimated, double standardError,
        double? realized, double referenceValue, double bandStandardErrors)
    {
        double half = bandStandardErrors * standardError;
        double max = metric is PerformanceMetric.Mae or PerformanceMetric.Rmse ? double.PositiveInfinity : 1.0;
        double Clip(double v) => Math.Clamp(v, 0.0, max);
        return new ChunkEstimate(chunk, metric, estimated, standardError,
            estimated is { } e ? Clip(e - half) : null, estimated is { } e2 ? Clip(e2 + half) : null,
            realized, referenceValue, Clip(referenceValue - half), Clip(referenceValue + half));
    }
}
