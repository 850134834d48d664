using System.Globalization;
using System.Text.Json;
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

    public string ToJson() => JsonText.Write(indented: true, w =>
    {
        w.WriteStartObject();
        w.WriteString("schema", SchemaName);
        w.WriteString("generated_at", Iso(GeneratedAt));
        w.WriteString("model", Model);
        if (ModelVersion is null) w.WriteNull("model_version"); else w.WriteString("model_version", ModelVersion);
        w.WriteStartArray("versions"); foreach (var v in Versions) w.WriteStringValue(v); w.WriteEndArray();
        w.WriteString("log", Log);
        w.WriteStartObject("period"); w.WriteString("start", Iso(Start)); w.WriteString("end", Iso(End)); w.WriteEndObject();
        w.WriteStartObject("comparison"); w.WriteString("start", Iso(CompareStart)); w.WriteString("end", Iso(CompareEnd)); w.WriteEndObject();
        w.WriteString("status", Status.Name());
        w.WriteString("headline", Headline);
        w.WriteStartArray("next_steps"); foreach (var s in NextSteps) w.WriteStringValue(s); w.WriteEndArray();
        w.WriteString("quality_metric", QualityMetric);
        w.WriteStartArray("sections");
        foreach (var s in Sections)
        {
            w.WriteStartObject();
            w.WriteString("key", s.Key); w.WriteString("title", s.Title); w.WriteString("status", s.Status.Name()); w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("figures");
        foreach (var (k, v) in Figures) JsonText.FiniteOrNull(w, k, v);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Writes the JSON to <paramref name="path"/> through a temporary file (never half-written); returns the path.</summary>
    public string Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, ToJson());
        File.Move(temp, full, overwrite: true);
        return full;
    }

    /// <summary>Reads a summary.json; a file that is not one is an <see cref="InvalidDataException"/> naming the file and field.</summary>
    public static ReportSummary Load(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not JSON ({e.Message.Split('\n')[0]})."); }
        using (doc)
        {
            var root = doc.RootElement;
            string Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new InvalidDataException($"{path}: field '{name}' is missing or not text; is this a monitoring report's {FileName}?");
            DateTime Time(JsonElement e, string name) => DateTime.TryParse(Text(e, name), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? t : throw new InvalidDataException($"{path}: field '{name}' is not an ISO date-time.");
            ReportStatus Status(JsonElement e) => ReportStatuses.TryParse(Text(e, "status")) ?? throw new InvalidDataException($"{path}: status '{Text(e, "status")}' is not ok, warning or critical.");
            JsonElement Obj(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new InvalidDataException($"{path}: field '{name}' is missing or not an object.");
            JsonElement Arr(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v : throw new InvalidDataException($"{path}: field '{name}' is missing or not an array.");
            if (Text(root, "schema") != SchemaName) throw new InvalidDataException($"{path}: schema '{Text(root, "schema")}' is not {SchemaName}.");
            var period = Obj("period");
            var comparison = Obj("comparison");
            var figures = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var p in Obj("figures").EnumerateObject()) figures[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : null;
            return new ReportSummary(Text(root, "model"), root.TryGetProperty("model_version", out var mv) && mv.ValueKind == JsonValueKind.String ? mv.GetString() : null,
                Arr("versions").EnumerateArray().Select(v => v.GetString() ?? "").ToList(), Text(root, "log"),
                Time(period, "start"), Time(period, "end"), Time(comparison, "start"), Time(comparison, "end"),
                Status(root), Text(root, "headline"), Arr("next_steps").EnumerateArray().Select(v => v.GetString() ?? "").ToList(), Text(root, "quality_metric"),
                Arr("sections").EnumerateArray().Select(s => new SectionSummary(Text(s, "key"), Text(s, "title"), Status(s), Text(s, "reason"))).ToList(),
                figures, Time(root, "generated_at"));
        }
    }

    private static string Iso(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
