using System.Collections.Concurrent;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Monitoring;

public class ModelMonitorTests
{
    private sealed class Collect<TIn, TOut> : IWindowObserver<TIn, TOut>, IQualityObserver<TIn, TOut>
    {
        public readonly ConcurrentQueue<MonitorWindow<TIn, TOut>> Windows = new();
        public readonly ConcurrentQueue<QualityWindow<TIn, TOut>> Quality = new();
        public void OnWindow(MonitorWindow<TIn, TOut> w) => Windows.Enqueue(w);
        public void OnQualityWindow(QualityWindow<TIn, TOut> w) => Quality.Enqueue(w);
    }

    [Fact]
    public void Doc_example_predicts_and_joins_a_label()
    {
        using var monitor = new ModelMonitor<double, double>(x => 2 * x, new MonitorOptions { Window = WindowSpec.ByCount(2) });
        double y = monitor.Predict(21, out long id);
        monitor.Label(id, GroundTruth.OfValue(42));
        monitor.Flush();
        Assert.Equal("42 id=1 requests=1 joined=1", $"{y} id={id} requests={monitor.Counts.Requests} joined={monitor.Counts.Labels.Joined}");
    }

    [Fact]
    public void Many_threads_lose_no_counts_and_every_label_joins()
    {
        const int threads = 8, perThread = 20_000;
        var collect = new Collect<int, int>();
        using var monitor = new ModelMonitor<int, int>(x => x % 97 == 0 ? throw new InvalidOperationException("bad row") : x % 2,
            new MonitorOptions { Window = WindowSpec.ByCount(1000), QueueCapacity = 1024, BackPressure = BackPressure.Block },
            project: y => new PredictionView(y.ToString(), y));
        monitor.Pipeline.AddWindowObserver(collect);
        monitor.Pipeline.AddQualityObserver(collect);
        long expectedFailures = 0;
        for (int x = 0; x < perThread; x++) if (x % 97 == 0) expectedFailures += threads;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int x = 0; x < perThread; x++)
            {
                try
                {
                    int y = monitor.Predict(x, out long id);
                    // Every tenth label is wrong on purpose.
                    monitor.Label(id, GroundTruth.OfClass((x % 10 == 0 ? 1 - y : y).ToString()));
                }
                catch (InvalidOperationException) { }
            }
        });
        monitor.Flush();
        var c = monitor.Counts;
        long total = threads * perThread;
        Assert.Equal(total, c.Requests);
        Assert.Equal(expectedFailures, c.Failures);
        Assert.Equal(0, c.Dropped);
        Assert.Equal(total, c.Processed);
        Assert.Equal(total - expectedFailures, c.Labels.Joined);
        Assert.Equal(0, c.Labels.Unmatched + c.Labels.Expired + c.Labels.Evicted);
        Assert.Equal(total / 1000, collect.Windows.Count);
        Assert.Equal(total, collect.Windows.Sum(w => w.Count));
        Assert.Equal(expectedFailures, collect.Windows.Sum(w => w.Failures));
        // Labeled windows: every joined label lands in exactly one; 10% of rows (x % 10 == 0, none failing unless x % 97 == 0) are wrong.
        monitor.Dispose();
        Assert.Equal(total - expectedFailures, collect.Quality.Sum(q => q.Count));
        long wrong = 0;
        for (int x = 0; x < perThread; x++) if (x % 10 == 0 && x % 97 != 0) wrong += threads;
        Assert.Equal(wrong, collect.Quality.Sum(q => q.Incorrect));
    }

    [Theory]
    [InlineData(BackPressure.Block)]
    [InlineData(BackPressure.Drop)]
    public void The_hot_path_allocates_nothing_on_the_calling_thread(BackPressure policy)
    {
        var input = new float[] { 1, 2, 3 };
        using var monitor = new ModelMonitor<float[], float>(x => x[0] + x[1], new MonitorOptions { BackPressure = policy, QueueCapacity = 4096 });
        for (int i = 0; i < 10_000; i++) monitor.Predict(input);   // warm up: JIT, tiering
        int passes = 0;
        long allocated = AllocationProbe.LeastAllocated(() =>
        {
            passes++;
            for (int i = 0; i < 100_000; i++) monitor.Predict(input, out _);
        });
        Assert.Equal(0, allocated);
        monitor.Flush();
        Assert.Equal(10_000 + passes * 100_000, monitor.Counts.Requests);
    }

    [Fact]
    public void Drop_policy_counts_every_dropped_record()
    {
        var gate = new ManualResetEventSlim(false);
        var collect = new Collect<int, int>();
        using var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { QueueCapacity = 16, BackPressure = BackPressure.Drop, Window = WindowSpec.ByCount(1) });
        // A hook that blocks the background thread, so the queue fills up.
        monitor.Pipeline.AddWindowObserver(new BlockingObserver(gate));
        for (int i = 0; i < 1000; i++) monitor.Predict(i);
        gate.Set();
        monitor.Flush();
        var c = monitor.Counts;
        Assert.Equal(1000, c.Requests);
        Assert.True(c.Dropped > 0, "the blocked consumer must have forced drops");
        Assert.Equal(1000, c.Processed + c.Dropped);
    }

    private sealed class BlockingObserver(ManualResetEventSlim gate) : IWindowObserver<int, int>
    {
        public void OnWindow(MonitorWindow<int, int> window) => gate.Wait();
    }

    [Fact]
    public void Tumbling_count_windows_match_the_chunker()
    {
        var collect = new Collect<int, int>();
        using (var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { Window = WindowSpec.ByCount(4) }))
        {
            monitor.Pipeline.AddWindowObserver(collect);
            for (int i = 0; i < 10; i++) monitor.Predict(i);
        }
        Assert.Equal(Chunker.BySize(10, 4).Select(c => c.Key), collect.Windows.Select(w => w.Key));
        Assert.Equal(new[] { true, true, false }, collect.Windows.Select(w => w.Complete));
        Assert.Equal(new[] { 8, 9 }, collect.Windows.Last().Calls.Select(c => c.Input));
    }

    [Fact]
    public void Sliding_count_windows_overlap_by_size_minus_step()
    {
        var collect = new Collect<int, int>();
        using (var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { Window = WindowSpec.ByCount(4, step: 2) }))
        {
            monitor.Pipeline.AddWindowObserver(collect);
            for (int i = 0; i < 8; i++) monitor.Predict(i);
            monitor.Flush();
            Assert.Equal(new[] { "[0:4)", "[2:6)", "[4:8)" }, collect.Windows.Select(w => w.Key));
            Assert.Equal(new[] { 2, 3, 4, 5 }, collect.Windows.ElementAt(1).Calls.Select(c => c.Input));
        }
    }

    [Fact]
    public void Time_and_period_windows_follow_a_simulated_clock()
    {
        var t0 = new DateTime(2012, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        var clock = new SimulatedClock(t0);
        var tumbling = new Collect<int, int>();
        var byHour = new Collect<int, int>();
        using var a = new ModelMonitor<int, int>(x => x, new MonitorOptions { Clock = clock, Window = WindowSpec.ByTime(TimeSpan.FromMinutes(10)) });
        using var b = new ModelMonitor<int, int>(x => x, new MonitorOptions { Clock = clock, Window = WindowSpec.ByPeriod(ChunkPeriod.Hour) });
        a.Pipeline.AddWindowObserver(tumbling);
        b.Pipeline.AddWindowObserver(byHour);
        var times = new List<DateTime>();
        for (int i = 0; i < 30; i++)
        {
            clock.Set(t0.AddMinutes(i * 3));   // 10:00 .. 11:27
            times.Add(clock.GetUtcNow().UtcDateTime);
            a.Predict(i); b.Predict(i);
            a.Flush(); b.Flush();
        }
        clock.Set(t0.AddHours(2));
        a.Flush(); b.Flush();
        // 10:00 .. 11:50 are closed by 12:00; the last three saw no traffic and say so (throughput 0).
        Assert.Equal(12, tumbling.Windows.Count);
        Assert.Equal("2012-03-01T10:00:00", tumbling.Windows.First().Key);
        Assert.Equal(new[] { 4, 3, 3, 4, 3, 3, 4, 3, 3, 0, 0, 0 }, tumbling.Windows.Select(w => (int)w.Count));
        Assert.Equal(0, tumbling.Windows.Last().ThroughputPerSecond);
        Assert.All(tumbling.Windows, w => Assert.Equal(TimeSpan.FromMinutes(10), w.End - w.Start));
        Assert.Equal(Chunker.ByPeriod(times, ChunkPeriod.Hour).Select(c => c.Key), byHour.Windows.Select(w => w.Key));
        Assert.Equal(Chunker.ByPeriod(times, ChunkPeriod.Hour).Select(c => c.Count), byHour.Windows.Select(w => (int)w.Count));
    }

    [Fact]
    public void Sliding_time_windows_hold_each_call_length_over_step_times()
    {
        var t0 = new DateTime(2012, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        var clock = new SimulatedClock(t0);
        var collect = new Collect<int, int>();
        using var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { Clock = clock, Window = WindowSpec.ByTime(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)) });
        monitor.Pipeline.AddWindowObserver(collect);
        for (int i = 0; i < 30; i++)
        {
            clock.Set(t0.AddMinutes(i));   // one call a minute, 10:00 .. 10:29
            monitor.Predict(i);
        }
        clock.Set(t0.AddHours(1));
        monitor.Flush();
        // Windows of 10 minutes every 5, aligned to the step: 09:55, 10:00, ..., 10:50 are closed by 11:00.
        Assert.Equal("2012-03-01T09:55:00", collect.Windows.First().Key);
        Assert.Equal(new[] { 5, 10, 10, 10, 10, 10, 5, 0, 0, 0, 0, 0 }, collect.Windows.Select(w => (int)w.Count));
        Assert.Equal(new[] { 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 }, collect.Windows.ElementAt(2).Calls.Select(c => c.Input));
    }

    [Fact]
    public void Labels_expire_and_unknown_labels_are_counted()
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var clock = new SimulatedClock(t0);
        using var monitor = new ModelMonitor<int, bool>(x => x > 0, new MonitorOptions { Clock = clock, LabelTimeToLive = TimeSpan.FromMinutes(5), PendingLabelCapacity = 3 });
        monitor.Predict(1, out long late);
        monitor.Flush();
        clock.Advance(TimeSpan.FromMinutes(6));
        monitor.Flush();
        monitor.Label(late, GroundTruth.OfClass("True"));   // expired by now
        for (int i = 0; i < 5; i++) monitor.Predict(i);      // 5 into a store of 3: 2 evicted
        monitor.Flush();
        var labels = monitor.Counts.Labels;
        Assert.Equal(1, labels.Expired);
        Assert.Equal(1, labels.Unmatched);
        Assert.Equal(2, labels.Evicted);
        Assert.Equal(3, labels.Waiting);
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Label(999, GroundTruth.OfClass("x")));
    }

    [Fact]
    public void A_failing_hook_is_counted_not_fatal()
    {
        using var monitor = new ModelMonitor<int, int>(x => x, new MonitorOptions { Window = WindowSpec.ByCount(1) });
        monitor.Pipeline.AddWindowObserver(new ThrowingObserver());
        for (int i = 0; i < 3; i++) monitor.Predict(i);
        monitor.Flush();
        Assert.Equal(3, monitor.Pipeline.HookErrors);
        Assert.Equal(3, monitor.Counts.Processed);
    }

    private sealed class ThrowingObserver : IWindowObserver<int, int>
    {
        public void OnWindow(MonitorWindow<int, int> window) => throw new InvalidOperationException("observer bug");
    }
}
