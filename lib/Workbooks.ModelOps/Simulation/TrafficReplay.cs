using System.Diagnostics;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Simulation;

/// <summary>Settings for <see cref="TrafficReplay"/>.</summary>
/// <example>
/// <code>
/// var options = new ReplayOptions { IncorrectAbove = 100 };
/// Console.WriteLine($"{options.IncorrectAbove} {options.SimulatedFailureRate} {options.Seed}");
/// // prints: 100 0 42
/// </code>
/// </example>
public sealed record ReplayOptions
{
    /// <summary>A prediction counts as incorrect in the error rate when |actual − predicted| exceeds this
    /// (in the label's unit); null: only failed calls count as errors.</summary>
    public double? IncorrectAbove { get; init; }
    /// <summary>Fault injection for drills: this fraction of calls fails with a simulated timeout before
    /// reaching the model (seeded, so a replay is repeatable). 0 by default.</summary>
    public double SimulatedFailureRate { get; init; }
    public int Seed { get; init; } = 42;
}

/// <summary>One window of a replay: its quality over the calls that returned, latency, and call counts.</summary>
/// <example>
/// <code>
/// var rows = new List&lt;double&gt; { 1, 2, 3 };
/// var window = TrafficReplay.Regression(rows, Chunker.BySize(3, 3), x => x, x => x).Windows[0];
/// Console.WriteLine($"{window.Window.Key} {window.Quality!.Mae} {window.Calls.Calls}");
/// // prints: [0:3) 0 3
/// </code>
/// </example>
/// <param name="Window">The rows of the window (from <see cref="Chunker"/>).</param>
/// <param name="Quality">MAE, RMSE, MAPE, R² of the window's successful predictions; null when none succeeded.</param>
/// <param name="Latency">Latency of the window's successful calls.</param>
/// <param name="Calls">Calls, failures and incorrect predictions; its window length is the wall time spent.</param>
public sealed record ReplayWindow(Chunk Window, RegressionReport? Quality, LatencySnapshot Latency, CallCounts Calls);

/// <summary>
/// Replays rows in time order as production traffic through a predictor, one call per row: each call is timed
/// into a <see cref="LatencyRecorder"/>, counted in a <see cref="CallCounter"/> (exceptions, timeouts, and
/// incorrect predictions once the row's label is joined), and scored with a <see cref="RegressionAccumulator"/>;
/// at each window boundary (chunks from <see cref="Chunker"/>) the three are read and restarted. It is the
/// small loop a notebook needs; the full model monitor adds ids, late labels, concurrency and sinks.
/// </summary>
/// <example>
/// <code>
/// var rows = Enumerable.Range(0, 100).Select(i => (double)i).ToList();
/// var replay = TrafficReplay.Regression(rows, Chunker.BySize(rows.Count, 50), x => 2 * x, x => 2 * x + 1);
/// Console.WriteLine($"{replay.Windows.Count} {replay.Windows[0].Quality!.Mae} {replay.Windows[1].Calls.Calls}");
/// // prints: 2 1 50
/// </code>
/// </example>
public static class TrafficReplay
{
    /// <summary>Replays a regression model over <paramref name="rows"/>; <paramref name="windows"/> must cover rows in order.</summary>
    public static ReplayResult Regression<TRow>(IReadOnlyList<TRow> rows, IReadOnlyList<Chunk> windows,
        Func<TRow, double> predict, Func<TRow, double> actual, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows); ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(predict); ArgumentNullException.ThrowIfNull(actual);
        options ??= new ReplayOptions();
        if (!(options.SimulatedFailureRate >= 0 && options.SimulatedFailureRate < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.SimulatedFailureRate, "SimulatedFailureRate must be in [0, 1).");
        var latency = new LatencyRecorder();
        var counter = new CallCounter();
        var quality = new RegressionAccumulator();
        var faults = new Random(options.Seed);
        var result = new List<ReplayWindow>(windows.Count);
        int expectedStart = 0;
        foreach (var window in windows)
        {
            if (window.Start != expectedStart || window.End > rows.Count)
                throw new ArgumentException($"Window '{window.Key}' covers rows [{window.Start}, {window.End}) but the next row to replay is {expectedStart} of {rows.Count}.", nameof(windows));
            long windowStart = Stopwatch.GetTimestamp();
            for (int i = window.Start; i < window.End; i++)
                Call(rows[i], i, predict, actual, options, faults, latency, counter, quality);
            var elapsed = Stopwatch.GetElapsedTime(windowStart);
            var report = quality.Count > 0
                ? new RegressionReport(quality.Count, quality.MeanAbsoluteError, quality.RootMeanSquaredError, quality.MeanAbsolutePercentageError, quality.RSquared)
                : null;
            result.Add(new ReplayWindow(window, report, latency.TakeInterval(), counter.TakeInterval(elapsed > TimeSpan.Zero ? elapsed : TimeSpan.FromTicks(1))));
            quality.Reset();
            expectedStart = window.End;
        }
        if (expectedStart != rows.Count)
            throw new ArgumentException($"The windows end at row {expectedStart} but there are {rows.Count} rows.", nameof(windows));
        return new ReplayResult(result);
    }

    private static void Call<TRow>(TRow row, int index, Func<TRow, double> predict, Func<TRow, double> actual, ReplayOptions options,
        Random faults, LatencyRecorder latency, CallCounter counter, RegressionAccumulator quality)
    {
        if (options.SimulatedFailureRate > 0 && faults.NextDouble() < options.SimulatedFailureRate)
        {
            counter.RecordFailure(CallFailure.Timeout);
            return;
        }
        double predicted;
        long start = Stopwatch.GetTimestamp();
        try
        {
            predicted = predict(row);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            counter.RecordFailure(e is TimeoutException or OperationCanceledException ? CallFailure.Timeout : CallFailure.Exception);
            return;
        }
        latency.RecordElapsedSince(start);
        counter.RecordCall();
        double label = actual(row);
        if (!double.IsFinite(predicted) || !double.IsFinite(label))
            throw new InvalidDataException($"Row {index}: the {(double.IsFinite(label) ? "prediction" : "label")} is not a finite number.");
        quality.Add(label, predicted);
        counter.RecordOutcome(options.IncorrectAbove is not { } limit || Math.Abs(label - predicted) <= limit);
    }
}
