using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift;

/// <summary>How many values of one side of a column were usable, missing, infinite or unparseable.</summary>
/// <param name="Rows">All rows of the side.</param>
/// <param name="Missing">NaN / null / empty values: they never enter a test.</param>
/// <param name="PositiveInfinity">+Infinity values: counted and reported, kept out of the tests.</param>
/// <param name="NegativeInfinity">-Infinity values: counted and reported, kept out of the tests.</param>
public sealed record ColumnValueCounts(int Rows, int Missing, int PositiveInfinity, int NegativeInfinity)
{
    /// <summary>Text where a number was expected (a numerical column): counted apart from missing values, kept
    /// out of the tests; <see cref="FirstUnparseable"/> names the first.</summary>
    public int Unparseable { get; init; }
    /// <summary>The first unparseable value and its 0-based row; null when there is none.</summary>
    public UnparseableValues? FirstUnparseable { get; init; }
    /// <summary>Values that take part in the tests.</summary>
    public int Valid => Rows - Missing - PositiveInfinity - NegativeInfinity - Unparseable;
    /// <summary>Missing values over all rows (0 for an empty side).</summary>
    public double MissingShare => Rows == 0 ? 0 : (double)Missing / Rows;
    /// <summary>+/-Infinity values over all rows (0 for an empty side).</summary>
    public double InfiniteShare => Rows == 0 ? 0 : (double)(PositiveInfinity + NegativeInfinity) / Rows;
    /// <summary>Unparseable values over all rows (0 for an empty side).</summary>
    public double UnparseableShare => Rows == 0 ? 0 : (double)Unparseable / Rows;

    /// <summary>Moves the NaN rows that were unparseable text out of <see cref="Missing"/>.</summary>
    internal ColumnValueCounts WithUnparseable(UnparseableValues? u) =>
        u is null ? this : this with { Missing = Missing - u.Count, Unparseable = u.Count, FirstUnparseable = u };
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
    public static DriftColumnPair Numerical(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Numerical(name, reference, null, current, null);

    /// <summary>Prepares a numerical column whose NaN rows include unparseable text on either side (counted apart).</summary>
    public static DriftColumnPair Numerical(string name, ReadOnlySpan<double> reference, UnparseableValues? referenceUnparseable,
        ReadOnlySpan<double> current, UnparseableValues? currentUnparseable)
    {
        var (r, rc) = SortedSamples.CleanAndSort(reference);
        var (c, cc) = SortedSamples.CleanAndSort(current);
        return new DriftColumnPair(name, ColumnKind.Numerical, r, c, null, null, rc.WithUnparseable(referenceUnparseable), cc.WithUnparseable(currentUnparseable));
    }

    /// <summary>Prepares a categorical column: null or empty text is missing.</summary>
    public static DriftColumnPair Categorical(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        var (r, rc) = LabelCounts.Count(reference);
        var (c, cc) = LabelCounts.Count(current);
        return new DriftColumnPair(name, ColumnKind.Categorical, null, null, r, c, rc, cc);
    }

    /// <summary>Share of a categorical reference's non-missing values that must parse as numbers for the column
    /// to be compared as numerical against a numerical current side.</summary>
    public const double NumericalReferenceShare = 0.9;

    /// <summary>
    /// Prepares a table column pair. The kind follows the reference: a numerical reference keeps the column
    /// numerical even when the current side holds text (a DataFrame or IDataView string column, or a CSV column with
    /// many strays): the current labels are parsed and those that are not numbers counted as unparseable. A
    /// categorical reference against a numerical current side is numerical too when at least
    /// <see cref="NumericalReferenceShare"/> of its values are numbers; otherwise both are compared as categories.
    /// </summary>
    public static DriftColumnPair FromColumns(TableColumn reference, TableColumn current)
    {
        bool numerical = reference.Kind == ColumnKind.Numerical
            || (current.Kind == ColumnKind.Numerical && UnparseableValues.ParseableShare(reference.Labels!) >= NumericalReferenceShare);
        if (!numerical) return Categorical(reference.Name, reference.AsLabels(), current.AsLabels());
        var (r, ru) = AsNumbers(reference);
        var (c, cu) = AsNumbers(current);
        return Numerical(reference.Name, r, ru, c, cu);
    }

    private static (double[] Numbers, UnparseableValues? Unparseable) AsNumbers(TableColumn column) =>
        column.Numbers is { } n ? (n, column.Unparseable) : UnparseableValues.Parse(column.Labels!);
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
