using System.Data.Common;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Registry;

public sealed partial class ModelRegistry
{
    private const string VersionColumns = "name, version, sha256, size_bytes, source_file, description, created_at, created_by, creator, dataset, " +
        "range_unit, range_start, range_end, row_count, data_sha256, trainer, hyperparameters, parent_version, git_commit";

    /// <summary>Every registered model, by name.</summary>
    public IReadOnlyList<RegisteredModel> List() => WithCatalog(c =>
    {
        var aliases = c.Query("SELECT name, alias, version FROM aliases ORDER BY alias", r => (Name: r.GetString(0), Alias: r.GetString(1), Version: r.GetInt32(2)));
        var tags = c.Query("SELECT name, key, value FROM model_tags ORDER BY key", r => (Name: r.GetString(0), Key: r.GetString(1), Value: r.NullableString(2) ?? ""));
        return c.Query("""
            SELECT m.name, m.description, m.created_at, coalesce(max(v.version), 0), count(v.version)
            FROM models m LEFT JOIN versions v ON v.name = m.name GROUP BY ALL ORDER BY m.name
            """, r => new RegisteredModel(r.GetString(0), r.NullableString(1),
                tags.Where(t => t.Name == r.GetString(0)).ToDictionary(t => t.Key, t => t.Value),
                Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)),
                aliases.Where(a => a.Name == r.GetString(0)).ToDictionary(a => a.Alias, a => a.Version), r.Utc(2)));
    });

    /// <summary>Every version of <paramref name="name"/>, oldest first.</summary>
    public IReadOnlyList<ModelVersionInfo> Versions(string name) => WithCatalog(c =>
    {
        RequireModel(c, name);
        return ReadVersions(c, name, null);
    });

    /// <summary>The version that <paramref name="reference"/> names: <c>NAME</c> (latest), <c>NAME:VERSION</c> or <c>NAME@ALIAS</c>.</summary>
    public ModelVersionInfo Get(string reference) => Get(ParseReference(reference));

    public ModelVersionInfo Get(ModelReference reference) => WithCatalog(c =>
    {
        ArgumentNullException.ThrowIfNull(reference);
        RequireModel(c, reference.Name);
        int version = reference.Version ?? ResolveAlias(c, reference.Name, reference.Alias ?? ModelReference.Latest);
        return ReadVersions(c, reference.Name, version).FirstOrDefault()
            ?? throw new ModelRegistryException($"Model '{reference.Name}' has no version {version}{LatestHint(c, reference.Name)}.");
    });

    /// <summary>The version <paramref name="alias"/> points at, or null when the model or alias does not exist.</summary>
    public int? TryResolveAlias(string name, string alias) => WithCatalog(c =>
        alias == ModelReference.Latest
            ? c.Scalar("SELECT max(version) FROM versions WHERE name = ?", name) is { } max ? Convert.ToInt32(max) : (int?)null
            : c.Query("SELECT version FROM aliases WHERE name = ? AND alias = ?", r => (int?)r.GetInt32(0), name, alias).FirstOrDefault());

    /// <summary>Every move of <paramref name="alias"/> (or of every alias of the model when null), oldest first.</summary>
    public IReadOnlyList<AliasMove> AliasHistory(string name, string? alias = null) => WithCatalog(c =>
    {
        RequireModel(c, name);
        return ReadAliasHistory(c, name, alias);
    });

    /// <summary>The retraining decisions recorded for <paramref name="name"/>, oldest first.</summary>
    public IReadOnlyList<RetrainingDecision> Decisions(string name) => WithCatalog(c =>
    {
        RequireModel(c, name);
        return c.Query("SELECT * FROM decisions WHERE name = ? ORDER BY id", r => new RetrainingDecision
        {
            Name = r.GetString(0), Id = r.GetInt32(1), At = r.Utc(2), Trigger = r.GetString(3),
            ChampionVersion = r.NullableInt(4), ChallengerVersion = r.NullableInt(5),
            TrainRange = Range(r, 6), HoldoutRange = Range(r, 9),
            ChampionMetrics = Metrics(r.NullableString(12), $"{name} decision {r.GetInt32(1)} champion_metrics"),
            ChallengerMetrics = Metrics(r.NullableString(13), $"{name} decision {r.GetInt32(1)} challenger_metrics"),
            Promoted = r.GetBoolean(14), DryRun = r.GetBoolean(15), Reason = r.NullableString(16), CreatedBy = r.GetString(17),
        }, name);
    });

    private static ModelReference ParseReference(string reference)
    {
        try { return ModelReference.Parse(reference); }
        catch (FormatException e) { throw new ModelRegistryException(e.Message, e); }
    }

    private static int ResolveAlias(RegistryCatalog c, string name, string alias)
    {
        if (alias == ModelReference.Latest)
            return c.Scalar("SELECT max(version) FROM versions WHERE name = ?", name) is { } max ? Convert.ToInt32(max)
                : throw new ModelRegistryException($"Model '{name}' has no versions yet.");
        var found = c.Query("SELECT version FROM aliases WHERE name = ? AND alias = ?", r => (int?)r.GetInt32(0), name, alias).FirstOrDefault();
        if (found is { } v) return v;
        var known = c.Query("SELECT alias FROM aliases WHERE name = ? ORDER BY alias", r => r.GetString(0), name);
        throw new ModelRegistryException($"Model '{name}' has no alias '{alias}' (its aliases: {string.Join(", ", known.Prepend(ModelReference.Latest))}).");
    }

    // One alias: in sequence order (what a rollback walks). All aliases: by time.
    private static List<AliasMove> ReadAliasHistory(RegistryCatalog c, string name, string? alias) =>
        c.Query("SELECT name, alias, seq, from_version, to_version, kind, moved_at, moved_by FROM alias_history WHERE name = ?" +
            (alias is null ? " ORDER BY moved_at, alias, seq" : " AND alias = ? ORDER BY seq"),
            r => new AliasMove(r.GetString(0), r.GetString(1), r.GetInt32(2), r.NullableInt(3), r.NullableInt(4), r.GetString(5), r.Utc(6), r.GetString(7)),
            alias is null ? [name] : [name, alias]);

    private static List<ModelVersionInfo> ReadVersions(RegistryCatalog c, string name, int? version)
    {
        var filter = version is null ? "" : " AND version = ?";
        object?[] args = version is null ? [name] : [name, version];
        var tags = c.Query($"SELECT version, key, value FROM version_tags WHERE name = ?{filter} ORDER BY key",
            r => (V: r.GetInt32(0), K: r.GetString(1), Value: r.NullableString(2) ?? ""), args);
        var metrics = c.Query($"SELECT version, key, value FROM version_metrics WHERE name = ?{filter} ORDER BY key",
            r => (V: r.GetInt32(0), K: r.GetString(1), Value: r.GetDouble(2)), args);
        var aliases = c.Query("SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias", r => (A: r.GetString(0), V: r.GetInt32(1)), name);
        return c.Query($"SELECT {VersionColumns} FROM versions WHERE name = ?{filter} ORDER BY version", r =>
        {
            int v = r.GetInt32(1);
            var lineage = new ModelLineage
            {
                Dataset = r.NullableString(9), Range = Range(r, 10), RowCount = r.NullableLong(13), DataSha256 = r.NullableString(14),
                Trainer = r.NullableString(15), Hyperparameters = r.NullableString(16) is { } h ? JsonText.Deserialize<Dictionary<string, string>>(h, $"{name} v{v} hyperparameters") : new(),
                ParentVersion = r.NullableInt(17), GitCommit = r.NullableString(18),
            };
            return new ModelVersionInfo(r.GetString(0), v, r.GetString(2), r.GetInt64(3), r.NullableString(4), r.NullableString(5),
                tags.Where(t => t.V == v).ToDictionary(t => t.K, t => t.Value), metrics.Where(m => m.V == v).ToDictionary(m => m.K, m => m.Value),
                lineage, r.GetString(7), r.GetString(8), r.Utc(6), aliases.Where(a => a.V == v).Select(a => a.A).ToList());
        }, args);
    }

    private static DataRange? Range(DbDataReader r, int i) =>
        r.NullableString(i) is { } unit ? new DataRange(unit, r.NullableString(i + 1) ?? "", r.NullableString(i + 2) ?? "") : null;

    private static Dictionary<string, double> Metrics(string? json, string source) =>
        json is null ? new() : JsonText.Deserialize<Dictionary<string, double>>(json, source);
}
