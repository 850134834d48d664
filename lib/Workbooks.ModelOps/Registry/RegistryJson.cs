using System.Text.Json;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Registry;

/// <summary>The registry's records as JSON (snake_case fields), as <c>workbooks models ... --json</c> prints them.</summary>
/// <example>
/// <code>
/// var move = new AliasMove("bike", "champion", 3, 2, 1, "rollback", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "cli");
/// Console.WriteLine(RegistryJson.Of(move));
/// // prints: {"name":"bike","alias":"champion","sequence":3,"from_version":2,"to_version":1,"kind":"rollback","at":"2026-01-02T03:04:05Z","by":"cli"}
/// </code>
/// </example>
public static class RegistryJson
{
    public static string Of(ModelVersionInfo v, bool indented = false) => JsonText.Write(indented, w => Version(w, v));

    public static string Of(IEnumerable<ModelVersionInfo> versions, bool indented = false) => JsonText.Write(indented, w =>
    {
        w.WriteStartArray();
        foreach (var v in versions) Version(w, v);
        w.WriteEndArray();
    });

    public static string Of(IEnumerable<RegisteredModel> models, bool indented = false) => JsonText.Write(indented, w =>
    {
        w.WriteStartArray();
        foreach (var m in models)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteString("description", m.Description);
            w.WriteNumber("latest_version", m.LatestVersion);
            w.WriteNumber("versions", m.VersionCount);
            Map(w, "aliases", m.Aliases, (w, k, v) => w.WriteNumber(k, v));
            Map(w, "tags", m.Tags, (w, k, v) => w.WriteString(k, v));
            w.WriteString("created_at", m.CreatedAt);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Of(AliasMove m, bool indented = false) => JsonText.Write(indented, w => Move(w, m));

    public static string Of(IEnumerable<AliasMove> moves, bool indented = false) => JsonText.Write(indented, w =>
    {
        w.WriteStartArray();
        foreach (var m in moves) Move(w, m);
        w.WriteEndArray();
    });

    /// <summary>A comparison: both versions, then one row per metric and lineage field.</summary>
    public static string Of(ModelVersionInfo a, ModelVersionInfo b, IEnumerable<ComparisonRow> rows, bool indented = false) => JsonText.Write(indented, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("a"); Version(w, a);
        w.WritePropertyName("b"); Version(w, b);
        w.WriteStartArray("rows");
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteString("section", r.Section);
            w.WriteString("field", r.Field);
            w.WriteString("a", r.A);
            w.WriteString("b", r.B);
            JsonText.FiniteOrNull(w, "delta", r.Delta);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Version(Utf8JsonWriter w, ModelVersionInfo v)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteNumber("version", v.Version);
        w.WriteString("sha256", v.Sha256);
        w.WriteNumber("size_bytes", v.SizeBytes);
        w.WriteString("source_file", v.SourceFile);
        w.WriteString("description", v.Description);
        w.WriteStartArray("aliases");
        foreach (var a in v.Aliases) w.WriteStringValue(a);
        w.WriteEndArray();
        Map(w, "tags", v.Tags, (w, k, x) => w.WriteString(k, x));
        Map(w, "metrics", v.Metrics, (w, k, x) => JsonText.NumberOrNull(w, k, x));
        var l = v.Lineage;
        w.WriteStartObject("lineage");
        w.WriteString("dataset", l.Dataset);
        if (l.Range is { } r) { w.WriteStartObject("range"); w.WriteString("unit", r.Unit); w.WriteString("start", r.Start); w.WriteString("end", r.End); w.WriteEndObject(); }
        else w.WriteNull("range");
        JsonText.FiniteOrNull(w, "row_count", l.RowCount);   // nullable whole numbers: written as integers, or null
        w.WriteString("data_sha256", l.DataSha256);
        w.WriteString("trainer", l.Trainer);
        Map(w, "hyperparameters", l.Hyperparameters, (w, k, x) => w.WriteString(k, x));
        JsonText.FiniteOrNull(w, "parent_version", l.ParentVersion);
        w.WriteString("git_commit", l.GitCommit);
        w.WriteEndObject();
        w.WriteString("created_by", v.CreatedBy);
        w.WriteString("creator", v.Creator);
        w.WriteString("created_at", v.CreatedAt);
        w.WriteEndObject();
    }

    private static void Move(Utf8JsonWriter w, AliasMove m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        w.WriteString("alias", m.Alias);
        w.WriteNumber("sequence", m.Sequence);
        JsonText.FiniteOrNull(w, "from_version", m.FromVersion);
        JsonText.FiniteOrNull(w, "to_version", m.ToVersion);
        w.WriteString("kind", m.Kind);
        w.WriteString("at", m.At);
        w.WriteString("by", m.By);
        w.WriteEndObject();
    }

    private static void Map<T>(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, string, T> write)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) write(w, k, v);
        w.WriteEndObject();
    }
}
