using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>Whether a test's score is a p-value (drift when below the threshold) or a distance
/// (drift when at or above the threshold).</summary>
public enum DriftScoreKind { PValue, Distance }

/// <summary>
/// What a drift test is, independent of any data: its registry key (Evidently's name), the column kinds
/// it applies to, its default threshold and how its score is read.
/// </summary>
/// <example>
/// <code>
/// var ks = DriftTestRegistry.Get("ks").Descriptor;
/// Console.WriteLine(ks);   // ks: Kolmogorov-Smirnov (p-value &lt; 0.05, numerical)
/// </code>
/// </example>
/// <param name="Name">Registry key, Evidently's stattest name (<c>ks</c>, <c>wasserstein</c>, ...).</param>
/// <param name="DisplayName">Human name shown in reports.</param>
/// <param name="Numerical">Applies to numerical columns.</param>
/// <param name="Categorical">Applies to categorical columns.</param>
/// <param name="DefaultThreshold">Threshold used when the caller gives none.</param>
/// <param name="ScoreKind">p-value or distance.</param>
/// <param name="Method">One sentence on how the statistic and score are computed (binning included).</param>
public sealed record DriftTestDescriptor(
    string Name, string DisplayName, bool Numerical, bool Categorical,
    double DefaultThreshold, DriftScoreKind ScoreKind, string Method)
{
    /// <summary>True when the test may run on a column of this kind.</summary>
    public bool AppliesTo(ColumnKind kind) => kind == ColumnKind.Numerical ? Numerical : Categorical;

    /// <summary>Drift rule of the test: p-value below, or distance at or above, the threshold.</summary>
    public bool IsDrift(double score, double threshold) =>
        ScoreKind == DriftScoreKind.PValue ? score < threshold : score >= threshold;

    public override string ToString()
    {
        var rule = ScoreKind == DriftScoreKind.PValue ? $"p-value < {Fmt(DefaultThreshold)}" : $"distance >= {Fmt(DefaultThreshold)}";
        var kinds = Numerical && Categorical ? "numerical, categorical" : Numerical ? "numerical" : "categorical";
        return $"{Name}: {DisplayName} ({rule}, {kinds})";
    }

    private static string Fmt(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One univariate drift test: a descriptor plus the computation on a prepared pair of columns
/// (missing values removed, numbers sorted once and shared by every test of the column).
/// </summary>
public interface IDriftTest
{
    DriftTestDescriptor Descriptor { get; }

    /// <summary>Runs the test. Never throws for degenerate data (constant, empty side, new category):
    /// the result explains what happened in <see cref="DriftTestResult.Note"/>.</summary>
    DriftTestResult Run(DriftColumnPair pair, double threshold);
}

/// <summary>
/// The outcome of one test on one column.
/// </summary>
/// <param name="Test">Registry key of the test.</param>
/// <param name="Statistic">The test statistic (KS D, chi-square, raw Wasserstein distance, PSI, ...).</param>
/// <param name="PValue">The p-value for p-value tests, null for distances.</param>
/// <param name="Score">What the threshold is compared with: the p-value, or the distance (the normed
/// Wasserstein distance for <c>wasserstein</c>).</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="DriftDetected">The test's verdict.</param>
/// <param name="Note">Why the result is what it is when the data were degenerate, or which exact/asymptotic
/// method was used; null when there is nothing to add.</param>
public sealed record DriftTestResult(
    string Test, double Statistic, double? PValue, double Score, double Threshold, bool DriftDetected, string? Note = null)
{
    /// <summary>Builds a result applying the descriptor's drift rule.</summary>
    public static DriftTestResult From(DriftTestDescriptor d, double statistic, double? pValue, double score, double threshold, string? note = null) =>
        new(d.Name, statistic, pValue, score, threshold, d.IsDrift(score, threshold), note);
}
