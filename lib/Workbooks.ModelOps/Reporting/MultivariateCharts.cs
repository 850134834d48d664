using Plotly.NET;
using Workbooks.ModelOps.Drift.Multivariate;
using static Workbooks.ModelOps.Reporting.PlotlyFigure;

namespace Workbooks.ModelOps.Reporting;

/// <summary>Plotly charts of the multivariate drift results.</summary>
/// <example>
/// <code>
/// GenericChart chart = MultivariateCharts.ReconstructionError(result);   // a notebook cell shows it
/// Console.WriteLine(GenericChart.countTrace(chart));
/// // prints: 5
/// </code>
/// </example>
public static class MultivariateCharts
{
    /// <summary>Horizontal bars: each column's share of the domain classifier's split gain, largest on top.</summary>
    public static GenericChart FeatureImportance(DomainClassifierResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ranked = result.TopFeatures.Reverse().ToArray(); // plotly draws the first category at the bottom
        return Chart([Bar("share of split gain", ranked.Select(f => (object)f.Column), ranked.Select(f => f.Importance), CurrentColor, horizontal: true)],
            $"What separates current from reference (ROC AUC {result.RocAuc:F3})", "share of split gain", "column",
            height: 120 + 28 * ranked.Length);
    }

    /// <summary>Mean reconstruction error per chunk, reference then current, with the band's bounds
    /// and the band's centre; chunks outside the band are drawn in red.</summary>
    public static GenericChart ReconstructionError(PcaReconstructionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = result.ReferenceChunks.Select(c => ("reference " + c.Key, c))
            .Concat(result.CurrentChunks.Select(c => ("current " + c.Key, c))).ToArray();
        var x = all.Select(p => (object)p.Item1).ToArray();
        var refX = x.Take(result.ReferenceChunks.Count);
        var curX = x.Skip(result.ReferenceChunks.Count);
        return Chart(
        [
            Scatter("reference", refX, result.ReferenceChunks.Select(c => c.Error), ReferenceColor,
                markerColors: result.ReferenceChunks.Select(c => c.Alert ? AlertColor : ReferenceColor)),
            Scatter("current", curX, result.CurrentChunks.Select(c => c.Error), CurrentColor,
                markerColors: result.CurrentChunks.Select(c => c.Alert ? AlertColor : CurrentColor)),
            Scatter("upper threshold", x, x.Select(_ => result.UpperThreshold), ThresholdColor, mode: "lines", dash: "dash"),
            Scatter("lower threshold", x, x.Select(_ => result.LowerThreshold), ThresholdColor, mode: "lines", dash: "dash"),
            Scatter("reference mean", x, x.Select(_ => result.ReferenceMean), ThresholdColor, mode: "lines", dash: "dot"),
        ], $"PCA reconstruction error per chunk ({result.Components} components, {result.ExplainedVarianceRatio:P0} of variance)",
           "chunk", "mean reconstruction error");
    }
}
