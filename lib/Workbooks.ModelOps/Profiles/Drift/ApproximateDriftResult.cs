using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>
/// A drift test computed from two profiles instead of the raw values: the estimate, and an interval that holds
/// the statistic and the score the exact test would give on the same binning, with probability at least
/// <see cref="Confidence"/> (1 where the bound is deterministic). <see cref="Borderline"/> is true when the
/// threshold lies inside the score interval: the exact test could decide either way.
/// </summary>
/// <param name="Test">Registry key of the test (as the exact <c>drift</c> uses).</param>
/// <param name="Statistic">Estimated statistic.</param>
/// <param name="StatisticLow">Lower end of the statistic's interval.</param>
/// <param name="StatisticHigh">Upper end.</param>
/// <param name="PValue">Estimated p-value for p-value tests.</param>
/// <param name="Score">What the threshold is compared with (p-value or distance).</param>
/// <param name="ScoreLow">Lower end of the score's interval.</param>
/// <param name="ScoreHigh">Upper end.</param>
/// <param name="Threshold">Threshold used.</param>
/// <param name="DriftDetected">Verdict on the estimate.</param>
/// <param name="Borderline">The threshold lies within the score interval.</param>
/// <param name="Confidence">Probability with which the intervals hold.</param>
/// <param name="Method">How the estimate and its bound were made.</param>
public sealed record ApproximateDriftResult(
    string Test, double Statistic, double StatisticLow, double StatisticHigh, double? PValue, double Score, double ScoreLow, double ScoreHigh,
    double Threshold, bool DriftDetected, bool Borderline, double Confidence, string Method)
{
    /// <summary>Always true: the result comes from sketches.</summary>
    public bool Approximate => true;
    /// <summary>Half-width of the statistic interval around the estimate (the larger side).</summary>
    public double StatisticBound => Math.Max(Statistic - StatisticLow, StatisticHigh - Statistic);

    internal static ApproximateDriftResult Make(DriftTestDescriptor d, double stat, (double Low, double High) statRange, double? p,
        double score, (double Low, double High) scoreRange, double threshold, double confidence, string method)
    {
        bool lowDrift = d.IsDrift(scoreRange.Low, threshold), highDrift = d.IsDrift(scoreRange.High, threshold);
        return new(d.Name, stat, Math.Min(stat, statRange.Low), Math.Max(stat, statRange.High), p, score,
            Math.Min(score, scoreRange.Low), Math.Max(score, scoreRange.High), threshold, d.IsDrift(score, threshold), lowDrift != highDrift, confidence, method);
    }
}
