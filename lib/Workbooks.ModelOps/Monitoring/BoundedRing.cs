using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>What a full queue does to the thread that wants to add a record.</summary>
public enum BackPressure
{
    /// <summary>The caller waits until the consumer frees a slot: nothing is lost, but a slow sink slows the callers.</summary>
    Block,
    /// <summary>The record is dropped and counted (<see cref="BoundedRing{T}.Dropped"/>): callers never wait.</summary>
    Drop,
}

/// <summary>
/// A preallocated, lock-free, bounded queue of structs for many producers and one consumer
/// (the sequence-numbered ring of D. Vyukov's bounded MPMC queue). Adding never allocates, so the
/// monitor's hot path can hand records to its background thread for free.
/// </summary>
/// <example>
/// <code>
/// var ring = new BoundedRing&lt;int&gt;(2, BackPressure.Drop);
/// ring.TryAdd(1); ring.TryAdd(2); ring.TryAdd(3);          // the third is dropped
/// ring.TryTake(out var first);
/// Console.WriteLine($"{first} dropped={ring.Dropped}");
/// // prints: 1 dropped=1
/// </code>
/// </example>
public sealed class BoundedRing<T>
{
    [StructLayout(LayoutKind.Auto)]
    private struct Cell
    {
        public long Sequence;
        public T Item;
    }

    private readonly Cell[] _cells;
    private readonly long _mask;
    private readonly BackPressure _policy;
    // Padded apart so producers and the consumer do not fight over one cache line.
    private PaddedLong _enqueue;
    private PaddedLong _dequeue;
    private PaddedLong _dropped;
    private PaddedLong _blockedWaits;

    public BoundedRing(int capacity, BackPressure policy)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Queue capacity must be at least 2.");
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _cells = new Cell[size];
        for (int i = 0; i < size; i++) _cells[i].Sequence = i;
        _mask = size - 1;
        _policy = policy;
    }

    /// <summary>Slots in the ring (the requested capacity rounded up to a power of two).</summary>
    public int Capacity => _cells.Length;
    public BackPressure Policy => _policy;
    /// <summary>Records dropped because the ring was full (policy <see cref="BackPressure.Drop"/>).</summary>
    public long Dropped => Volatile.Read(ref _dropped.Value);
    /// <summary>How many times a producer found the ring full and had to wait (policy <see cref="BackPressure.Block"/>).</summary>
    public long BlockedWaits => Volatile.Read(ref _blockedWaits.Value);
    /// <summary>Slots claimed by producers so far (taken or not).</summary>
    public long Claimed => Volatile.Read(ref _enqueue.Value);
    /// <summary>Records taken by the consumer so far.</summary>
    public long Taken => Volatile.Read(ref _dequeue.Value);
    public long Count => Math.Max(0, Claimed - Taken);

    /// <summary>Adds a record; when full, waits (Block) or drops and counts it (Drop). Returns false when dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(in T item)
    {
        if (TryEnqueue(in item)) return true;
        return _policy == BackPressure.Drop ? CountDrop() : AddBlocking(in item);
    }

    private bool CountDrop()
    {
        Interlocked.Increment(ref _dropped.Value);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AddBlocking(in T item)
    {
        Interlocked.Increment(ref _blockedWaits.Value);
        var spin = new SpinWait();
        while (!TryEnqueue(in item)) spin.SpinOnce(sleep1Threshold: 20);
        return true;
    }

    private bool TryEnqueue(in T item)
    {
        var cells = _cells;
        long pos = Volatile.Read(ref _enqueue.Value);
        while (true)
        {
            ref var cell = ref cells[pos & _mask];
            long seq = Volatile.Read(ref cell.Sequence);
            long diff = seq - pos;
            if (diff == 0)
            {
                long seen = Interlocked.CompareExchange(ref _enqueue.Value, pos + 1, pos);
                if (seen == pos)
                {
                    cell.Item = item;
                    Volatile.Write(ref cell.Sequence, pos + 1);
                    return true;
                }
                pos = seen;
            }
            else if (diff < 0) return false;   // full
            else pos = Volatile.Read(ref _enqueue.Value);
        }
    }

    /// <summary>Takes the oldest record; only one thread may take at a time.</summary>
    public bool TryTake(out T item)
    {
        long pos = _dequeue.Value;
        ref var cell = ref _cells[pos & _mask];
        if (Volatile.Read(ref cell.Sequence) != pos + 1)
        {
            item = default!;
            return false;
        }
        item = cell.Item;
        cell.Item = default!;   // let the GC reclaim what the record pointed at
        Volatile.Write(ref cell.Sequence, pos + _cells.Length);
        Volatile.Write(ref _dequeue.Value, pos + 1);
        return true;
    }
}

/// <summary>A long alone on its cache line (explicit layout cannot live inside a generic type).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)] public long Value;
}
