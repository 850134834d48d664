using System.Numerics;

namespace Workbooks.Serving.Caching;

/// <summary>
/// A small table in front of the prediction cache that answers the hottest rows without HybridCache: direct-mapped
/// on the row's 128-bit hash, one immutable entry per slot (a newer answer overwrites an older one in its slot),
/// each entry good for a short lifetime after the cache last gave it.
/// <para>Why hand-written: HybridCache takes only string keys, so every lookup through it builds the 42-character
/// key string, hashes it again for its MemoryCache and goes through its asynchronous entry machinery; for a cheap
/// model (a few hundred trees) that costs a third of a prediction, which is why a hit was only ~3x cheaper than the
/// model. Here a hit is one array read and a compare of the hash already computed, with no allocation.</para>
/// <para>It does not change what is cached: entries come only from answers the cache gave (hit or computed), carry
/// the version's key prefix (a new version never reads them), and live at most <see cref="Lifetime"/> past that, so
/// the cache's size bound, time to live and Redis sharing still decide what is cached. Predictions of one version
/// are deterministic, so an answer served from here is the answer the cache would give.</para>
/// </summary>
internal sealed class HotAnswers
{
    private sealed class Entry(UInt128 hash, string prefix, long expires, CachedPrediction value)
    {
        public readonly UInt128 Hash = hash;
        public readonly string Prefix = prefix;
        public readonly long Expires = expires;
        public readonly CachedPrediction Value = value;
    }

    private readonly Entry?[] _slots;
    private readonly int _mask;
    private readonly long _lifetimeMs;

    /// <param name="slots">Table size, rounded up to a power of two (at most that many hot rows at once).</param>
    /// <param name="lifetime">How long an entry answers after the cache gave it (to the millisecond: the clock is
    /// <see cref="Environment.TickCount64"/>, a few nanoseconds to read where a Stopwatch timestamp costs ~20).</param>
    public HotAnswers(int slots, TimeSpan lifetime)
    {
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "At least one slot.");
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A positive lifetime.");
        _slots = new Entry?[(int)BitOperations.RoundUpToPowerOf2((uint)slots)];
        _mask = _slots.Length - 1;
        Lifetime = lifetime;
        _lifetimeMs = Math.Max(1, (long)lifetime.TotalMilliseconds);
    }

    public TimeSpan Lifetime { get; }
    public int Slots => _slots.Length;

    /// <summary>The answer for the row hashed to <paramref name="hash"/> under version key <paramref name="prefix"/>,
    /// if one is held and still fresh. The prefix is compared by reference: each served version keeps one instance.</summary>
    public bool TryGet(string prefix, UInt128 hash, out CachedPrediction value)
    {
        var e = Volatile.Read(ref _slots[(int)(ulong)hash & _mask]);
        if (e is not null && e.Hash == hash && ReferenceEquals(e.Prefix, prefix) && Environment.TickCount64 < e.Expires)
        {
            value = e.Value;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Holds the answer the cache just gave for this row and version.</summary>
    public void Put(string prefix, UInt128 hash, CachedPrediction value) =>
        Volatile.Write(ref _slots[(int)(ulong)hash & _mask], new Entry(hash, prefix, Environment.TickCount64 + _lifetimeMs, value));
}
