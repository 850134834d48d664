namespace Workbooks.ModelOps.Metrics;

/// <summary>Why a call failed: it threw, or it ran past its deadline.</summary>
/// <example>
/// <code>
/// var counter = new CallCounter();
/// counter.RecordFailure(CallFailure.Exception);
/// Console.WriteLine(counter.TakeInterval(TimeSpan.FromSeconds(1)).Exceptions);
/// // prints: 1
/// </code>
/// </example>
public enum CallFailure { Exception, Timeout }

/// <summary>
/// One window's call counts and the rates that follow from them.
/// <list type="bullet">
/// <item><see cref="Throughput"/> = calls / window seconds (requests per second, failed calls included);</item>
/// <item><see cref="FailureRate"/> = failed calls (exceptions + timeouts) / calls;</item>
/// <item><see cref="IncorrectRate"/> = incorrect predictions / labelled predictions (once labels arrive);</item>
/// <item><see cref="ErrorRate"/> = (failed calls + incorrect predictions) / calls: every call that did not give the
/// right answer, as far as the labels known so far tell.</item>
/// </list>
/// A rate over zero calls is 0 (nothing failed), never NaN.
/// </summary>
/// <example>
/// <code>
/// var counts = new CallCounts(Calls: 200, Exceptions: 3, Timeouts: 1, Labelled: 100, Incorrect: 6, Window: TimeSpan.FromSeconds(10));
/// Console.WriteLine($"{counts.Throughput} {counts.FailureRate} {counts.ErrorRate}");
/// // prints: 20 0.02 0.05
/// </code>
/// </example>
public sealed record CallCounts(long Calls, long Exceptions, long Timeouts, long Labelled, long Incorrect, TimeSpan Window)
{
    public long Failed => Exceptions + Timeouts;
    /// <summary>Calls per second over the window.</summary>
    public double Throughput => Window > TimeSpan.Zero ? Calls / Window.TotalSeconds
        : throw new InvalidOperationException("Throughput needs a window longer than zero.");
    public double FailureRate => ConfusionMatrix.Ratio(Failed, Calls);
    public double IncorrectRate => ConfusionMatrix.Ratio(Incorrect, Labelled);
    public double ErrorRate => ConfusionMatrix.Ratio(Failed + Incorrect, Calls);

    /// <summary>Counts of several windows (or threads) added; the windows' lengths add too.</summary>
    public static CallCounts Sum(IEnumerable<CallCounts> windows) => windows.Aggregate(
        new CallCounts(0, 0, 0, 0, 0, TimeSpan.Zero),
        (a, b) => new CallCounts(a.Calls + b.Calls, a.Exceptions + b.Exceptions, a.Timeouts + b.Timeouts, a.Labelled + b.Labelled, a.Incorrect + b.Incorrect, a.Window + b.Window));
}

/// <summary>
/// Thread-safe, allocation-free counters of calls, failures and labelled outcomes for the current window;
/// <see cref="TakeInterval"/> returns the window's <see cref="CallCounts"/> and starts the next one.
/// Each counter is read and reset atomically, but not all five at one instant: a call racing the window
/// boundary may have its call counted in one window and its failure in the next (nothing is lost or counted twice).
/// </summary>
/// <example>
/// <code>
/// var counter = new CallCounter();
/// counter.RecordCall(); counter.RecordCall(); counter.RecordFailure(CallFailure.Timeout);
/// counter.RecordOutcome(correct: false);
/// var w = counter.TakeInterval(TimeSpan.FromSeconds(1));
/// Console.WriteLine($"{w.Calls} {w.Timeouts} {w.ErrorRate}");
/// // prints: 3 1 0.6666666666666666
/// </code>
/// </example>
public sealed class CallCounter
{
    private long _calls, _exceptions, _timeouts, _labelled, _incorrect;

    /// <summary>A call that returned a prediction.</summary>
    public void RecordCall() => Interlocked.Increment(ref _calls);

    /// <summary>A call that failed (it counts as a call too).</summary>
    public void RecordFailure(CallFailure failure)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref failure == CallFailure.Timeout ? ref _timeouts : ref _exceptions);
    }

    /// <summary>A label arrived for an earlier prediction; <paramref name="correct"/> says whether the prediction was right.</summary>
    public void RecordOutcome(bool correct)
    {
        Interlocked.Increment(ref _labelled);
        if (!correct) Interlocked.Increment(ref _incorrect);
    }

    /// <summary>The counts since the previous call, attributed to a window of length <paramref name="window"/>; the counters restart at 0.</summary>
    public CallCounts TakeInterval(TimeSpan window) => new(
        Interlocked.Exchange(ref _calls, 0), Interlocked.Exchange(ref _exceptions, 0), Interlocked.Exchange(ref _timeouts, 0),
        Interlocked.Exchange(ref _labelled, 0), Interlocked.Exchange(ref _incorrect, 0), window);
}
