namespace Workbooks.ModelOps.Monitoring;

/// <summary>Counts kept by the label join; every prediction and label ends in exactly one of them.</summary>
public readonly record struct LabelJoinCounts(long Waiting, long Joined, long Expired, long Evicted, long Unmatched, long Duplicates);

/// <summary>
/// Predictions waiting for their label, by id: bounded (the oldest is evicted when full) and with a
/// time-to-live (older ones expire). Every eviction and expiry is counted, never silent.
/// Owned by the monitor's background thread (not thread-safe).
/// </summary>
/// <example>
/// <code>
/// var store = new PendingLabelStore&lt;string&gt;(capacity: 2, timeToLive: TimeSpan.FromHours(1));
/// var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
/// store.Add(1, "a", t0); store.Add(2, "b", t0); store.Add(3, "c", t0);   // 1 is evicted
/// Console.WriteLine($"{store.TryTake(1, out _)} {store.TryTake(3, out var c)} {c} evicted={store.Counts.Evicted}");
/// // prints: False True c evicted=1
/// </code>
/// </example>
public sealed class PendingLabelStore<T>
{
    private readonly Dictionary<long, T> _byId;
    private readonly Queue<(long Id, DateTime Added)> _order = new();
    private readonly int _capacity;
    private readonly TimeSpan _ttl;
    private long _joined, _expired, _evicted, _unmatched, _duplicates;

    public PendingLabelStore(int capacity, TimeSpan timeToLive)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The pending-label store needs room for at least 1 prediction.");
        if (timeToLive <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "The label time-to-live must be positive.");
        _capacity = capacity;
        _ttl = timeToLive;
        _byId = new Dictionary<long, T>(Math.Min(capacity, 1 << 16));
    }

    public int Capacity => _capacity;
    public TimeSpan TimeToLive => _ttl;
    public LabelJoinCounts Counts => new(_byId.Count, _joined, _expired, _evicted, _unmatched, _duplicates);

    public void Add(long id, T item, DateTime now)
    {
        if (!_byId.TryAdd(id, item)) { _duplicates++; return; }
        _order.Enqueue((id, now));
        while (_byId.Count > _capacity) Remove(ref _evicted);
    }

    /// <summary>Takes the waiting prediction for <paramref name="id"/>, if it is still there.</summary>
    public bool TryTake(long id, out T item)
    {
        if (!_byId.Remove(id, out item!)) return false;
        _joined++;
        // The order queue keeps joined ids until they reach its front; trim them so it stays bounded.
        while (_order.Count > 2 * _capacity + 16 && !_byId.ContainsKey(_order.Peek().Id)) _order.Dequeue();
        return true;
    }

    /// <summary>Counts a label whose prediction is unknown, expired or evicted.</summary>
    public void CountUnmatched() => _unmatched++;

    /// <summary>Drops predictions older than the time-to-live.</summary>
    public void Expire(DateTime now)
    {
        while (_order.Count > 0 && now - _order.Peek().Added > _ttl)
        {
            if (_byId.Remove(_order.Dequeue().Id)) _expired++;
        }
    }

    private void Remove(ref long counter)
    {
        while (_order.Count > 0)
        {
            var (id, _) = _order.Dequeue();
            if (_byId.Remove(id)) { counter++; return; }   // else it was joined already
        }
    }
}
