using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>Sizes of the sketches in a profile; every profile merged with another must use the same ones.</summary>
/// <param name="QuantileK">KLL k (rank-error bound about 0.02–0.03 at k = 200, see <see cref="KllSketch"/>).</param>
/// <param name="FrequentItemsK">Misra-Gries counters kept (count error at most n/(k+1)).</param>
/// <param name="DistinctPrecision">HyperLogLog precision p (relative error 1.04/sqrt(2^p)).</param>
/// <param name="Seed">Seed of the quantile sketches' coin flips.</param>
public sealed record ProfileOptions(int QuantileK = KllSketch.DefaultK, int FrequentItemsK = FrequentItems.DefaultK,
    int DistinctPrecision = HyperLogLog.DefaultPrecision, ulong Seed = 0)
{
    public static ProfileOptions Default { get; } = new();
    /// <summary>Numerical columns keep exact per-value counts until they have more distinct values than this.</summary>
    public const int SmallDomainLimit = 32;
}

/// <summary>
/// A mergeable summary of one column: row, missing, infinity and invalid counts; for numbers the moments
/// (<see cref="Moments"/>), a KLL quantile sketch, exact per-value counts while there are at most
/// <see cref="ProfileOptions.SmallDomainLimit"/> distinct values, and optionally a fixed-edge histogram; for text the
/// frequent items (Misra-Gries); for both a HyperLogLog distinct count. Exact fields merge exactly; the
/// sketches merge within their stated bounds.
/// </summary>
/// <example>
/// <code>
/// var p = new ColumnProfile("x", ColumnKind.Numerical);
/// foreach (var v in new[] { 1.0, 2, double.NaN, 4 }) p.AddNumber(v);
/// Console.WriteLine($"{p.Rows} {p.Missing} {p.Moments.Mean:F3}");   // 4 1 2.333
/// </code>
/// </example>
public sealed class ColumnProfile
{
    private Moments _moments;

    public ColumnProfile(string name, ColumnKind kind, ProfileOptions? options = null, double[]? histogramEdges = null)
    {
        options ??= ProfileOptions.Default;
        Name = name; Kind = kind;
        Distinct = new HyperLogLog(options.DistinctPrecision);
        if (kind == ColumnKind.Numerical)
        {
            Quantiles = new KllSketch(options.QuantileK, options.Seed);
            SmallDomain = [];
            if (histogramEdges is not null) Histogram = new FixedEdgeHistogram(histogramEdges);
        }
        else Items = new FrequentItems(options.FrequentItemsK);
    }

    public string Name { get; }
    public ColumnKind Kind { get; }
    public long Rows { get; private set; }
    public long Missing { get; private set; }
    public long PositiveInfinity { get; private set; }
    public long NegativeInfinity { get; private set; }
    /// <summary>Fields that were present but not readable as the column's kind (text in a numerical CSV column).</summary>
    public long Invalid { get; private set; }
    /// <summary>Values that take part in drift tests.</summary>
    public long Valid => Rows - Missing - PositiveInfinity - NegativeInfinity - Invalid;
    public Moments Moments => _moments;
    public KllSketch? Quantiles { get; private set; }
    /// <summary>Exact counts per value of a numerical column; null once it had more than the limit of distinct values.</summary>
    public Dictionary<double, long>? SmallDomain { get; private set; }
    public FixedEdgeHistogram? Histogram { get; private set; }
    public FrequentItems? Items { get; private set; }
    public HyperLogLog Distinct { get; private set; }
    public double Min => Quantiles?.Min ?? double.NaN;
    public double Max => Quantiles?.Max ?? double.NaN;

    /// <summary>Adds one number (NaN is missing, infinities are counted apart).</summary>
    public void AddNumber(double v)
    {
        Rows++;
        if (double.IsNaN(v)) { Missing++; return; }
        if (double.IsPositiveInfinity(v)) { PositiveInfinity++; return; }
        if (double.IsNegativeInfinity(v)) { NegativeInfinity++; return; }
        if (Kind != ColumnKind.Numerical) throw new InvalidOperationException($"column '{Name}' is categorical.");
        _moments.Add(v);
        Quantiles!.Add(v);
        Distinct.Add(v);
        Histogram?.Add(v);
        if (SmallDomain is { } small)
        {
            small[v] = small.GetValueOrDefault(v) + 1;
            if (small.Count > ProfileOptions.SmallDomainLimit) SmallDomain = null;
        }
    }

    /// <summary>Adds one text value (categorical columns).</summary>
    public void AddText(ReadOnlySpan<char> text)
    {
        if (Kind != ColumnKind.Categorical) throw new InvalidOperationException($"column '{Name}' is numerical.");
        Rows++;
        Items!.Add(text);
        Distinct.Add(text);
    }

    public void AddMissing() { Rows++; Missing++; }

    public void AddInvalid() { Rows++; Invalid++; }

    /// <summary>Folds another profile of the same column, kind and sketch sizes into this one.</summary>
    public void Merge(ColumnProfile other)
    {
        if (other.Name != Name) throw new ArgumentException($"cannot merge column '{other.Name}' into column '{Name}'.");
        if (other.Kind != Kind) throw new ArgumentException($"column '{Name}' is {Kind.ToString().ToLowerInvariant()} in one profile and {other.Kind.ToString().ToLowerInvariant()} in the other.");
        Rows += other.Rows; Missing += other.Missing; Invalid += other.Invalid;
        PositiveInfinity += other.PositiveInfinity; NegativeInfinity += other.NegativeInfinity;
        _moments.Merge(other._moments);
        Quantiles?.Merge(other.Quantiles!);
        Items?.Merge(other.Items!);
        Distinct.Merge(other.Distinct);
        if (Histogram is not null)
        {
            if (other.Histogram is null || !Histogram.SameEdges(other.Histogram)) Histogram = null; // no common binning: dropped, never mixed
            else Histogram.Merge(other.Histogram);
        }
        if (SmallDomain is not null)
        {
            if (other.SmallDomain is null) SmallDomain = null;
            else
            {
                foreach (var (v, c) in other.SmallDomain) SmallDomain[v] = SmallDomain.GetValueOrDefault(v) + c;
                if (SmallDomain.Count > ProfileOptions.SmallDomainLimit) SmallDomain = null;
            }
        }
    }

    internal void Restore(long rows, long missing, long posInf, long negInf, long invalid, Moments moments, KllSketch? quantiles,
        Dictionary<double, long>? small, FixedEdgeHistogram? histogram, FrequentItems? items, HyperLogLog distinct)
    {
        Rows = rows; Missing = missing; PositiveInfinity = posInf; NegativeInfinity = negInf; Invalid = invalid;
        _moments = moments; Quantiles = quantiles; SmallDomain = small; Histogram = histogram; Items = items; Distinct = distinct;
    }

    public override string ToString() =>
        Kind == ColumnKind.Numerical
            ? $"{Name}: {Rows} rows, {Missing} missing, mean {Moments.Mean:G6}, sd {Math.Sqrt(Moments.Variance):G6}, ~{Distinct.Estimate():F0} distinct"
            : $"{Name}: {Rows} rows, {Missing} missing, ~{Distinct.Estimate():F0} distinct";
}
