using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Estimation;

/// <summary>Whether CBPE calibrates the model's scores: decided on held-out reference data, always, or never.</summary>
/// <example>
/// <code>
/// Console.WriteLine(new CbpeOptions().Calibration);
/// // prints: Auto
/// </code>
/// </example>
public enum CalibrationMode { Auto, Always, Never }

/// <summary>
/// What the calibration check found for one class: the expected calibration error of the raw scores and of
/// isotonic-calibrated scores, both measured on reference rows the calibrator did not see (cross-fitting),
/// and the decision taken.
/// </summary>
/// <example>
/// <code>
/// var report = new CalibrationReport("positive class", 0.05, 0.01, true, CalibrationMode.Auto, 10, 5);
/// Console.WriteLine(report.Decision);
/// // prints: positive class: calibrated, because isotonic calibration lowered the held-out ECE from 0.0500 to 0.0100.
/// </code>
/// </example>
public sealed record CalibrationReport(string ClassName, double EceBefore, double EceAfter, bool Calibrated, CalibrationMode Mode, int Bins, int Folds)
{
    /// <summary>One sentence for reports: what was measured and what was decided.</summary>
    public string Decision => Mode switch
    {
        CalibrationMode.Always => FormattableString.Invariant($"{ClassName}: calibrated (mode Always); held-out ECE {EceBefore:0.0000} raw, {EceAfter:0.0000} calibrated."),
        CalibrationMode.Never => FormattableString.Invariant($"{ClassName}: not calibrated (mode Never); held-out ECE {EceBefore:0.0000} raw, {EceAfter:0.0000} calibrated."),
        _ => Calibrated
            ? FormattableString.Invariant($"{ClassName}: calibrated, because isotonic calibration lowered the held-out ECE from {EceBefore:0.0000} to {EceAfter:0.0000}.")
            : FormattableString.Invariant($"{ClassName}: scores used as they are, because isotonic calibration did not lower the held-out ECE ({EceBefore:0.0000} raw, {EceAfter:0.0000} calibrated)."),
    };
}

/// <summary>
/// Turns a model's scores for one class into calibrated probabilities with isotonic regression, when that
/// helps. The check is honest: the reference rows are split into folds, each fold is calibrated by a fit on
/// the others, and the expected calibration error (ECE) of those out-of-fold probabilities is compared
/// with the ECE of the raw scores. The final calibrator is fitted on all reference rows.
/// </summary>
/// <example>
/// <code>
/// var c = ProbabilityCalibrator.Fit([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95],
///                                   [0, 0, 0, 0, 1, 0, 1, 1, 1, 1], CalibrationMode.Always, folds: 2);
/// Console.WriteLine($"{c.Calibrate(0.15)} {c.Calibrate(0.55)}");
/// // prints: 0 0.5
/// </code>
/// </example>
public sealed class ProbabilityCalibrator
{
    /// <summary>Equal-width bins used for the ECE unless told otherwise.</summary>
    public const int DefaultBins = 10;
    /// <summary>Folds of the cross-fitting check.</summary>
    public const int DefaultFolds = 5;

    private readonly IsotonicFit? _fit;

    private ProbabilityCalibrator(IsotonicFit? fit, CalibrationReport report) { _fit = fit; Report = report; }

    public CalibrationReport Report { get; }

    /// <summary>The calibrated probability for a score (the score itself when calibration was not chosen).</summary>
    public double Calibrate(double score) => _fit is null ? score : _fit.Predict(score);

    public double[] Calibrate(ReadOnlySpan<double> scores)
    {
        var result = new double[scores.Length];
        for (int i = 0; i < scores.Length; i++) result[i] = Calibrate(scores[i]);
        return result;
    }

    /// <summary>Checks calibration on the reference scores and labels (1 = this class) and fits the calibrator.</summary>
    public static ProbabilityCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> isPositive, CalibrationMode mode = CalibrationMode.Auto,
        int bins = DefaultBins, int folds = DefaultFolds, int seed = 42, string className = "positive class")
    {
        if (scores.Length != isPositive.Length) throw new ArgumentException($"{scores.Length} scores but {isPositive.Length} labels.");
        ProbabilityChecks.RequireProbabilities(scores, "reference score");
        if (scores.Length < 2 * folds) throw new ArgumentException($"Calibration needs at least {2 * folds} reference rows; got {scores.Length}.");
        var labels = new double[isPositive.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = isPositive[i] != 0 ? 1 : 0;

        double before = ClassificationMetrics.ExpectedCalibrationError(isPositive, scores, bins);
        double after = ClassificationMetrics.ExpectedCalibrationError(isPositive, CrossFitted(scores, labels, folds, seed), bins);
        bool calibrate = mode switch { CalibrationMode.Always => true, CalibrationMode.Never => false, _ => after < before };
        var fit = calibrate ? IsotonicRegression.Fit(scores, labels) : null;
        return new ProbabilityCalibrator(fit, new CalibrationReport(className, before, after, calibrate, mode, bins, folds));
    }

    /// <summary>Each row's probability from an isotonic fit on the other folds (folds drawn by a seeded shuffle).</summary>
    private static double[] CrossFitted(ReadOnlySpan<double> scores, double[] labels, int folds, int seed)
    {
        int n = scores.Length;
        var fold = new int[n];
        for (int i = 0; i < n; i++) fold[i] = i % folds;
        new SeededRandom(seed).Shuffle(fold);
        var result = new double[n];
        var trainX = new List<double>(n);
        var trainY = new List<double>(n);
        for (int f = 0; f < folds; f++)
        {
            trainX.Clear(); trainY.Clear();
            for (int i = 0; i < n; i++)
                if (fold[i] != f) { trainX.Add(scores[i]); trainY.Add(labels[i]); }
            var fit = IsotonicRegression.Fit(trainX.ToArray(), trainY.ToArray());
            for (int i = 0; i < n; i++)
                if (fold[i] == f) result[i] = fit.Predict(scores[i]);
        }
        return result;
    }
}

/// <summary>Argument checks shared by the estimators, with errors that name the offending row.</summary>
internal static class ProbabilityChecks
{
    public static void RequireProbabilities(ReadOnlySpan<double> values, string what)
    {
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new ArgumentException($"Row {i}: {what} is {values[i]}; CBPE needs probabilities in [0, 1] (a missing score cannot be estimated).");
    }
}
