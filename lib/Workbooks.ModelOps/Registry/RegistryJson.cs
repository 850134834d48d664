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
    public static string Of(ModelVersionInfo v, bool indented = false) => JsonText.Serialize(VersionJson.Of(v), indented);

    public static string Of(IEnumerable<ModelVersionInfo> versions, bool indented = false) => JsonText.Serialize(versions.Select(VersionJson.Of).ToList(), indented);

    public static string Of(IEnumerable<RegisteredModel> models, bool indented = false) => JsonText.Serialize(models.Select(m => new ModelJson(
        m.Name, m.Description, m.LatestVersion, m.VersionCount, Sorted(m.Aliases), Sorted(m.Tags), m.CreatedAt)).ToList(), indented);

    public static string Of(AliasMove m, bool indented = false) => JsonText.Serialize(MoveJson.Of(m), indented);

    public static string Of(IEnumerable<AliasMove> moves, bool indented = false) => JsonText.Serialize(moves.Select(MoveJson.Of).ToList(), indented);

    /// <summary>A comparison: both versions, then one row per metric and lineage field.</summary>
    public static string Of(ModelVersionInfo a, ModelVersionInfo b, IEnumerable<ComparisonRow> rows, bool indented = false) => JsonText.Serialize(new ComparisonJson(
        VersionJson.Of(a), VersionJson.Of(b), rows.Select(r => new RowJson(r.Section, r.Field, r.A, r.B, r.Delta)).ToList()), indented);

    /// <summary>Maps are written in ordinal key order, so the same version always prints the same text.</summary>
    private static SortedDictionary<string, T> Sorted<T>(IReadOnlyDictionary<string, T> map) => new(map.ToDictionary(), StringComparer.Ordinal);

    private sealed record VersionJson(string Name, int Version, string Sha256, long SizeBytes, string? SourceFile, string? Description,
        IReadOnlyList<string> Aliases, SortedDictionary<string, string> Tags, SortedDictionary<string, double> Metrics, LineageJson Lineage,
        string CreatedBy, string Creator, DateTime CreatedAt)
    {
        public static VersionJson Of(ModelVersionInfo v)
        {
            var l = v.Lineage;
            // An infinite metric is written as ±double.MaxValue (it still ranks above any threshold); NaN as null.
            var metrics = new SortedDictionary<string, double>(v.Metrics.ToDictionary(kv => kv.Key, kv => JsonText.Saturate(kv.Value)), StringComparer.Ordinal);
            return new(v.Name, v.Version, v.Sha256, v.SizeBytes, v.SourceFile, v.Description, v.Aliases, Sorted(v.Tags), metrics,
                new LineageJson(l.Dataset, l.Range is { } r ? new RangeJson(r.Unit, r.Start, r.End) : null, l.RowCount, l.DataSha256, l.Trainer,
                    Sorted(l.Hyperparameters), l.ParentVersion, l.GitCommit),
                v.CreatedBy, v.Creator, v.CreatedAt);
        }
    }

    private sealed record LineageJson(string? Dataset, RangeJson? Range, long? RowCount, string? DataSha256, string? Trainer,
        SortedDictionary<string, string> Hyperparameters, int? ParentVersion, string? GitCommit);

    private sealed record RangeJson(string Unit, string Start, string End);

    private sealed record ModelJson(string Name, string? Description, int LatestVersion, int Versions, SortedDictionary<string, int> Aliases,
        SortedDictionary<string, string> Tags, DateTime CreatedAt);

    private sealed record MoveJson(string Name, string Alias, int Sequence, int? FromVersion, int? ToVersion, string Kind, DateTime At, string By)
    {
        public static MoveJson Of(AliasMove m) => new(m.Name, m.Alias, m.Sequence, m.FromVersion, m.ToVersion, m.Kind, m.At, m.By);
    }

    private sealed record ComparisonJson(VersionJson A, VersionJson B, IReadOnlyList<RowJson> Rows);

    private sealed record RowJson(string Section, string Field, string? A, string? B, double? Delta);
}
