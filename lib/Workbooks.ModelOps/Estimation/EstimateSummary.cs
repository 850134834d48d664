using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Estimation;

/// <summary>One metric of a <see cref="PerformanceEstimate"/> in one line.</summary>
/// <example>
/// <code>
/// var row = new MetricSummary(PerformanceMetric.F1, 10, 2, 0.7, 0.9, 0.02);
/// Console.WriteLine(new EstimateSummary("CBPE", [row]));
/// // prints: f1: 2/10 chunks alerted, realized in band 90%, mean |est - real| 0.0200
/// </code>
/// </example>
/// <param name="Metric">The metric.</param>
/// <param name="Chunks">Chunks estimated.</param>
/// <param name="Alerts">Chunks whose estimate left the alert band.</param>
/// <param name="ReferenceValue">The metric realized on the reference set.</param>
/// <param name="Coverage">Share of labelled chunks whose realized value lies in the band; null without labels.</param>
/// <param name="MeanAbsoluteError">Mean |estimated − realized|; null without labels.</param>
public sealed record MetricSummary(PerformanceMetric Metric, int Chunks, int Alerts, double ReferenceValue, double? Coverage, double? MeanAbsoluteError);

/// <summary>
/// A per-metric overview of an estimate: how many chunks alerted and, when labels were given, how often the
/// band held the realized value. Renders as an HTML table.
/// </summary>
/// <example>
/// <code>
/// var summary = estimate.Summarize();
/// Console.WriteLine(summary.Rows[0].Metric);
/// // prints: Accuracy
/// </code>
/// </example>
public sealed record EstimateSummary(string Method, IReadOnlyList<MetricSummary> Rows) : IHtmlRenderable
{
    public string ToHtml() => PerformanceEstimateHtml.RenderSummary(this);

    public override string ToString() => string.Join("\n", Rows.Select(r =>
        $"{r.Metric.Name()}: {r.Alerts}/{r.Chunks} chunks alerted" + (r.Coverage is { } c ? $", realized in band {FormattableString.Invariant($"{c * 100:0}")}%, mean |est - real| {FormattableString.Invariant($"{r.MeanAbsoluteError:0.0000}")}" : "")));
}
