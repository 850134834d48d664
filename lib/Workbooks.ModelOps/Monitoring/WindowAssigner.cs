using System.Globalization;
using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>One closed window of a stream, as handed to the monitor's hooks.</summary>
/// <param name="Index">0-based position among the windows emitted so far.</param>
/// <param name="Key">Label for charts: <c>[0:1000)</c> for count windows (as <see cref="Chunker"/>), the start time or period otherwise.</param>
/// <param name="Start">Start of the window (count windows: time of the first item).</param>
/// <param name="End">End of the window, exclusive (count windows: time of the last item).</param>
/// <param name="Items">The items in arrival order: a view of the assigner's buffer, valid only during the callback (copy to keep).</param>
/// <param name="Complete">False for the partial window flushed when the stream stops.</param>
internal sealed record WindowSlice<T>(int Index, string Key, DateTime Start, DateTime End, IReadOnlyList<T> Items, bool Complete);

/// <summary>
/// Cuts a stream of timestamped items into windows following a <see cref="WindowSpec"/> and hands each
/// closed window to a callback. Single-threaded: the monitor's background thread owns it.
/// </summary>
internal sealed class WindowAssigner<T>
{
    private readonly record struct Entry(long Seq, DateTime Time, T Item);

    /// <summary>Items [From, To) of the buffer, without copying them.</summary>
    private sealed class BufferView(List<Entry> buffer, int from, int to) : IReadOnlyList<T>
    {
        public T this[int index] => (uint)index < (uint)Count ? buffer[from + index].Item : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => to - from;
        public IEnumerator<T> GetEnumerator() { for (int i = from; i < to; i++) yield return buffer[i].Item; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private readonly WindowSpec _spec;
    private readonly Action<WindowSlice<T>> _emit;
    private readonly List<Entry> _buffer = new();
    private int _head;
    private long _seen;           // items added so far (count windows: next sequence number)
    private long _nextStart;      // count windows: sequence of the next window's first item
    private long _nextWindowTicks = -1; // time windows: start of the next window to close; period: its period start
    private DateTime _watermark = DateTime.MinValue;
    private int _index;

    public WindowAssigner(WindowSpec spec, Action<WindowSlice<T>> emit)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _emit = emit ?? throw new ArgumentNullException(nameof(emit));
    }

    public int Emitted => _index;

    public void Add(T item, DateTime time)
    {
        // Records from concurrent callers reach the queue nearly, not exactly, in time order:
        // an item older than a window already closed joins the open one.
        if (time < _watermark) time = _watermark;
        if (_spec.Kind != WindowKind.Count) AdvanceTo(time);
        if (_spec.Kind == WindowKind.Period && _nextWindowTicks < 0) _nextWindowTicks = Chunker.PeriodStart(time, _spec.Period).Ticks;
        if (_spec.Kind == WindowKind.Time && _nextWindowTicks < 0) _nextWindowTicks = AlignDown(time.Ticks - _spec.Length.Ticks + _spec.TimeStep.Ticks);
        _buffer.Add(new Entry(_seen++, time, item));
        if (_spec.Kind == WindowKind.Count) CloseCountWindows();
    }

    /// <summary>Closes every time or period window that ends at or before <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTime now)
    {
        if (_spec.Kind == WindowKind.Count || _nextWindowTicks < 0 || now < _watermark) return;
        if (_spec.Kind == WindowKind.Period)
        {
            while (_nextWindowTicks >= 0 && now.Ticks >= NextPeriod(_nextWindowTicks)) ClosePeriodWindow();
            return;
        }
        long length = _spec.Length.Ticks, step = _spec.TimeStep.Ticks;
        while (now.Ticks >= _nextWindowTicks + length)
        {
            // After a long silence, skip straight to the windows near the data instead of emitting millions of empties.
            if (Live == 0 && now.Ticks - _nextWindowTicks > 1000 * step)
                _nextWindowTicks = AlignDown(now.Ticks - length);
            EmitRange(new DateTime(_nextWindowTicks, DateTimeKind.Utc), new DateTime(_nextWindowTicks + length, DateTimeKind.Utc), complete: true);
            _nextWindowTicks += step;
            _watermark = new DateTime(_nextWindowTicks, DateTimeKind.Utc);
            Evict(e => e.Time.Ticks < _nextWindowTicks);
        }
    }

    /// <summary>Emits what is left as partial windows (at shutdown).</summary>
    public void Flush()
    {
        if (Live == 0) return;
        switch (_spec.Kind)
        {
            case WindowKind.Count:
                var items = new BufferView(_buffer, _head, _buffer.Count);
                long first = _buffer[_head].Seq;
                Emit($"[{first}:{first + items.Count})", _buffer[_head].Time, _buffer[^1].Time, items, complete: false);
                break;
            case WindowKind.Period:
                ClosePeriodWindow(complete: false);
                break;
            default:
                var start = new DateTime(_nextWindowTicks, DateTimeKind.Utc);
                EmitRange(start, start + _spec.Length, complete: false);
                break;
        }
        _buffer.Clear();
        _head = 0;
    }

    private int Live => _buffer.Count - _head;

    private void CloseCountWindows()
    {
        while (_seen >= _nextStart + _spec.Size)
        {
            int from = _head + (int)(_nextStart - _buffer[_head].Seq);
            var items = new BufferView(_buffer, from, from + _spec.Size);
            Emit($"[{_nextStart}:{_nextStart + _spec.Size})", _buffer[from].Time, _buffer[from + _spec.Size - 1].Time, items, complete: true);
            _nextStart += _spec.Step;
            Evict(e => e.Seq < _nextStart);
        }
    }

    private void ClosePeriodWindow(bool complete = true)
    {
        var start = new DateTime(_nextWindowTicks, DateTimeKind.Utc);
        var end = new DateTime(NextPeriod(_nextWindowTicks), DateTimeKind.Utc);
        int from = _head;
        while (_head < _buffer.Count && _buffer[_head].Time < end) _head++;
        if (_head > from)
            Emit(Chunker.ByPeriod(new[] { start }, _spec.Period)[0].Key, start, end, new BufferView(_buffer, from, _head), complete);
        _watermark = end;
        _nextWindowTicks = _head < _buffer.Count ? Chunker.PeriodStart(_buffer[_head].Time, _spec.Period).Ticks : -1;
        Compact();
    }

    private void EmitRange(DateTime start, DateTime end, bool complete)
    {
        int from = _head;
        while (from < _buffer.Count && _buffer[from].Time < start) from++;
        int to = from;
        while (to < _buffer.Count && _buffer[to].Time < end) to++;
        Emit(start.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), start, end, new BufferView(_buffer, from, to), complete);
    }

    private void Emit(string key, DateTime start, DateTime end, IReadOnlyList<T> items, bool complete) =>
        _emit(new WindowSlice<T>(_index++, key, start, end, items, complete));

    private void Evict(Func<Entry, bool> expired)
    {
        while (_head < _buffer.Count && expired(_buffer[_head])) _head++;
        Compact();
    }

    private void Compact()
    {
        if (_head > 1024 && _head > _buffer.Count / 2)
        {
            _buffer.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private long AlignDown(long ticks)
    {
        long step = _spec.TimeStep.Ticks;
        return Math.Max(0, ticks - ((ticks % step) + step) % step);
    }

    private long NextPeriod(long periodStartTicks)
    {
        var p = new DateTime(periodStartTicks, DateTimeKind.Utc);
        return (_spec.Period switch
        {
            ChunkPeriod.Hour => p.AddHours(1),
            ChunkPeriod.Day => p.AddDays(1),
            ChunkPeriod.Week => p.AddDays(7),
            ChunkPeriod.Month => p.AddMonths(1),
            ChunkPeriod.Quarter => p.AddMonths(3),
            _ => p.AddYears(1),
        }).Ticks;
    }
}
