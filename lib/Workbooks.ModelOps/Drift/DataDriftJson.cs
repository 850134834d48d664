using System.Text.Json.Serialization;
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
/// // prints: {"dataset_drift":false,"drift_share":0.5,"number_of_drifted_columns":0,"number_of_tested_columns":0,"columns":[]}
/// </code>
/// </example>
public static class DataDriftJson
{
    public static string Write(DataDriftReport report, bool indented = true) => JsonText.Serialize(new ReportJson(report.DatasetDrift, report.DriftShare,
        report.NumberOfDriftedColumns, report.NumberOfTestedColumns, report.Columns.Select(c => new ColumnJson(c.Name, TypeName(c.Kind), c.Test, c.Tested,
            c.NotTestedReason, JsonText.Saturate(c.Score), JsonText.Saturate(c.Threshold), c.DriftDetected, JsonText.Saturate(c.MissingShare),
            Counts(c.Reference), Counts(c.Current), c.Warnings, Tests(c.OtherTests, t => new TestJson(JsonText.Saturate(t.Statistic), JsonText.Saturate(t.PValue))))).ToList()), indented);

    private static CountsJson Counts(ColumnValueCounts c) => new(c.Rows, c.Missing, c.PositiveInfinity + c.NegativeInfinity, c.Unparseable,
        c.FirstUnparseable is { } u ? new FirstUnparseableJson(u.FirstRow + 1, u.FirstValue) : null);

    internal static string TypeName(ColumnKind kind) => kind == ColumnKind.Numerical ? "numerical" : "categorical";

    /// <summary>The column's tests by name, in the order they ran.</summary>
    internal static OrderedDictionary<string, TJson> Tests<T, TJson>(IReadOnlyDictionary<string, T> tests, Func<T, TJson> json)
    {
        var map = new OrderedDictionary<string, TJson>(StringComparer.Ordinal);
        foreach (var (name, t) in tests) map.Add(name, json(t));
        return map;
    }

    private sealed record ReportJson(bool DatasetDrift, double DriftShare, int NumberOfDriftedColumns, int NumberOfTestedColumns, IReadOnlyList<ColumnJson> Columns);

    private sealed record ColumnJson(string Name, string Type, string Test, bool Tested,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NotTestedReason,
        double Score, double Threshold, bool DriftDetected, double MissingShare, CountsJson Reference, CountsJson Current,
        IReadOnlyList<string> Warnings, OrderedDictionary<string, TestJson> Tests);

    private sealed record CountsJson(long Rows, long Missing, long Infinite, long Unparseable,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FirstUnparseableJson? FirstUnparseable);

    private sealed record FirstUnparseableJson(long Row, string Value);

    private sealed record TestJson(double Statistic, double? PValue);
}
