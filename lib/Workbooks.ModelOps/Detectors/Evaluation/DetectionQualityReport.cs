using System.Globalization;
using System.Text;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Detectors.Evaluation;

/// <summary>
/// One row of the detection-quality table: one detector on one scenario (all its repetitions pooled).
/// Delays are in values after the change point. <see cref="AverageRunLength"/> is only set on scenarios
/// without change: values per false alarm (null when there was none, i.e. longer than <see cref="Samples"/>).
/// </summary>
public sealed record DetectionQualityRow(
    string Scenario, string Detector, int Streams, long Samples, int Changes, int Detections, int TrueDetections,
    double? MeanDelay, double? MedianDelay, int MissedChanges, double FalseAlarmsPer10k, double? AverageRunLength);

/// <summary>
/// The detection-quality table, with the runs behind it (for charts). Renders as HTML in notebooks and
/// exports to CSV.
/// </summary>
/// <example>
/// <code>
/// var report = DetectionQualityHarness.Run([SyntheticStreams.NoChange(seed: 1)], DetectorSpec.RiverDefaults.Take(1).ToArray());
/// Console.WriteLine(report.ToCsv().Split('\n')[0]);
/// // prints: scenario,detector,streams,samples,changes,detections,true_detections,mean_delay,median_delay,missed_changes,false_alarms_per_10k,average_run_length
/// </code>
/// </example>
public sealed record DetectionQualityReport(IReadOnlyList<DetectionQualityRow> Rows, IReadOnlyList<DetectionRun> Runs) : IHtmlRenderable
{
    /// <summary>The rule for true detections, printed under the table.</summary>
    public const string Rules =
        "A drift flagged at index t is the true detection of a change starting at c when c ≤ t < c + window (the window ends " +
        "early at the next change) and no earlier flag fell in that window; delay = t − c. Every other flag is a false alarm. " +
        "Average run length (no-change streams only): values per false alarm.";

    private static readonly string[] Header =
    [
        "scenario", "detector", "streams", "samples", "changes", "detections", "true_detections", "mean_delay",
        "median_delay", "missed_changes", "false_alarms_per_10k", "average_run_length",
    ];

    /// <summary>The table as CSV (invariant culture, empty cells for undefined values).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder(string.Join(',', Header)).Append('\n');
        foreach (var r in Rows)
            sb.Append(string.Join(',', Cells(r, csv: true))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to a file.</summary>
    public void WriteCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <inheritdoc />
    public string ToHtml() => HtmlTable.Render(
        "Detection quality", Header.Select(h => h.Replace('_', ' ')).ToArray(), Rows.Select(r => Cells(r, csv: false)).ToArray(), Rules);

    private static string[] Cells(DetectionQualityRow r, bool csv)
    {
        string Num(double? v, string format) => v is { } d ? d.ToString(csv ? "R" : format, CultureInfo.InvariantCulture) : "";
        return
        [
            r.Scenario, r.Detector, r.Streams.ToString(CultureInfo.InvariantCulture), r.Samples.ToString(CultureInfo.InvariantCulture),
            r.Changes.ToString(CultureInfo.InvariantCulture), r.Detections.ToString(CultureInfo.InvariantCulture),
            r.TrueDetections.ToString(CultureInfo.InvariantCulture), Num(r.MeanDelay, "0.0"), Num(r.MedianDelay, "0.0"),
            r.MissedChanges.ToString(CultureInfo.InvariantCulture), Num(r.FalseAlarmsPer10k, "0.00"),
            r.AverageRunLength is null && r.Changes == 0 && !csv ? $"> {r.Samples:N0}" : Num(r.AverageRunLength, "N0"),
        ];
    }
}
