using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Drift of one column: the chosen test and its verdict, why that test was chosen, data quality of both
/// sides, and (with <see cref="DriftOptions.AllTests"/>) every other applicable test's result.
/// </summary>
/// <example>
/// <code>
/// var r = DataDrift.Compare("x", new double[] { 1, 2, 3, 4, 5, 6, 7 }, new double[] { 11, 12, 13, 14, 15, 16, 17 });
/// Console.WriteLine($"{r.Test} {r.DriftDetected}");   // ks True
/// </code>
/// </example>
/// <param name="Name">Column name.</param>
/// <param name="Kind">Numerical or categorical.</param>
/// <param name="Test">Key of the test that decided (see <see cref="DriftTestRegistry"/>).</param>
/// <param name="Reason">Why this test: the automatic rule that fired, or the override that named it.</param>
/// <param name="Result">The deciding test's result (statistic, p-value, score, threshold, verdict, note).</param>
/// <param name="Reference">Row, missing and infinity counts of the reference side.</param>
/// <param name="Current">Row, missing and infinity counts of the current side.</param>
/// <param name="DistinctValues">Distinct non-missing values over both sides.</param>
/// <param name="OtherTests">Further tests run on the column (every applicable test with
/// <see cref="DriftOptions.AllTests"/>), keyed by name; includes the deciding test.</param>
/// <param name="MissingShareAlert">True when the current missing share exceeds
/// <see cref="DriftOptions.MissingShareThreshold"/>.</param>
/// <param name="Notes">Plain explanations: infinities dropped, constant column, empty side, new categories.</param>
public sealed record ColumnDriftResult(
    string Name, ColumnKind Kind, string Test, string Reason, DriftTestResult Result,
    ColumnValueCounts Reference, ColumnValueCounts Current, int DistinctValues,
    IReadOnlyDictionary<string, DriftTestResult> OtherTests, bool MissingShareAlert, IReadOnlyList<string> Notes)
{
    /// <summary>What the threshold is compared with (p-value or distance).</summary>
    public double Score => Result.Score;
    public double Statistic => Result.Statistic;
    public double? PValue => Result.PValue;
    public double Threshold => Result.Threshold;
    public bool DriftDetected => Result.DriftDetected;
    /// <summary>Missing share of the current side (the one the JSON reports).</summary>
    public double MissingShare => Current.MissingShare;

    /// <summary>Why the column could not be tested (a side without rows or without usable values); null when it
    /// was tested. An untested column is neither drifted nor "no drift": it is left out of the dataset share.</summary>
    public string? NotTestedReason { get; init; }
    public bool Tested => NotTestedReason is null;

    /// <summary>Data-quality warnings: missing, infinite or unparseable values above <see cref="DriftOptions.WarningShare"/>,
    /// samples smaller than <see cref="DriftOptions.SmallSample"/>. Each is one sentence.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
