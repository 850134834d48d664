namespace Workbooks.ModelOps.Training;

/// <summary>
/// A fixed set of threads that run one piece of work each, together, as many times as asked, without allocating
/// per run: a minibatch step is a few microseconds of arithmetic, so <c>Parallel.For</c>'s per-call allocations and
/// task scheduling would cost as much as the step. Worker 0 is the calling thread. Piece <c>t</c> always goes to
/// the same worker, so results summed in piece order are the same run to run.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Barrier _start, _done;
    private readonly Thread[] _threads;
    private Action<int>? _work;
    private volatile bool _stopping;
    private Exception? _failure;

    public WorkerPool(int workers)
    {
        Workers = Math.Max(1, workers);
        _start = new Barrier(Workers); _done = new Barrier(Workers);
        _threads = new Thread[Workers - 1];
        for (int t = 1; t < Workers; t++)
        {
            int piece = t;
            _threads[t - 1] = new Thread(() => Loop(piece)) { IsBackground = true, Name = $"workbooks-train-{piece}" };
            _threads[t - 1].Start();
        }
    }

    public int Workers { get; }

    /// <summary>Runs <paramref name="work"/>(t) for every piece t in [0, <see cref="Workers"/>) and waits for all.
    /// Pass a cached delegate (a field), not a fresh lambda, to keep the call allocation-free.</summary>
    public void Run(Action<int> work)
    {
        if (Workers == 1) { work(0); return; }
        _work = work; _failure = null;
        _start.SignalAndWait();
        try { work(0); }
        catch (Exception e) { _failure ??= e; }
        _done.SignalAndWait();
        if (_failure is { } f) throw new AggregateException(f);
    }

    private void Loop(int piece)
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping) return;
            try { _work!(piece); }
            catch (Exception e) { _failure ??= e; }
            _done.SignalAndWait();
        }
    }

    /// <summary>The range of <paramref name="count"/> items that piece <paramref name="t"/> of <paramref name="pieces"/> handles.</summary>
    public static (int Start, int End) Slice(int count, int t, int pieces) =>
        ((int)((long)count * t / pieces), (int)((long)count * (t + 1) / pieces));

    public void Dispose()
    {
        if (Workers == 1 || _stopping) return;
        _stopping = true;
        _start.SignalAndWait();
        foreach (var t in _threads) t.Join();
        _start.Dispose(); _done.Dispose();
    }
}
