using System.Text.Json;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Writes a <see cref="DataDriftReport"/> in the <c>workbooks drift</c> JSON schema:
/// <c>{"dataset_drift", "drift_share", "number_of_drifted_columns", "number_of_tested_columns", "columns": [{"name", "type",
/// "test", "tested", "not_tested_reason"?, "score", "threshold", "drift_detected", "missing_share", "reference": {counts},
/// "current": {counts}, "warnings": [...], "tests": {"&lt;test&gt;": {"statistic", "p_value"}}}]}</c>, counts being
/// <c>rows, missing, infinite, unparseable</c> (+ <c>first_unparseable</c>). <c>drift_share</c> is the dataset threshold;
/// <c>missing_share</c> the current side's; an untested column has a null score. JSON has no infinities:
/// an infinite statistic (chi-square with a category only in current) is written as ±1.7976931348623157E+308.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(DataDriftJson.Write(new DataDriftReport([], 0.5, MultipleTestingCorrection.None, 0, 0), indented: false));
/// // {"dataset_drift":false,"drift_share":0.5,"number_of_drifted_columns":0,"number_of_tested_columns":0,"columns":[]}
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
            w.WriteNumber("number_of_tested_columns", report.NumberOfTestedColumns);
            w.WriteStartArray("columns");
            foreach (var c in report.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("type", c.Kind == ColumnKind.Numerical ? "numerical" : "categorical");
                w.WriteString("test", c.Test);
                w.WriteBoolean("tested", c.Tested);
                if (c.NotTestedReason is { } why) w.WriteString("not_tested_reason", why);
                JsonText.NumberOrNull(w, "score", c.Score);
                JsonText.NumberOrNull(w, "threshold", c.Threshold);
                w.WriteBoolean("drift_detected", c.DriftDetected);
                JsonText.NumberOrNull(w, "missing_share", c.MissingShare);
                Counts(w, "reference", c.Reference);
                Counts(w, "current", c.Current);
                w.WriteStartArray("warnings");
                foreach (var warning in c.Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
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

    private static void Counts(Utf8JsonWriter w, string name, ColumnValueCounts c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("rows", c.Rows);
        w.WriteNumber("missing", c.Missing);
        w.WriteNumber("infinite", c.PositiveInfinity + c.NegativeInfinity);
        w.WriteNumber("unparseable", c.Unparseable);
        if (c.FirstUnparseable is { } u)
        {
            w.WriteStartObject("first_unparseable");
            w.WriteNumber("row", u.FirstRow + 1);
            w.WriteString("value", u.FirstValue);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
