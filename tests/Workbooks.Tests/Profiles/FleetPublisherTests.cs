using System.Collections.Concurrent;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Profiles;
using Workbooks.ModelOps.Profiles.Fleet;
using Xunit;

namespace Workbooks.Tests.Profiles;

public sealed class FleetPublisherTests
{
    /// <summary>A publisher that keeps what it is sent and refuses the first calls, as an unreachable cluster would.</summary>
    private sealed class Collecting(int failFirst = 0) : IProfilePublisher
    {
        private int _calls;
        public ConcurrentQueue<ProfilePublication> Received { get; } = new();
        public Task PublishAsync(ProfilePublication publication, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) <= failFirst) throw new IOException("cluster unreachable");
            Received.Enqueue(publication);
            return Task.CompletedTask;
        }
    }

    private static readonly DateTime Start = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static (ModelMonitor<double, double> Monitor, SimulatedClock Clock) Replica() 
    {
        var clock = new SimulatedClock(Start);
        var monitor = new ModelMonitor<double, double>(x => 2 * x, new MonitorOptions { ModelName = "m", ModelVersion = "1", Window = WindowSpec.ByCount(50), Clock = clock });
        return (monitor, clock);
    }

    private static Table Features(IReadOnlyList<double> xs) => new([TableColumn.Numerical("x", xs.ToArray())]);

    private static FleetPublishOptions Options(string replica) => new() { Replica = replica, Period = TimeSpan.FromHours(1), FirstRetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task ReplicasPublishPerFleetWindowAndTheMergeCountsEveryCallOnce()
    {
        var sink = new Collecting(failFirst: 2);   // the first two attempts fail: retries deliver them
        var (a, clockA) = Replica();
        var (b, clockB) = Replica();
        var fleetA = a.PublishProfiles(sink, Features, Options("a"));
        var fleetB = b.PublishProfiles(sink, Features, Options("b"));
        // Hour 9: a serves 120 calls (x = 0..119), b 80; hour 10: a 30, b 70.
        for (int i = 0; i < 120; i++) { a.Predict(i); clockA.Advance(TimeSpan.FromSeconds(20)); }
        for (int i = 0; i < 80; i++) { b.Predict(1000 + i); clockB.Advance(TimeSpan.FromSeconds(40)); }
        clockA.Set(Start.AddHours(1)); clockB.Set(Start.AddHours(1));
        for (int i = 0; i < 30; i++) a.Predict(i);
        for (int i = 0; i < 70; i++) b.Predict(i);
        await fleetA.DisposeAsync(); await fleetB.DisposeAsync();
        a.Dispose(); b.Dispose();

        Assert.Equal(0, fleetA.Lost + fleetB.Lost);
        var views = sink.Received.GroupBy(p => p.Window).ToDictionary(g => g.Key, g =>
        {
            var view = new FleetWindowAggregate();
            foreach (var p in g) view.Apply(p);
            foreach (var p in g) Assert.False(view.Apply(p));   // a retried publication merges once
            return view;
        });
        Assert.Equal(["2026-12-01T09:00", "2026-12-01T10:00"], views.Keys.Order(StringComparer.Ordinal));
        var nine = views["2026-12-01T09:00"];
        Assert.Equal(200, nine.Profile!.Rows);
        Assert.Equal(200, nine.Quality.Calls);
        Assert.Equal(["a", "b"], nine.Replicas);
        Assert.Equal(0, nine.Profile["x"].Min);
        Assert.Equal(1079, nine.Profile["x"].Max);
        Assert.Equal(100, views["2026-12-01T10:00"].Profile!.Rows);
        var roundTrip = FleetWindowAggregate.FromBytes(nine.ToBytes());
        Assert.Equal(nine.ToBytes(), roundTrip.ToBytes());
    }

    [Fact]
    public async Task AReplicaThatDiesLosesOnlyItsUnpublishedWindow()
    {
        var sink = new Collecting();
        var (a, clock) = Replica();
        var fleet = a.PublishProfiles(sink, Features, Options("a"));
        for (int i = 0; i < 100; i++) { a.Predict(i); clock.Advance(TimeSpan.FromSeconds(36)); }   // hour 9, two full monitor windows
        for (int i = 0; i < 100; i++) a.Predict(i);                                                 // hour 10: the window still open
        a.Flush();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (fleet.Published < 1 && DateTime.UtcNow < until) await Task.Delay(5);
        // The process dies here: nothing is flushed. What was published is complete; hour 10 is the loss.
        var published = Assert.Single(sink.Received);
        Assert.Equal("2026-12-01T09:00", published.Window);
        Assert.Equal(100, DatasetProfile.FromBytes(published.Profile).Rows);
        Assert.Equal(100, published.Quality.Calls);
        await fleet.DisposeAsync();
        a.Dispose();
    }

    [Fact]
    public async Task DocExamplesPrintWhatTheySay()
    {
        var t = new DateTime(2026, 12, 1, 13, 47, 5, DateTimeKind.Utc);
        Assert.Equal("2026-12-01T13:00 2026-12-01T13:45", FleetWindows.KeyOf(t, TimeSpan.FromHours(1)) + " " + FleetWindows.KeyOf(t, TimeSpan.FromMinutes(15)));

        var view = new FleetWindowAggregate();
        var p = new ProfilePublication("m", "1", "2026-12-01T13:00", "replica-a", 1, [], new FleetQualityCounts(10, 1, 0, 0));
        Assert.Equal("True False calls=10 replicas=1", $"{view.Apply(p)} {view.Apply(p)} calls={view.Quality.Calls} replicas={view.Replicas.Count}");

        var fleet = new LocalFleet();
        await fleet.PublishAsync(new ProfilePublication("m", "1", "2026-12-01T13:00", "a", 1, [], new FleetQualityCounts(5, 0, 0, 0)));
        Assert.Equal("0 rows from 1 replica(s), 5 calls, 0 failures", fleet.Window("m", "1", "2026-12-01T13:00").ToString());
    }

    [Fact]
    public void TableParquetWriterRoundTripsThroughTheReader()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wb-tpw-{Guid.NewGuid():N}.parquet");
        try
        {
            var table = new Table([TableColumn.Numerical("x", [0.5, double.NaN, 2]), TableColumn.Categorical("c", ["a", null, "b"])]);
            TableParquetWriter.Write(table, path, rowGroup: 2);
            var back = ParquetTableReader.Read(path);
            Assert.Equal(3, back.RowCount);
            Assert.Equal([0.5, double.NaN, 2.0], back["x"].Numbers!.ToArray());
            Assert.Equal("a||b", string.Join("|", back["c"].Labels!));
        }
        finally { File.Delete(path); }
    }
}
