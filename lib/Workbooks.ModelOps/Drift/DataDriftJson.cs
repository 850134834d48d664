using System.Text.Json;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Writes a <see cref="DataDriftReport"/> in the <c>workbooks drift</c> JSON schema:
/// <c>{"dataset_drift", "drift_share", "number_of_drifted_columns", "columns": [{"name", "type", "test", "score",
/// "threshold", "drift_detected", "missing_share", "tests": {"&lt;test&gt;": {"statistic", "p_value"}}}]}</c>.
/// <c>drift_share</c> is the dataset threshold; <c>missing_share</c> the current side's. JSON has no infinities:
/// an infinite statistic (chi-square with a category only in current) is written as ±1.7976931348623157E+308.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(DataDriftJson.Write(new DataDriftReport([], 0.5, MultipleTestingCorrection.None, 0, 0), indented: false));
/// // {"dataset_drift":false,"drift_share":0.5,"number_of_drifted_columns":0,"columns":[]}
/// </code>
/// </example>
public static class DataDriftJson
{
    public static string Write(DataDriftReport report, bool indented = true)
    {
        return JsonText.Write(indented, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("dataset_drift", report.DatasetDrift);
            w.WriteNumber("drift_share", report.DriftShare);
            w.WriteNumber("number_of_drifted_columns", report.NumberOfDriftedColumns);
            w.WriteStartArray("columns");
            foreach (var c in report.Columns)
            {
                w.WriteStartObject();
                ColumnHead(w, c.Name, c.Kind, c.Test, c.Score, c.Threshold, c.DriftDetected, c.MissingShare);
                w.WriteStartObject("tests");
                foreach (var (name, t) in c.OtherTests)
                {
                    w.WriteStartObject(name);
                    JsonText.NumberOrNull(w, "statistic", t.Statistic);
                    if (t.PValue is { } p) JsonText.NumberOrNull(w, "p_value", p); else w.WriteNull("p_value");
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The fields every column entry starts with, shared with the approximate (profile) report.</summary>
    internal static void ColumnHead(Utf8JsonWriter w, string name, ColumnKind kind, string test, double score, double threshold, bool drift, double missingShare)
    {
        w.WriteString("name", name);
        w.WriteString("type", kind == ColumnKind.Numerical ? "numerical" : "categorical");
        w.WriteString("test", test);
        JsonText.NumberOrNull(w, "score", score);
        JsonText.NumberOrNull(w, "threshold", threshold);
        w.WriteBoolean("drift_detected", drift);
        JsonText.NumberOrNull(w, "missing_share", missingShare);
    }
}
