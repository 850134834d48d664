using System.Globalization;

namespace Workbooks.ModelOps.Registry;

/// <summary>One line of a side-by-side comparison: a metric (with B minus A) or a lineage field.</summary>
public sealed record ComparisonRow(string Section, string Field, string? A, string? B, double? Delta)
{
    public bool Differs => A != B;
}

/// <summary>Two versions side by side: every metric either has, then lineage, tags and file.</summary>
/// <example>
/// <code>
/// var lineage = new ModelLineage { Dataset = "elec2", Trainer = "FastTree" };
/// var a = new ModelVersionInfo("m", 1, "aa", 10, null, null, new Dictionary&lt;string, string&gt;(), new Dictionary&lt;string, double&gt; { ["accuracy"] = 0.80 }, lineage, "cli", "me", DateTime.UnixEpoch, []);
/// var b = a with { Version = 2, Metrics = new Dictionary&lt;string, double&gt; { ["accuracy"] = 0.85 } };
/// var row = VersionComparison.Of(a, b)[0];
/// Console.WriteLine($"{row.Field}: {row.A} -> {row.B} ({row.Delta:+0.00})");
/// // prints: accuracy: 0.8 -> 0.85 (+0.05)
/// </code>
/// </example>
public static class VersionComparison
{
    public static IReadOnlyList<ComparisonRow> Of(ModelVersionInfo a, ModelVersionInfo b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = new List<ComparisonRow>();
        foreach (var key in a.Metrics.Keys.Union(b.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            double? x = a.Metrics.TryGetValue(key, out var va) ? va : null, y = b.Metrics.TryGetValue(key, out var vb) ? vb : null;
            rows.Add(new ComparisonRow("metric", key, Number(x), Number(y), x is { } p && y is { } q ? q - p : null));
        }
        void Add(string section, string field, string? x, string? y) => rows.Add(new ComparisonRow(section, field, x, y, null));
        Add("lineage", "dataset", a.Lineage.Dataset, b.Lineage.Dataset);
        Add("lineage", "range", a.Lineage.Range?.ToString(), b.Lineage.Range?.ToString());
        Add("lineage", "rows", a.Lineage.RowCount?.ToString(CultureInfo.InvariantCulture), b.Lineage.RowCount?.ToString(CultureInfo.InvariantCulture));
        Add("lineage", "data_sha256", a.Lineage.DataSha256, b.Lineage.DataSha256);
        Add("lineage", "trainer", a.Lineage.Trainer, b.Lineage.Trainer);
        foreach (var key in a.Lineage.Hyperparameters.Keys.Union(b.Lineage.Hyperparameters.Keys).Order(StringComparer.Ordinal))
            Add("lineage", "param." + key, a.Lineage.Hyperparameters.GetValueOrDefault(key), b.Lineage.Hyperparameters.GetValueOrDefault(key));
        Add("lineage", "parent", a.Lineage.ParentVersion?.ToString(CultureInfo.InvariantCulture), b.Lineage.ParentVersion?.ToString(CultureInfo.InvariantCulture));
        Add("lineage", "git_commit", a.Lineage.GitCommit, b.Lineage.GitCommit);
        Add("lineage", "created_by", a.CreatedBy, b.CreatedBy);
        Add("lineage", "created_at", a.CreatedAt.ToString("u", CultureInfo.InvariantCulture), b.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        foreach (var key in a.Tags.Keys.Union(b.Tags.Keys).Order(StringComparer.Ordinal))
            Add("tag", key, a.Tags.GetValueOrDefault(key), b.Tags.GetValueOrDefault(key));
        Add("file", "sha256", a.Sha256, b.Sha256);
        Add("file", "size_bytes", a.SizeBytes.ToString(CultureInfo.InvariantCulture), b.SizeBytes.ToString(CultureInfo.InvariantCulture));
        return rows;
    }

    private static string? Number(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
}
