using System.Diagnostics.Metrics;
using System.Globalization;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Registry;
using Xunit;

namespace Workbooks.Tests.Monitoring;

/// <summary>Swapping the model under a running monitor: every call is served and recorded by exactly one version.</summary>
public sealed class ModelSwapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-swap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<double, double> Version(double v) => _ => v;

    [Fact]
    public void Swaps_under_concurrent_calls_lose_nothing_count_nothing_twice_and_tag_each_call_with_its_version()
    {
        var name = $"swap-{Guid.NewGuid():N}";
        using var log = PredictionLog.Open(Path.Combine(_dir, "log.duckdb"));
        using var monitor = new ModelMonitor<double, double>(Version(1), new MonitorOptions { ModelName = name, ModelVersion = "1", KeepWindowCalls = false });
        monitor.Pipeline.AddSink(new PredictionLogSink<double, double>(log, monitor, features: _ => "{}"));
        var perThread = new Dictionary<double, long>[4];
        long calls = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, perThread.Length).Select(t => new Thread(() =>
        {
            var seen = perThread[t] = new Dictionary<double, long>();
            while (!stop.IsCancellationRequested)
            {
                double served = monitor.Predict(t);
                seen[served] = seen.GetValueOrDefault(served) + 1;
                Interlocked.Increment(ref calls);
            }
        })).ToArray();
        foreach (var c in callers) c.Start();
        // 1 -> 2 -> 3 -> back to 2 (a rollback: version 2's counters continue), while the callers run flat out.
        // Each version serves calls before the next swap: wait for 50 more calls rather than a fixed time, since
        // on a loaded machine 150 ms once passed with no call at all (at most 4 calls were in flight across a swap).
        void AwaitCalls()
        {
            long target = Interlocked.Read(ref calls) + 50;
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref calls) >= target, TimeSpan.FromSeconds(120)), "callers made no progress in 120 s");
        }
        foreach (var v in new[] { 2.0, 3.0, 2.0 })
        {
            AwaitCalls();
            monitor.SwapModel(Version(v), v.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(v.ToString(CultureInfo.InvariantCulture), monitor.ModelVersion);
        }
        AwaitCalls();
        stop.Cancel();
        foreach (var c in callers) c.Join();
        monitor.Flush();

        var served = perThread.SelectMany(d => d).GroupBy(kv => kv.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Sum(kv => kv.Value));
        long total = served.Values.Sum();
        Assert.Equal(total, monitor.Counts.Requests);
        var counts = monitor.VersionCounts.ToDictionary(c => c.Version, c => c.Requests);
        Assert.Equal(served.OrderBy(kv => kv.Key), counts.OrderBy(kv => kv.Key));   // each version counted exactly the calls it served
        Assert.All(served.Values, n => Assert.True(n > 0));

        // The log tags each prediction with the version that made it (a version-v model predicts v).
        Assert.Equal(total, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions")));
        Assert.Equal(0L, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions WHERE CAST(version AS DOUBLE) <> score")));

        // The requests meter reports one series per version, summing to the total.
        var measured = new Dictionary<string, long>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == MonitorMeters.MeterName && i.Name == "workbooks.monitor.requests") l.EnableMeasurementEvents(i); };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var t = tags.ToArray();
                if (t.Any(kv => kv.Key == "model" && (string?)kv.Value == name)) measured[(string)t.Single(kv => kv.Key == "version").Value!] = value;
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }
        Assert.Equal(counts.OrderBy(kv => kv.Key), measured.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_call_in_flight_during_a_swap_finishes_on_its_model_and_is_recorded_under_its_version()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var monitor = new ModelMonitor<double, double>(x => { entered.Set(); release.Wait(); return 1; }, new MonitorOptions { ModelVersion = "1" });
        double slowResult = 0;
        var slow = new Thread(() => slowResult = monitor.Predict(0));
        slow.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        monitor.SwapModel(Version(2), "2");
        Assert.Equal(2, monitor.Predict(0));   // new calls go to the new model at once
        release.Set();
        slow.Join();
        Assert.Equal(1, slowResult);          // the old call finishes on the old one
        monitor.Flush();
        Assert.Equal([new ModelVersionCounts("1", 1, 0, 0), new ModelVersionCounts("2", 1, 0, 0)], monitor.VersionCounts);
    }

    [Fact]
    public void A_monitor_following_an_alias_swaps_to_each_verified_version_and_keeps_its_model_when_a_file_is_corrupt()
    {
        var registry = ModelRegistry.Open(Path.Combine(_dir, "reg"));
        // The "model" files hold a factor; the loader turns a verified file into a predictor (an ML.NET loader plugs in the same way).
        Func<string, Func<double, double>> load = path => { double k = double.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture); return x => k * x; };
        int Register(string factor) => registry.Register("scale", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(factor))).Version;
        registry.SetAlias("scale", "champion", Register("10"));
        Register("20");

        using var monitor = new ModelMonitor<double, double>(x => x, new MonitorOptions { ModelName = "scale", ModelVersion = "0" });
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var watcher = monitor.FollowAlias(registry, "scale", "champion", load, TimeSpan.FromMilliseconds(50));
        watcher.Failed += failures.Enqueue;
        Assert.Equal(("1", 10.0), (monitor.ModelVersion, monitor.Predict(1)));   // loaded at once

        registry.SetAlias("scale", "champion", 2);
        Assert.True(SpinWait.SpinUntil(() => monitor.ModelVersion == "2", TimeSpan.FromSeconds(20)), "the monitor did not follow the alias to version 2");
        Assert.Equal(20.0, monitor.Predict(1));

        var v3 = registry.Get($"scale:{Register("30")}");
        File.WriteAllText(Path.Combine(registry.Directory, "files", v3.Sha256), "31");   // corrupt it on disk
        registry.SetAlias("scale", "champion", 3);
        Assert.True(SpinWait.SpinUntil(() => !failures.IsEmpty, TimeSpan.FromSeconds(20)), "a corrupted file was not reported");
        var failure = Assert.IsType<ModelFileException>(failures.First());
        Assert.Equal(("scale", 3), (failure.Name, failure.Version));
        Assert.Equal(("2", 20.0), (monitor.ModelVersion, monitor.Predict(1)));   // still serving the last good version

        registry.Rollback("scale", "champion");
        Assert.True(SpinWait.SpinUntil(() => monitor.ModelVersion == "2" && watcher.Current?.Version == 2, TimeSpan.FromSeconds(20)));
        monitor.Flush();
        Assert.Equal(["1", "2"], monitor.VersionCounts.Where(c => c.Requests > 0).Select(c => c.Version));
    }
}
