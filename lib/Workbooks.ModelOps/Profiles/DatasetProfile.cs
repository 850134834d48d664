using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Profiles of the columns of one data set (or one time window of it): what <c>workbooks profile</c> writes and
/// <c>workbooks drift --reference-profile</c> compares. Its size depends on the sketch sizes, never on the row
/// count (a few KB to ~15 KB per column). Merge is associative and commutative on every exact field, and within
/// the sketches' bounds on the rest, so profiles of files, replicas or hours can be combined in any order.
/// </summary>
/// <example>
/// <code>
/// var a = DatasetProfile.FromTable(tableA);
/// a.Merge(DatasetProfile.FromTable(tableB));
/// File.WriteAllBytes("ab.wbprofile", a.ToBytes());
/// </code>
/// </example>
public sealed class DatasetProfile
{
    private readonly List<ColumnProfile> _columns = [];
    private readonly Dictionary<string, ColumnProfile> _byName = new(StringComparer.Ordinal);

    public DatasetProfile(ProfileOptions? options = null, string? window = null)
    {
        Options = options ?? ProfileOptions.Default;
        Window = window;
    }

    public ProfileOptions Options { get; }
    /// <summary>The time window the rows belong to (for example <c>2026-12-01T13</c>), or null for all rows.</summary>
    public string? Window { get; }
    public long Rows { get; set; }
    public IReadOnlyList<ColumnProfile> Columns => _columns;

    public bool HasColumn(string name) => _byName.ContainsKey(name);

    public ColumnProfile this[string name] => _byName.TryGetValue(name, out var c) ? c
        : throw new KeyNotFoundException($"no column '{name}' in the profile. Columns: {string.Join(", ", _columns.Select(x => x.Name))}.");

    /// <summary>The column's profile, created with this profile's options on first use.</summary>
    public ColumnProfile GetOrAdd(string name, ColumnKind kind, double[]? histogramEdges = null)
    {
        if (_byName.TryGetValue(name, out var c))
        {
            if (c.Kind != kind) throw new ArgumentException($"column '{name}' is {c.Kind.ToString().ToLowerInvariant()} in one input and {kind.ToString().ToLowerInvariant()} in another.");
            return c;
        }
        return Add(new ColumnProfile(name, kind, Options, histogramEdges));
    }

    internal ColumnProfile Add(ColumnProfile column)
    {
        _columns.Add(column);
        _byName.Add(column.Name, column);
        return column;
    }

    /// <summary>Folds <paramref name="other"/> in: columns by name (a column only in one side is kept as is).</summary>
    public void Merge(DatasetProfile other)
    {
        if (other.Options with { Seed = Options.Seed } != Options)
            throw new ArgumentException($"cannot merge profiles made with different sketch sizes ({Describe(Options)} and {Describe(other.Options)}).");
        Rows += other.Rows;
        foreach (var c in other._columns)
        {
            if (_byName.TryGetValue(c.Name, out var mine)) mine.Merge(c);
            else Add(ProfileBinary.Clone(c, Options));
        }
    }

    private static string Describe(ProfileOptions o) => $"k={o.QuantileK}, items={o.FrequentItemsK}, p={o.DistinctPrecision}";

    /// <summary>Profiles an in-memory table (what the streaming reader does file by file).</summary>
    public static DatasetProfile FromTable(Table table, ProfileOptions? options = null, IReadOnlyDictionary<string, double[]>? histogramEdges = null)
    {
        var profile = new DatasetProfile(options) { Rows = table.RowCount };
        foreach (var column in table.Columns)
        {
            var c = profile.GetOrAdd(column.Name, column.Kind, histogramEdges?.GetValueOrDefault(column.Name));
            if (column.Numbers is { } numbers) foreach (var v in numbers) c.AddNumber(v);
            else foreach (var s in column.Labels!) { if (s is null) c.AddMissing(); else c.AddText(s); }
        }
        return profile;
    }

    /// <summary>The compact versioned binary form (see <see cref="ProfileBinary"/>).</summary>
    public byte[] ToBytes() => ProfileBinary.Write(this);

    public static DatasetProfile FromBytes(byte[] bytes, string source = "profile") => ProfileBinary.Read(bytes, source);

    /// <summary>JSON for inspection (counts, moments, quantiles, frequent items, distinct estimate, bounds).</summary>
    public string ToJson(bool indented = true) => ProfileJson.Write(this, indented);

    public override string ToString() => $"profile{(Window is null ? "" : $" of window {Window}")}: {Rows} rows, {_columns.Count} columns";
}
