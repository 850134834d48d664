using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Result of a data drift run: one <see cref="ColumnDriftResult"/> per column and the dataset verdict
/// (share of drifted columns at least <see cref="DriftShare"/>). Renders as an HTML table in notebooks, and
/// exports to the CLI's JSON schema and to a standalone HTML page.
/// </summary>
/// <example>
/// <code>
/// var report = DataDrift.Compute(reference, current);
/// Console.WriteLine(report);   // 1 of 1 columns drifted (share 1, threshold 0.5): dataset drift
/// </code>
/// </example>
/// <param name="Columns">Per-column results, in the order asked for.</param>
/// <param name="DriftShare">Share of drifted columns from which the dataset counts as drifted.</param>
/// <param name="Correction">Multiple-testing correction applied to p-value tests.</param>
/// <param name="ReferenceRows">Rows of the reference data set.</param>
/// <param name="CurrentRows">Rows of the current data set.</param>
public sealed record DataDriftReport(
    IReadOnlyList<ColumnDriftResult> Columns, double DriftShare, MultipleTestingCorrection Correction, int ReferenceRows, int CurrentRows)
    : IHtmlRenderable
{
    public int NumberOfColumns => Columns.Count;
    public int NumberOfDriftedColumns => Columns.Count(c => c.DriftDetected);
    /// <summary>Columns that could be tested (both sides had usable values).</summary>
    public int NumberOfTestedColumns => Columns.Count(c => c.Tested);
    /// <summary>Drifted columns over tested columns (0 when none could be tested): an untested column counts
    /// neither for nor against drift.</summary>
    public double ShareOfDriftedColumns => NumberOfTestedColumns == 0 ? 0 : (double)NumberOfDriftedColumns / NumberOfTestedColumns;
    /// <summary>True when the share of drifted columns is at least <see cref="DriftShare"/>.</summary>
    public bool DatasetDrift => NumberOfTestedColumns > 0 && ShareOfDriftedColumns >= DriftShare;

    /// <summary>The column result by name, or an error listing the columns.</summary>
    public ColumnDriftResult this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No column '{name}' in the report. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>JSON in the <c>workbooks drift</c> schema.</summary>
    public string ToJson(bool indented = true) => DataDriftJson.Write(this, indented);

    /// <summary>An HTML fragment: verdict line and a table of columns (notebooks render it).</summary>
    public string ToHtml() => DataDriftHtml.Fragment(this);

    /// <summary>A standalone HTML page holding <see cref="ToHtml"/>.</summary>
    public string ToHtmlPage(string title = "Data drift report") => DataDriftHtml.Page(this, title);

    public override string ToString()
    {
        int untested = NumberOfColumns - NumberOfTestedColumns;
        if (NumberOfColumns > 0 && untested == NumberOfColumns) return $"none of the {NumberOfColumns} columns could be tested: no verdict";
        return $"{NumberOfDriftedColumns} of {NumberOfTestedColumns} {(untested > 0 ? "tested " : "")}columns drifted (share {ShareOfDriftedColumns:0.###}, threshold {DriftShare:0.###}): {(DatasetDrift ? "dataset drift" : "no dataset drift")}"
            + (untested > 0 ? $"; {untested} not tested" : "");
    }
}
