using System.Diagnostics;
using System.Globalization;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>What a load test measured: every window of the monitor, the merged latency, and the exact totals.</summary>
public sealed record LoadTestResult(int Threads, TimeSpan Elapsed, MonitorCounts Counts, LatencySnapshot Latency,
    IReadOnlyList<MonitorWindow<int, double>> Windows) : IHtmlRenderable
{
    /// <summary>Calls per second of wall time over the whole test.</summary>
    public double Throughput => Counts.Requests / Elapsed.TotalSeconds;
    public double FailureRate => Counts.Requests == 0 ? 0 : (double)Counts.Failures / Counts.Requests;

    public string ToHtml() => LoadTestComparison.Table([this]);

    public override string ToString() =>
        $"{Threads} threads, {Counts.Requests} calls, {Counts.Failures} failed, {Throughput:0} calls/s, {Latency}";
}

/// <summary>Several load tests side by side (the same calls with 1, 2, 4 threads, say): one table row each.</summary>
/// <param name="Runs">The tests, in the order shown.</param>
public sealed record LoadTestComparison(IReadOnlyList<LoadTestResult> Runs) : IHtmlRenderable
{
    private static readonly string[] Header = ["threads", "calls", "failed", "dropped", "throughput", "p50", "p99", "p99.9", "max"];

    public string ToHtml() => Table(Runs);

    /// <summary>One line per test.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Runs);

    internal static string Table(IReadOnlyList<LoadTestResult> runs) => HtmlTable.Render("Load test", Header, runs.Select(r => (IReadOnlyList<string>)
    [
        r.Threads.ToString(CultureInfo.InvariantCulture), r.Counts.Requests.ToString("N0", CultureInfo.InvariantCulture),
        $"{r.Counts.Failures} ({r.FailureRate.ToString("P2", CultureInfo.InvariantCulture)})", r.Counts.Dropped.ToString(CultureInfo.InvariantCulture),
        r.Throughput.ToString("N0", CultureInfo.InvariantCulture) + " calls/s", LatencySnapshot.FormatMicroseconds(r.Latency.P50),
        LatencySnapshot.FormatMicroseconds(r.Latency.P99), LatencySnapshot.FormatMicroseconds(r.Latency.P999), LatencySnapshot.FormatMicroseconds(r.Latency.Max),
    ]).ToList());
}

/// <summary>
/// Hammers a monitored predictor from several threads at once: each thread calls it in a loop over its share
/// of the inputs; the monitor counts every call and cuts windows of a given number of calls.
/// </summary>
/// <example>
/// <code>
/// var result = LoadTest.Run(i => i * 0.5, inputs: 1000, threads: 4, windowSize: 250);
/// Console.WriteLine($"{result.Counts.Requests} {result.Windows.Count}");
/// // prints: 1000 4
/// </code>
/// </example>
public static class LoadTest
{
    /// <summary>Calls <paramref name="predict"/> with inputs 0..<paramref name="inputs"/>-1, split over <paramref name="threads"/> threads.
    /// Exceptions thrown by the predictor are counted as failed calls, never stop the test.</summary>
    public static LoadTestResult Run(Func<int, double> predict, int inputs, int threads, int windowSize = 1000, string model = "load-test")
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A load test needs at least one call.");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "A load test needs at least one thread.");
        var windows = new List<MonitorWindow<int, double>>();
        var collect = new WindowList(windows);
        var monitor = new ModelMonitor<int, double>(predict, new MonitorOptions { ModelName = model, Window = WindowSpec.ByCount(windowSize), KeepWindowCalls = false });
        monitor.Pipeline.AddWindowObserver(collect);
        var clock = Stopwatch.StartNew();
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = t; i < inputs; i += threads)
                {
                    try { monitor.Predict(i); }
                    catch (Exception) { /* counted by the monitor as a failed call */ }
                }
            });
            clock.Stop();
        }
        finally
        {
            monitor.Dispose();
        }
        lock (windows)
            return new LoadTestResult(threads, clock.Elapsed, monitor.Counts, LatencySnapshot.Merge(windows.Select(w => w.Latency)), windows.ToList());
    }

    /// <summary>The same <paramref name="inputs"/> calls once per thread count in <paramref name="threadCounts"/>, one test
    /// after another, shown as one table: where more threads stop adding throughput and start lengthening the tail.</summary>
    public static LoadTestComparison Scaling(Func<int, double> predict, int inputs, IEnumerable<int> threadCounts, int windowSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(threadCounts);
        return new LoadTestComparison(threadCounts.Select(threads => Run(predict, inputs, threads, windowSize)).ToList());
    }

    private sealed class WindowList(List<MonitorWindow<int, double>> windows) : IWindowObserver<int, double>
    {
        public void OnWindow(MonitorWindow<int, double> window) { lock (windows) windows.Add(window); }
    }
}
