using Workbooks.ModelOps.Metrics;
using Xunit;

namespace Workbooks.Tests.Metrics;

public class LatencyAndCallsTests
{
    // Exact percentile by nearest rank: the value at rank round(p/100 * n) of the sorted values. (Rounding, not
    // ceiling: 99.9 / 100 * 100000 is 99900.00000000001 in doubles, and HdrHistogram counts that as rank 99900.)
    private static long ExactPercentile(long[] sorted, double p) =>
        sorted[Math.Max(0, (int)Math.Round(p / 100 * sorted.Length, MidpointRounding.AwayFromZero) - 1)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Percentiles_are_within_a_tenth_of_a_percent_of_the_exact_ones(int seed)
    {
        // Log-normal latencies from ~50 µs to minutes: the long-tailed shape real services have.
        var rng = new Random(seed);
        var values = new long[100_000];
        for (int i = 0; i < values.Length; i++)
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            values[i] = (long)Math.Exp(Math.Log(2_000) + 1.5 * normal);
        }
        var recorder = new LatencyRecorder();
        foreach (var v in values) recorder.RecordMicroseconds(v);
        var snapshot = recorder.TakeInterval();
        Array.Sort(values);
        Assert.Equal(values.Length, snapshot.Count);
        foreach (var p in LatencySnapshot.StandardPercentiles)
        {
            long exact = ExactPercentile(values, p), got = snapshot.ValueAtPercentile(p);
            Assert.True(Math.Abs(got - exact) <= 0.001 * exact, $"p{p}: exact {exact}, histogram {got}");
        }
        Assert.True(Math.Abs(snapshot.Max - values[^1]) <= 0.001 * values[^1]);
    }

    [Fact]
    public async Task Concurrent_recording_loses_nothing_and_windows_merge()
    {
        var recorder = new LatencyRecorder();
        var windows = new List<LatencySnapshot>();
        var writers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 50_000; i++) recorder.RecordMicroseconds(100 + (i % 1000));
        })).ToArray();
        var allDone = Task.WhenAll(writers);
        while (!allDone.IsCompleted) { windows.Add(recorder.TakeInterval()); await Task.Delay(2); } // read while writers run
        await allDone;
        windows.Add(recorder.TakeInterval());
        var all = LatencySnapshot.Merge(windows);
        Assert.Equal(200_000, all.Count);
        Assert.Equal(1099, all.Max);
        Assert.Equal(599, all.P50);
        Assert.True(recorder.TakeInterval().IsEmpty);
    }

    [Fact]
    public void Latency_beyond_an_hour_is_clamped_and_counted()
    {
        var recorder = new LatencyRecorder();
        recorder.RecordMicroseconds(LatencyRecorder.HighestTrackableMicroseconds * 2);
        recorder.Record(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, recorder.SaturatedCount);
        var s = recorder.TakeInterval();
        Assert.Equal(2, s.Count);
        Assert.InRange(s.P50, 5000, 5005); // 5000 µs lies in a bucket 4 µs wide at 3 significant digits
        Assert.True(s.Max >= LatencyRecorder.HighestTrackableMicroseconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.RecordMicroseconds(-1));
        var e = Assert.Throws<InvalidOperationException>(() => LatencySnapshot.Empty.P99);
        Assert.Contains("no calls", e.Message);
        Assert.Contains("p99", s.ToHtml());
    }

    [Fact]
    public void Call_counters_give_throughput_and_error_rates()
    {
        var counter = new CallCounter();
        Parallel.For(0, 10_000, i =>
        {
            if (i % 100 == 0) counter.RecordFailure(i % 200 == 0 ? CallFailure.Timeout : CallFailure.Exception);
            else counter.RecordCall();
            if (i % 2 == 0) counter.RecordOutcome(correct: i % 10 != 0);
        });
        var w = counter.TakeInterval(TimeSpan.FromSeconds(4));
        Assert.Equal(10_000, w.Calls);
        Assert.Equal(50, w.Timeouts);
        Assert.Equal(50, w.Exceptions);
        Assert.Equal(2500, w.Throughput);
        Assert.Equal(0.01, w.FailureRate);
        Assert.Equal(0.2, w.IncorrectRate);
        Assert.Equal((100 + 1000) / 10_000.0, w.ErrorRate);
        var next = counter.TakeInterval(TimeSpan.FromSeconds(1));
        Assert.Equal(0, next.Calls);
        Assert.Equal(0.0, next.ErrorRate);
        var total = CallCounts.Sum(new[] { w, next });
        Assert.Equal(2000, total.Throughput);
    }
}
