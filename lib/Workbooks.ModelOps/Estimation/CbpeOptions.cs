namespace Workbooks.ModelOps.Estimation;

/// <summary>Settings of CBPE; the defaults are the ones reports print.</summary>
/// <example>
/// <code>
/// var options = new CbpeOptions { Calibration = CalibrationMode.Never, Metrics = [PerformanceMetric.Accuracy] };
/// Console.WriteLine($"{options.BandStandardErrors} {options.CalibrationBins} {options.CalibrationFolds}");
/// // prints: 3 10 5
/// </code>
/// </example>
public sealed record CbpeOptions
{
    /// <summary>Calibrate the scores when that lowers the held-out ECE (default), always, or never.</summary>
    public CalibrationMode Calibration { get; init; } = CalibrationMode.Auto;
    /// <summary>The metrics to estimate (all six by default).</summary>
    public IReadOnlyList<PerformanceMetric> Metrics { get; init; } = PerformanceMetricNames.Classification;
    /// <summary>Half-width of the sampling and alert bands in standard errors.</summary>
    public double BandStandardErrors { get; init; } = 3.0;
    /// <summary>Equal-width bins of the expected calibration error.</summary>
    public int CalibrationBins { get; init; } = ProbabilityCalibrator.DefaultBins;
    /// <summary>Folds of the cross-fitted calibration check.</summary>
    public int CalibrationFolds { get; init; } = ProbabilityCalibrator.DefaultFolds;
    /// <summary>Seed of the fold assignment, so a decision can be reproduced.</summary>
    public int Seed { get; init; } = 42;

    internal void Validate()
    {
        foreach (var m in Metrics)
            if (m is PerformanceMetric.Mae or PerformanceMetric.Rmse)
                throw new ArgumentException($"CBPE estimates classification metrics; {m.Name()} is a regression metric (use DLE).");
        if (!(BandStandardErrors > 0)) throw new ArgumentOutOfRangeException(nameof(BandStandardErrors), BandStandardErrors, "The band needs a positive width.");
    }
}
