using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>Which test a column gets and why.</summary>
public sealed record DriftTestChoice(IDriftTest Test, string Reason);

/// <summary>
/// Evidently's default test rule, with distinct values counted over reference and current together:
/// reference of at most 1000 (non-missing) rows: numerical with more than 5 distinct values -> <c>ks</c>,
/// otherwise <c>chisquare</c> when more than 2 distinct values, else <c>z</c>. Larger reference: numerical with
/// more than 5 distinct values -> <c>wasserstein</c> (normed, threshold 0.1), otherwise <c>jensenshannon</c>
/// (threshold 0.1). Overrides (per column, per kind, for all) come first.
/// </summary>
/// <example>
/// <code>
/// var pair = DriftColumnPair.Numerical("x", new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 1, 2 });
/// Console.WriteLine(AutoTestChooser.Choose(pair, new DriftOptions()).Test.Descriptor.Name);   // ks
/// </code>
/// </example>
public static class AutoTestChooser
{
    /// <summary>Reference sizes up to this use the small-sample tests.</summary>
    public const int SmallReferenceRows = 1000;

    public static DriftTestChoice Choose(DriftColumnPair pair, DriftOptions options)
    {
        if (options.TestPerColumn.TryGetValue(pair.Name, out var byColumn))
            return Checked(byColumn, pair, $"set for column '{pair.Name}'");
        if (options.TestPerKind.TryGetValue(pair.Kind, out var byKind))
            return Checked(byKind, pair, $"set for {Kind(pair.Kind)} columns");
        if (options.TestForAll is { } forAll)
            return Checked(forAll, pair, "set for all columns");
        return Automatic(pair);
    }

    /// <summary>The automatic rule alone.</summary>
    public static DriftTestChoice Automatic(DriftColumnPair pair)
    {
        int rows = pair.ReferenceCounts.Valid, distinct = pair.DistinctValues;
        bool numerical = pair.Kind == ColumnKind.Numerical;
        string what = $"{Kind(pair.Kind)}, {distinct} distinct values over both sides, reference of {rows} rows";
        if (rows <= SmallReferenceRows)
        {
            if (numerical && distinct > 5) return new(DriftTestRegistry.Get("ks"), $"automatic: {what} (<= {SmallReferenceRows} rows, > 5 values)");
            return distinct > 2
                ? new(DriftTestRegistry.Get("chisquare"), $"automatic: {what} (<= {SmallReferenceRows} rows, 3+ categories)")
                : new(DriftTestRegistry.Get("z"), $"automatic: {what} (<= {SmallReferenceRows} rows, at most 2 categories)");
        }
        return numerical && distinct > 5
            ? new(DriftTestRegistry.Get("wasserstein"), $"automatic: {what} (> {SmallReferenceRows} rows, > 5 values)")
            : new(DriftTestRegistry.Get("jensenshannon"), $"automatic: {what} (> {SmallReferenceRows} rows, categorical or at most 5 values)");
    }

    private static DriftTestChoice Checked(string name, DriftColumnPair pair, string why)
    {
        var test = DriftTestRegistry.Get(name);
        // A categorical test may read a numerical column as categories, never the other way round.
        if (!test.Descriptor.AppliesTo(pair.Kind) && !(pair.Kind == ColumnKind.Numerical && test.Descriptor.Categorical))
            throw new ArgumentException($"Column '{pair.Name}' is {Kind(pair.Kind)}, but test '{name}' ({why}) applies only to {(test.Descriptor.Numerical ? "numerical" : "categorical")} columns.");
        return new(test, why);
    }

    internal static string Kind(ColumnKind kind) => kind == ColumnKind.Numerical ? "numerical" : "categorical";
}
