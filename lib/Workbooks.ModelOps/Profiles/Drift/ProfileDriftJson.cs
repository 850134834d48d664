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
    public static string Write(ProfileDriftReport report, bool indented = true) => JsonText.Serialize(new ReportJson(true, report.DatasetDrift, report.DriftShare,
        report.NumberOfDriftedColumns, report.NumberOfBorderlineColumns, report.Columns.Select(c => new ColumnJson(c.Name, DataDriftJson.TypeName(c.Kind), c.Test, true,
            JsonText.Saturate(c.Result.Score), JsonText.Saturate(c.Result.Threshold), c.DriftDetected, JsonText.Saturate(c.MissingShare), true, c.Result.Borderline,
            Pair(c.Result.ScoreLow, c.Result.ScoreHigh), DataDriftJson.Tests(c.OtherTests, t => new TestJson(JsonText.Saturate(t.Statistic), JsonText.Saturate(t.PValue),
                Pair(t.StatisticLow, t.StatisticHigh), Pair(t.ScoreLow, t.ScoreHigh), t.Borderline, t.Confidence, t.Method)))).ToList()), indented);

    /// <summary>An interval's ends, always numbers: +infinity as double.MaxValue, anything else not finite as double.MinValue.</summary>
    private static double[] Pair(double low, double high) =>
        [.. new[] { low, high }.Select(v => double.IsFinite(v) ? v : double.IsPositiveInfinity(v) ? double.MaxValue : double.MinValue)];

    private sealed record ReportJson(bool Approximate, bool DatasetDrift, double DriftShare, int NumberOfDriftedColumns, int NumberOfBorderlineColumns,
        IReadOnlyList<ColumnJson> Columns);

    // The head (name to missing_share) is the exact report's column head (DataDriftJson), then the intervals.
    private sealed record ColumnJson(string Name, string Type, string Test, bool Tested, double Score, double Threshold, bool DriftDetected, double MissingShare,
        bool Approximate, bool Borderline, double[] ScoreBounds, OrderedDictionary<string, TestJson> Tests);

    private sealed record TestJson(double Statistic, double? PValue, double[] StatisticBounds, double[] ScoreBounds, bool Borderline, double Confidence, string Method);
}
