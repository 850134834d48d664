using System.Runtime.InteropServices;
using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// KLL quantile sketch (Karnin, Lang and Liberty 2016, "Optimal Quantile Approximation in Streams"): a stack of
/// compactors whose capacities shrink geometrically by 2/3 below the top one (k items), at least 8. A full
/// compactor sorts its items and promotes every other one (random offset) to the level above with twice the weight.
/// Hand-written: no maintained .NET package has a mergeable, serialisable KLL.
/// <para>Guarantee, carried by each sketch rather than quoted from a table: a compaction at level h moves the
/// estimated rank of any fixed point by 0 or ±2^h with zero mean, so by Azuma-Hoeffding (as in KLL's §3) the rank
/// error at one point exceeds t with probability at most 2 exp(-t² / (2 S)), S = Σ over compactions of 4^h.
/// <see cref="RankErrorBound"/> turns S into a bound on the normalised rank error at every point at once
/// (union bound over a net of M fixed quantile points, plus 1/M between them). No compaction means S = 0: exact.
/// For k = 200 the bound is about 0.02–0.03 at 10^5–10^8 values (δ = 0.005); the rank error seen is smaller.</para>
/// Randomness is the project's <see cref="SeededRandom"/>, seeded per compaction from the sketch seed and a
/// counter, so a sketch read back from disk continues exactly as it would have in memory.
/// </summary>
/// <example>
/// <code>
/// var s = new KllSketch();
/// for (int i = 1; i &lt;= 100; i++) s.Add(i);
/// Console.WriteLine(s.Quantile(0.5));   // 100 values never fill the compactors, so the median is exact
/// // prints: 50
/// </code>
/// </example>
public sealed class KllSketch
{
    public const int DefaultK = 200;
    private const int MinCapacity = 8;
    private readonly List<List<double>> _levels = [[]];
    private int _size, _capacity;
    private long _compactions;

    public KllSketch(int k = DefaultK, ulong seed = 0)
    {
        if (k < MinCapacity || k > 65535) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between {MinCapacity} and 65535.");
        K = k; Seed = seed;
        _capacity = Capacity(0);
    }

    public int K { get; }
    public ulong Seed { get; }
    /// <summary>Values added (over all merged sketches).</summary>
    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    /// <summary>S = Σ 4^h over every compaction at level h so far (merged sketches' included).</summary>
    public double RankVariance { get; private set; }
    /// <summary>Items retained (what the sketch costs in memory).</summary>
    public int Retained => _size;
    internal IReadOnlyList<List<double>> Levels => _levels;

    /// <summary>Adds a finite value (NaN and infinities are the caller's to count, not to sketch).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "only finite values are sketched.");
        if (value < Min) Min = value;
        if (value > Max) Max = value;
        Count++;
        _levels[0].Add(value);
        if (++_size >= _capacity) Compress();
    }

    /// <summary>Folds <paramref name="other"/> into this sketch (same k); the bound of the result accounts for both.</summary>
    public void Merge(KllSketch other)
    {
        if (other.K != K) throw new ArgumentException($"cannot merge KLL sketches with k = {K} and k = {other.K}.");
        if (other.Count == 0) return;
        while (_levels.Count < other._levels.Count) _levels.Add([]);
        for (int h = 0; h < other._levels.Count; h++) _levels[h].AddRange(other._levels[h]);
        _size += other._size;
        Count += other.Count;
        RankVariance += other.RankVariance;
        _compactions += other._compactions;
        Min = Math.Min(Min, other.Min); Max = Math.Max(Max, other.Max);
        _capacity = TotalCapacity();
        Compress();
    }

    // Capacities depend only on k and the number of levels: computed once per level count, not per compaction.
    private int[] _capacities = [];

    private int Capacity(int h)
    {
        if (_capacities.Length != _levels.Count)
            _capacities = Enumerable.Range(0, _levels.Count).Select(l => Math.Max(MinCapacity, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, _levels.Count - 1 - l)))).ToArray();
        return _capacities[h];
    }

    private int TotalCapacity() { int c = 0; for (int h = 0; h < _levels.Count; h++) c += Capacity(h); return c; }

    private void Compress()
    {
        while (_size >= _capacity)
        {
            int h = 0;
            while (h < _levels.Count - 1 && _levels[h].Count < Capacity(h)) h++;
            if (h == _levels.Count - 1) _levels.Add([]);
            CompactLevel(h);
            _capacity = TotalCapacity();
        }
    }

    private void CompactLevel(int h)
    {
        var level = _levels[h];
        var items = CollectionsMarshal.AsSpan(level);
        items.Sort();
        int pairs = items.Length / 2 * 2;
        if (pairs == 0) return;
        int offset = (int)(new SeededRandom(Seed ^ (ulong)_compactions * 0x9E3779B97F4A7C15UL).NextUInt64() & 1);
        _compactions++;
        var up = _levels[h + 1];
        for (int i = offset; i < pairs; i += 2) up.Add(items[i]);
        // An odd item out stays at this level with its weight: total weight stays exactly Count.
        double leftover = items.Length > pairs ? items[^1] : double.NaN;
        level.Clear();
        if (!double.IsNaN(leftover)) level.Add(leftover);
        _size -= pairs / 2;
        RankVariance += Math.Pow(4, h);
    }

    /// <summary>Retained items sorted, with their cumulative weights (the sketch's step CDF times Count).</summary>
    public (double[] Values, long[] CumulativeWeights) SortedView()
    {
        var pairs = new List<(double V, long W)>(_size);
        for (int h = 0; h < _levels.Count; h++) foreach (var v in _levels[h]) pairs.Add((v, 1L << h));
        pairs.Sort((a, b) => a.V.CompareTo(b.V));
        var values = new double[pairs.Count]; var cum = new long[pairs.Count];
        long c = 0;
        for (int i = 0; i < pairs.Count; i++) { c += pairs[i].W; values[i] = pairs[i].V; cum[i] = c; }
        return (values, cum);
    }

    /// <summary>Estimated share of values at most <paramref name="x"/>.</summary>
    public double Cdf(double x)
    {
        if (Count == 0) return double.NaN;
        long w = 0;
        for (int h = 0; h < _levels.Count; h++) foreach (var v in _levels[h]) if (v <= x) w += 1L << h;
        return (double)w / Count;
    }

    /// <summary>Estimated q-quantile: the smallest retained value whose estimated rank share reaches q.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return double.NaN;
        var (values, cum) = SortedView();
        double target = Math.Clamp(q, 0, 1) * Count;
        for (int i = 0; i < values.Length; i++) if (cum[i] >= target) return values[i];
        return values[^1];
    }

    /// <summary>ε such that, with probability at least 1 - <paramref name="delta"/>, |estimated - true| share of values
    /// at most x is ≤ ε for every x at once (0 when nothing was compacted).</summary>
    public double RankErrorBound(double delta = 0.005)
    {
        if (RankVariance == 0 || Count == 0) return 0;
        double best = 1;
        for (long m = 8; m <= 1L << 24; m *= 2)
        {
            // A net of at most 2M points (quantile points and, at atoms, their left limits) carries the union bound.
            double t = Math.Sqrt(2 * RankVariance * Math.Log(4.0 * m / delta)) / Count;
            best = Math.Min(best, t + 1.0 / m);
        }
        return best;
    }

    internal long Compactions => _compactions;

    /// <summary>Rebuilds a sketch from its stored parts (the binary format's reader).</summary>
    internal static KllSketch Restore(int k, ulong seed, long count, double min, double max, double variance, long compactions, List<List<double>> levels)
    {
        var s = new KllSketch(k, seed) { Count = count, Min = min, Max = max, RankVariance = variance };
        s._compactions = compactions;
        s._levels.Clear();
        s._levels.AddRange(levels.Count == 0 ? [[]] : levels);
        s._size = levels.Sum(l => l.Count);
        s._capacity = s.TotalCapacity();
        return s;
    }
}
