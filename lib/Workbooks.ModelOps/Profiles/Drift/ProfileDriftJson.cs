using System.Text.Json;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>
/// The <c>workbooks drift</c> JSON schema (<see cref="Workbooks.ModelOps.Drift.DataDriftJson"/>) for results computed
/// from profiles, plus <c>approximate: true</c> at the top and per column and per test the statistic and score
/// intervals (<c>statistic_bounds</c>, <c>score_bounds</c>), <c>borderline</c> and <c>confidence</c>.
/// </summary>
public static class ProfileDriftJson
{
    public static string Write(ProfileDriftReport report, bool indented = true) => JsonText.Write(indented, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("approximate", true);
        w.WriteBoolean("dataset_drift", report.DatasetDrift);
        w.WriteNumber("drift_share", report.DriftShare);
        w.WriteNumber("number_of_drifted_columns", report.NumberOfDriftedColumns);
        w.WriteNumber("number_of_borderline_columns", report.NumberOfBorderlineColumns);
        w.WriteStartArray("columns");
        foreach (var c in report.Columns)
        {
            w.WriteStartObject();
            DataDriftJson.ColumnHead(w, c.Name, c.Kind, c.Test, c.Result.Score, c.Result.Threshold, c.DriftDetected, c.MissingShare);
            w.WriteBoolean("approximate", true);
            w.WriteBoolean("borderline", c.Result.Borderline);
            Pair(w, "score_bounds", c.Result.ScoreLow, c.Result.ScoreHigh);
            w.WriteStartObject("tests");
            foreach (var (name, t) in c.OtherTests)
            {
                w.WriteStartObject(name);
                JsonText.NumberOrNull(w, "statistic", t.Statistic);
                if (t.PValue is { } p) JsonText.NumberOrNull(w, "p_value", p); else w.WriteNull("p_value");
                Pair(w, "statistic_bounds", t.StatisticLow, t.StatisticHigh);
                Pair(w, "score_bounds", t.ScoreLow, t.ScoreHigh);
                w.WriteBoolean("borderline", t.Borderline);
                w.WriteNumber("confidence", t.Confidence);
                w.WriteString("method", t.Method);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Pair(Utf8JsonWriter w, string name, double low, double high)
    {
        w.WriteStartArray(name);
        foreach (var v in new[] { low, high })
            if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNumberValue(double.IsPositiveInfinity(v) ? double.MaxValue : double.MinValue);
        w.WriteEndArray();
    }
}
