using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>Drift of one column computed from profiles.</summary>
public sealed record ProfileColumnDrift(string Name, ColumnKind Kind, string Test, string Reason, ApproximateDriftResult Result,
    double MissingShare, IReadOnlyDictionary<string, ApproximateDriftResult> OtherTests)
{
    public bool DriftDetected => Result.DriftDetected;
}

/// <summary>Drift between two profiles: per-column approximate results and the dataset verdict, in the <c>drift</c>
/// JSON schema with <c>approximate: true</c> and the bounds.</summary>
public sealed record ProfileDriftReport(IReadOnlyList<ProfileColumnDrift> Columns, double DriftShare, long ReferenceRows, long CurrentRows)
{
    public int NumberOfDriftedColumns => Columns.Count(c => c.DriftDetected);
    public int NumberOfBorderlineColumns => Columns.Count(c => c.Result.Borderline);
    public bool DatasetDrift => Columns.Count > 0 && (double)NumberOfDriftedColumns / Columns.Count >= DriftShare;
    public ProfileColumnDrift this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"no column '{name}' in the report.");
    public string ToJson(bool indented = true) => ProfileDriftJson.Write(this, indented);
    public override string ToString() =>
        $"{NumberOfDriftedColumns} of {Columns.Count} columns drifted (approximate, from profiles; {NumberOfBorderlineColumns} borderline): {(DatasetDrift ? "dataset drift" : "no dataset drift")}";
}

/// <summary>
/// Compares a reference profile with a current one column by column, with the automatic test rule of
/// <see cref="AutoTestChooser"/> (distinct values from exact per-value counts when small, else the merged
/// HyperLogLog) or the tests the options name. Every result is approximate and carries its bound.
/// </summary>
/// <example>
/// <code>
/// var report = ProfileDrift.Compare(DatasetProfile.FromTable(reference), DatasetProfile.FromTable(current));
/// Console.WriteLine(report["x"].Result.Borderline);
/// </code>
/// </example>
public static class ProfileDrift
{
    public static ProfileDriftReport Compare(DatasetProfile reference, DatasetProfile current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        var names = options.Columns ?? reference.Columns.Select(c => c.Name).ToList();
        var results = new List<ProfileColumnDrift>();
        foreach (var name in names)
        {
            if (!reference.HasColumn(name)) throw new KeyNotFoundException($"reference profile: no column '{name}'. Columns: {string.Join(", ", reference.Columns.Select(c => c.Name))}.");
            if (!current.HasColumn(name)) throw new KeyNotFoundException($"current profile: no column '{name}'. Columns: {string.Join(", ", current.Columns.Select(c => c.Name))}.");
            results.Add(Column(reference[name], current[name], options));
        }
        return new ProfileDriftReport(results, options.DriftShare, reference.Rows, current.Rows);
    }

    public static ProfileColumnDrift Column(ColumnProfile r, ColumnProfile c, DriftOptions options)
    {
        if (r.Kind != c.Kind) throw new ArgumentException($"column '{r.Name}' is {AutoTestChooser.Kind(r.Kind)} in the reference profile and {AutoTestChooser.Kind(c.Kind)} in the current one.");
        var (test, reason) = Choose(r, c, options);
        double missingShare = c.Rows == 0 ? 0 : (double)c.Missing / c.Rows;
        if (r.Valid == 0 || c.Valid == 0)
        {
            var d = DriftTestRegistry.Get(test).Descriptor;
            double neutral = d.ScoreKind == DriftScoreKind.PValue ? 1 : 0;
            var empty = ApproximateDriftResult.Make(d, 0, (0, 0), d.ScoreKind == DriftScoreKind.PValue ? 1 : null, neutral, (neutral, neutral), options.Threshold ?? d.DefaultThreshold, 1,
                $"the {(r.Valid == 0 ? "reference" : "current")} side has no usable values: nothing to compare; see the missing share");
            return new(r.Name, r.Kind, test, reason, empty, missingShare, new Dictionary<string, ApproximateDriftResult> { [test] = empty });
        }
        var result = ProfileDriftTests.Run(test, r, c, options.Threshold);
        var others = new Dictionary<string, ApproximateDriftResult> { [test] = result };
        if (options.AllTests)
            foreach (var t in ProfileDriftTests.Names.Where(t => t != test && Applies(t, r.Kind)))
                others[t] = ProfileDriftTests.Run(t, r, c, options.Threshold);
        return new(r.Name, r.Kind, test, reason, result, missingShare, others);
    }

    private static bool Applies(string test, ColumnKind kind) => kind == ColumnKind.Numerical ? test != "chisquare" : test is not ("ks" or "wasserstein");

    private static (string Test, string Reason) Choose(ColumnProfile r, ColumnProfile c, DriftOptions options)
    {
        string? chosen = options.TestPerColumn.GetValueOrDefault(r.Name) ?? options.TestPerKind.GetValueOrDefault(r.Kind) ?? options.TestForAll;
        if (chosen is not null)
        {
            if (!ProfileDriftTests.Names.Contains(chosen)) throw new ArgumentException($"test '{chosen}' does not run on profiles. Tests that do: {string.Join(", ", ProfileDriftTests.Names)}.");
            if (!Applies(chosen, r.Kind)) throw new ArgumentException($"column '{r.Name}' is {AutoTestChooser.Kind(r.Kind)}; test '{chosen}' does not apply to it on profiles.");
            return (chosen, "set by the options");
        }
        long rows = r.Valid;
        double distinct = r.SmallDomain is { } a && c.SmallDomain is { } b ? a.Keys.Union(b.Keys).Count() : Union(r.Distinct, c.Distinct);
        bool numerical = r.Kind == ColumnKind.Numerical;
        string what = $"{AutoTestChooser.Kind(r.Kind)}, ~{distinct:F0} distinct values over both sides, reference of {rows} rows";
        if (rows <= AutoTestChooser.SmallReferenceRows)
            return numerical && distinct > 5 ? ("ks", $"automatic: {what}") : ("chisquare", $"automatic: {what} (chi-square stands in for z on profiles)");
        return numerical && distinct > 5 ? ("wasserstein", $"automatic: {what}") : ("jensenshannon", $"automatic: {what}");
    }

    private static double Union(HyperLogLog a, HyperLogLog b)
    {
        var u = HyperLogLog.Restore(a.Precision, a.Registers);
        u.Merge(b);
        return u.Estimate();
    }
}
