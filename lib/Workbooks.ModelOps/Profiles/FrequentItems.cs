namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Misra-Gries frequent items with the mergeable purge of Agarwal et al. 2012 ("Mergeable summaries"): at most
/// 2k counters; when more are needed, the (k+1)-th largest count c is subtracted from every counter and the
/// non-positive ones dropped. Each purge removes at least (k+1)c of the total weight, so the total subtracted
/// <see cref="ErrorBound"/> is at most n/(k+1), and for every item: estimate ≤ true count ≤ estimate + ErrorBound
/// (an item not kept has true count ≤ ErrorBound). Merging adds counters and purges the same way; the bounds add.
/// Hand-written: the few .NET sketch packages are unmaintained or not mergeable.
/// </summary>
/// <example>
/// <code>
/// var f = new FrequentItems(2);
/// foreach (var s in new[] { "a", "a", "a", "b", "c", "d" }) f.Add(s);
/// Console.WriteLine($"{f.Estimate("a")} ≤ a ≤ {f.Estimate("a") + f.ErrorBound}");   // 3 ≤ a ≤ 3
/// </code>
/// </example>
public sealed class FrequentItems
{
    public const int DefaultK = 128;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FrequentItems(int k = DefaultK)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive.");
        K = k;
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int K { get; }
    /// <summary>Weight seen (all items, kept or not).</summary>
    public long Total { get; private set; }
    /// <summary>Most any count can be underestimated by; at most Total/(K+1).</summary>
    public long ErrorBound { get; private set; }
    public IReadOnlyDictionary<string, long> Counters => _counts;

    public long Estimate(string item) => _counts.GetValueOrDefault(item);

    public void Add(string item, long weight = 1) => Add(item.AsSpan(), weight);

    /// <summary>Adds an item given as characters; no string is made when it is already counted.</summary>
    public void Add(ReadOnlySpan<char> item, long weight = 1)
    {
        Total += weight;
        if (_lookup.TryGetValue(item, out long c)) { _lookup[item] = c + weight; return; }
        _lookup[item] = weight;
        if (_counts.Count > 2 * K) Purge();
    }

    public void Merge(FrequentItems other)
    {
        if (other.K != K) throw new ArgumentException($"cannot merge frequent items with k = {K} and k = {other.K}.");
        foreach (var (item, c) in other._counts) _counts[item] = _counts.GetValueOrDefault(item) + c;
        Total += other.Total;
        ErrorBound += other.ErrorBound;
        if (_counts.Count > K) Purge();
    }

    private void Purge()
    {
        var sorted = _counts.Values.OrderByDescending(v => v).ToArray();
        if (sorted.Length <= K) return;
        long c = sorted[K];
        ErrorBound += c;
        foreach (var key in _counts.Keys.ToArray())
        {
            long v = _counts[key] - c;
            if (v <= 0) _counts.Remove(key); else _counts[key] = v;
        }
    }

    /// <summary>Counters largest first (ties by item, ordinal), the order reports and the binary format use.</summary>
    public IEnumerable<KeyValuePair<string, long>> Ordered() =>
        _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal);

    internal static FrequentItems Restore(int k, long total, long errorBound, IEnumerable<KeyValuePair<string, long>> counters)
    {
        var f = new FrequentItems(k) { Total = total, ErrorBound = errorBound };
        foreach (var (key, v) in counters) f._counts[key] = v;
        return f;
    }
}
