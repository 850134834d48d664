using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift;

/// <summary>How many values of one side of a column were usable, missing or infinite.</summary>
/// <param name="Rows">All rows of the side.</param>
/// <param name="Missing">NaN / null / empty values: they never enter a test.</param>
/// <param name="PositiveInfinity">+Infinity values: counted and reported, kept out of the tests.</param>
/// <param name="NegativeInfinity">-Infinity values: counted and reported, kept out of the tests.</param>
public sealed record ColumnValueCounts(int Rows, int Missing, int PositiveInfinity, int NegativeInfinity)
{
    /// <summary>Values that take part in the tests.</summary>
    public int Valid => Rows - Missing - PositiveInfinity - NegativeInfinity;
    /// <summary>Missing values over all rows (0 for an empty side).</summary>
    public double MissingShare => Rows == 0 ? 0 : (double)Missing / Rows;
}

/// <summary>Category counts of both sides over the union of their categories (missing excluded).
/// Numerical columns give one category per distinct value, in increasing order.</summary>
public sealed record CategoryCounts(IReadOnlyList<string> Keys, long[] Reference, long[] Current)
{
    public long ReferenceTotal => Reference.Sum();
    public long CurrentTotal => Current.Sum();
}

/// <summary>
/// Reference and current values of one column, prepared once for every test of the column:
/// numbers are cleaned of missing and infinite values and sorted once; categories are counted once.
/// </summary>
/// <example>
/// <code>
/// var pair = DriftColumnPair.Numerical("x", new[] { 3.0, 1, double.NaN }, new[] { 2.0, double.PositiveInfinity });
/// Console.WriteLine($"{pair.ReferenceCounts.Missing} {pair.CurrentCounts.PositiveInfinity} {pair.DistinctValues}"); // 1 1 3
/// </code>
/// </example>
public sealed class DriftColumnPair
{
    private readonly Lazy<CategoryCounts> _categories;
    private readonly Lazy<int> _distinct;
    private BinnedShares? _shares;

    private DriftColumnPair(string name, ColumnKind kind, double[]? refSorted, double[]? curSorted,
        Dictionary<string, long>? refLabels, Dictionary<string, long>? curLabels, ColumnValueCounts refCounts, ColumnValueCounts curCounts)
    {
        Name = name; Kind = kind;
        ReferenceSorted = refSorted; CurrentSorted = curSorted;
        ReferenceCounts = refCounts; CurrentCounts = curCounts;
        _categories = new Lazy<CategoryCounts>(() => refSorted is not null
            ? SortedSamples.CountDistinct(refSorted, curSorted!)
            : LabelCounts.Union(refLabels!, curLabels!));
        _distinct = new Lazy<int>(() => refSorted is not null
            ? SortedSamples.CountDistinctUnion(refSorted, curSorted!)
            : _categories.Value.Keys.Count);
    }

    public string Name { get; }
    public ColumnKind Kind { get; }
    /// <summary>Finite reference values in increasing order (numerical columns only).</summary>
    public double[]? ReferenceSorted { get; }
    /// <summary>Finite current values in increasing order (numerical columns only).</summary>
    public double[]? CurrentSorted { get; }
    public ColumnValueCounts ReferenceCounts { get; }
    public ColumnValueCounts CurrentCounts { get; }

    /// <summary>Distinct non-missing values over reference and current together (Evidently's count
    /// for the automatic choice).</summary>
    public int DistinctValues => _distinct.Value;

    /// <summary>Counts per category (per distinct value for numbers) over the union of both sides.</summary>
    public CategoryCounts Categories => _categories.Value;

    /// <summary>How numerical values are binned for the binned divergences (PSI, KL, JS, Hellinger).</summary>
    public BinningSpec Binning { get; private set; } = BinningSpec.Default;

    /// <summary>Sets the binning of the binned divergences; call it before running tests (it resets the
    /// cached shares). Returns this pair.</summary>
    public DriftColumnPair WithBinning(BinningSpec binning)
    {
        Binning = binning;
        _shares = null;
        return this;
    }

    /// <summary>Reference and current shares per bin (computed once, shared by the binned divergences).
    /// Categorical columns, and numerical ones with at most 20 distinct reference values under the default
    /// binning, get one bin per value.</summary>
    public BinnedShares Shares => _shares ??= Binning.Apply(this);

    /// <summary>The sorted reference values, or an error naming the column when it is categorical.</summary>
    public double[] RequireReference() => ReferenceSorted ?? throw new InvalidOperationException($"Column '{Name}' is categorical; this test needs a numerical column.");
    /// <summary>The sorted current values, or an error naming the column when it is categorical.</summary>
    public double[] RequireCurrent() => CurrentSorted ?? throw new InvalidOperationException($"Column '{Name}' is categorical; this test needs a numerical column.");

    /// <summary>Prepares a numerical column: NaN is missing, ±Infinity counted apart, the rest sorted.</summary>
    public static DriftColumnPair Numerical(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (r, rc) = SortedSamples.CleanAndSort(reference);
        var (c, cc) = SortedSamples.CleanAndSort(current);
        return new DriftColumnPair(name, ColumnKind.Numerical, r, c, null, null, rc, cc);
    }

    /// <summary>Prepares a categorical column: null or empty text is missing.</summary>
    public static DriftColumnPair Categorical(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        var (r, rc) = LabelCounts.Count(reference);
        var (c, cc) = LabelCounts.Count(current);
        return new DriftColumnPair(name, ColumnKind.Categorical, null, null, r, c, rc, cc);
    }

    /// <summary>Prepares a table column pair; the kind follows the reference column, and a numerical reference
    /// with a categorical current column is compared as categories.</summary>
    public static DriftColumnPair FromColumns(TableColumn reference, TableColumn current)
    {
        if (reference.Kind == ColumnKind.Numerical && current.Kind == ColumnKind.Numerical)
            return Numerical(reference.Name, reference.Numbers!, current.Numbers!);
        return Categorical(reference.Name, reference.AsLabels(), current.AsLabels());
    }
}

/// <summary>Counting of text labels.</summary>
internal static class LabelCounts
{
    public static (Dictionary<string, long> Counts, ColumnValueCounts Summary) Count(IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        int missing = 0;
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v)) { missing++; continue; }
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        return (counts, new ColumnValueCounts(values.Count, missing, 0, 0));
    }

    public static CategoryCounts Union(Dictionary<string, long> reference, Dictionary<string, long> current)
    {
        var keys = reference.Keys.Union(current.Keys).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        return new CategoryCounts(keys,
            keys.Select(k => reference.GetValueOrDefault(k)).ToArray(),
            keys.Select(k => current.GetValueOrDefault(k)).ToArray());
    }
}
