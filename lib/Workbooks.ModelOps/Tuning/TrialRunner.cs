using System.Diagnostics;

namespace Workbooks.ModelOps.Tuning;

/// <summary>A configuration to evaluate: its index among the configurations a search drew, and its point.</summary>
public sealed record Candidate(int Config, IReadOnlyDictionary<string, double> Point);

/// <summary>
/// Runs the trials a searcher asks for: each batch in parallel up to <see cref="Parallelism"/> trials at a time, within
/// the wall-time budget (no trial starts after it is spent, except the very first, so every search has a result). Trial
/// ids follow the order trials were asked for, not the order they finished, and every trial trains with the same seed,
/// so a seeded search gives the same trials and values however the threads interleave.
/// </summary>
public sealed class TrialRunner
{
    private readonly Func<IReadOnlyDictionary<string, double>, double, (IReadOnlyDictionary<string, double> Params, double Value)> _evaluate;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Trial> _trials = [];
    private int _started;

    internal TrialRunner(Func<IReadOnlyDictionary<string, double>, double, (IReadOnlyDictionary<string, double>, double)> evaluate, int parallelism, TimeSpan? time)
    {
        if (parallelism < 1) throw new ArgumentException($"Parallelism must be at least 1, not {parallelism}.");
        if (time is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"The time budget must be positive, not {t.TotalSeconds} s.");
        _evaluate = evaluate; Parallelism = parallelism; Time = time;
    }

    public int Parallelism { get; }
    public TimeSpan? Time { get; }
    public TimeSpan Elapsed => _clock.Elapsed;
    /// <summary>Whether the wall-time budget is spent.</summary>
    public bool OutOfTime => Time is { } t && _clock.Elapsed >= t;
    /// <summary>Every trial run so far, by id.</summary>
    public IReadOnlyList<Trial> Trials => _trials;

    /// <summary>Evaluates <paramref name="batch"/> at <paramref name="fidelity"/> (1 = the full budget) as rung <paramref name="rung"/>;
    /// returns the trials that ran, by id (those the time budget stopped from starting are left out).</summary>
    public IReadOnlyList<Trial> Run(IReadOnlyList<Candidate> batch, double fidelity, int rung)
    {
        var done = new Trial?[batch.Count];
        int firstId = _trials.Count;
        Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, i =>
        {
            // one clock reading decides whether the trial may start and is its start time
            var start = _clock.Elapsed;
            if (Time is { } t && start >= t && Volatile.Read(ref _started) > 0) return;
            Interlocked.Increment(ref _started);
            var (p, value) = _evaluate(batch[i].Point, fidelity);
            var end = _clock.Elapsed;
            done[i] = new Trial(0, batch[i].Config, p, value, (end - start).TotalSeconds, fidelity, rung, end.TotalSeconds);
        });
        var ran = done.OfType<Trial>().Select((t, k) => t with { Id = firstId + k }).ToList();
        _trials.AddRange(ran);
        return ran;
    }
}
