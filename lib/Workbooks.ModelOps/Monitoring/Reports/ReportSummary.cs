using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>One section's line in summary.json.</summary>
public sealed record SectionSummary(string Key, string Title, ReportStatus Status, string Reason);

/// <summary>
/// summary.json, the machine-readable result of one monitoring report: period, model version, overall status,
/// headline, status per section and the key figures (null where undefined). The schema is documented in
/// docs/monitoring-reports.md and named by the <c>schema</c> field; <see cref="Load"/> reads what <see cref="Write"/> wrote.
/// </summary>
public sealed record ReportSummary(
    string Model, string? ModelVersion, IReadOnlyList<string> Versions, string Log,
    DateTime Start, DateTime End, DateTime CompareStart, DateTime CompareEnd,
    ReportStatus Status, string Headline, IReadOnlyList<string> NextSteps, string QualityMetric,
    IReadOnlyList<SectionSummary> Sections, IReadOnlyDictionary<string, double?> Figures, DateTime GeneratedAt)
{
    public const string FileName = "summary.json";
    public const string SchemaName = "workbooks/monitoring-report-summary/1";

    /// <summary>A section's status by key; null when the summary has no such section.</summary>
    public ReportStatus? StatusOf(string key) => Sections.FirstOrDefault(s => s.Key == key)?.Status;

    /// <summary>A key figure; null when missing or undefined.</summary>
    public double? Figure(string name) => Figures.TryGetValue(name, out var v) ? v : null;

    internal static ReportSummary Of(MonitoringReport r)
    {
        var figures = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var s in r.Sections)
            foreach (var (k, v) in s.Figures) figures[k] = v is { } x && double.IsFinite(x) ? x : null;
        return new ReportSummary(r.Model, r.ServingVersion, r.Versions, r.Log, r.Start, r.End, r.CompareStart, r.CompareEnd, r.Status, r.Headline, r.NextSteps,
            r.QualityMetric, r.Sections.Select(s => new SectionSummary(s.Key, s.Title, s.Status, s.Reason)).ToList(), figures, DateTime.UtcNow);
    }

    public string ToJson() => JsonText.Serialize(new SummaryJson(SchemaName, Second(GeneratedAt), Model, ModelVersion, Versions, Log,
        new PeriodJson(Second(Start), Second(End)), new PeriodJson(Second(CompareStart), Second(CompareEnd)), Status, Headline, NextSteps, QualityMetric,
        Sections.Select(s => new SectionJson(s.Key, s.Title, s.Status, s.Reason)).ToList(), Figures), indented: true);

    /// <summary>Writes the JSON to <paramref name="path"/> through a temporary file (never half-written); returns the path.</summary>
    public string Write(string path)
    {
        var full = Path.GetFullPath(path);
        AtomicFile.WriteAllText(full, ToJson());
        return full;
    }

    /// <summary>Reads a summary.json; a file that is not one is an <see cref="InvalidDataException"/> naming the file and field.</summary>
    public static ReportSummary Load(string path)
    {
        var json = File.ReadAllText(path);
        // The schema name first: another tool's summary.json should be told apart, not reported as missing our fields.
        var schema = JsonText.Deserialize<SchemaJson>(json, path).Schema;
        if (schema != SchemaName) throw new InvalidDataException($"{path}: schema '{schema}' is not {SchemaName}; is this a monitoring report's {FileName}?");
        var j = JsonText.Deserialize<SummaryJson>(json, path);
        return new ReportSummary(j.Model, j.ModelVersion, j.Versions, j.Log, j.Period.Start, j.Period.End, j.Comparison.Start, j.Comparison.End,
            j.Status, j.Headline, j.NextSteps, j.QualityMetric, j.Sections.Select(s => new SectionSummary(s.Key, s.Title, s.Status, s.Reason)).ToList(),
            j.Figures, j.GeneratedAt);
    }

    /// <summary>Times are written in UTC to the second (<c>2026-01-02T03:04:05Z</c>).</summary>
    private static DateTime Second(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    // The documented schema (docs/monitoring-reports.md); figures are a number or null where undefined, never NaN.
    private sealed record SummaryJson(string Schema, DateTime GeneratedAt, string Model, string? ModelVersion, IReadOnlyList<string> Versions, string Log,
        PeriodJson Period, PeriodJson Comparison, ReportStatus Status, string Headline, IReadOnlyList<string> NextSteps, string QualityMetric,
        IReadOnlyList<SectionJson> Sections, IReadOnlyDictionary<string, double?> Figures);

    private sealed record SchemaJson(string? Schema = null);

    private sealed record PeriodJson(DateTime Start, DateTime End);

    private sealed record SectionJson(string Key, string Title, ReportStatus Status, string Reason);
}
