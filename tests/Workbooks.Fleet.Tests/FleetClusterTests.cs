using Xunit;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Fleet;
using Workbooks.ModelOps.Profiles;
using Workbooks.ModelOps.Profiles.Fleet;

namespace Workbooks.Fleet.Tests;

/// <summary>Fleet aggregation on a real three-silo Orleans test cluster with file-persisted grain state.</summary>
public sealed class FleetClusterTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wb-fleet-" + Guid.NewGuid().ToString("N"));
    private TestCluster _cluster = null!;

    private sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddWorkbooksFleet(silo.Configuration["FleetFolder"]!);
            // Declare a killed silo dead within seconds, not the production default of about a minute.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        }
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.Properties["FleetFolder"] = _folder;
        builder.AddSiloBuilderConfigurator<Silo>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static DatasetProfile Profile(int rows, double shift, ulong seed)
    {
        var random = new SeededRandom(seed);
        return DatasetProfile.FromTable(new Table([
            TableColumn.Numerical("x", Enumerable.Range(0, rows).Select(_ => random.Normal(shift, 1)).ToArray()),
            TableColumn.Numerical("y", Enumerable.Range(0, rows).Select(_ => random.Normal(0, 1)).ToArray())]));
    }

    private static ProfilePublication Publication(string window, string replica, long seq, DatasetProfile p, long failures = 0) =>
        new("churn", "3", window, replica, seq, p.ToBytes(), new FleetQualityCounts(p.Rows, failures, 0, 0));

    /// <summary>Retries a call while the cluster notices a dead silo (the publisher does the same with its retries).</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> call)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try { return await call(); }
            catch (Exception) when (DateTime.UtcNow < until) { await Task.Delay(200); }
        }
    }

    [Fact]
    public async Task AKilledSiloLosesNoMergedStateAndRepeatsAreMergedOnce()
    {
        var grains = _cluster.Client;
        var publisher = new OrleansProfilePublisher(grains);
        // Windows whose grains land on different silos; pick one hosted by a silo we can kill (not the primary).
        var windows = Enumerable.Range(0, 12).Select(h => $"2026-12-01T{h:D2}:00").ToArray();
        foreach (var w in windows) await publisher.PublishAsync(Publication(w, "replica-a", 1, Profile(500, 0, 1)));
        string? victimWindow = null; SiloHandle? victim = null;
        foreach (var w in windows)
        {
            string host = await grains.GetGrain<IFleetWindowGrain>(new FleetKey("churn", "3", w).ToString()).Host();
            victim = _cluster.SecondarySilos.FirstOrDefault(s => host.Contains(s.SiloAddress.ToString(), StringComparison.Ordinal));
            if (victim is not null) { victimWindow = w; break; }
        }
        Assert.NotNull(victim);
        string window = victimWindow!;
        var b = Profile(800, 0, 2);
        var c = Profile(300, 0, 3);
        Assert.True(await grains.GetGrain<IFleetWindowGrain>(new FleetKey("churn", "3", window).ToString()).Publish(FleetPublicationMessage.From(Publication(window, "replica-b", 1, b, failures: 7))));
        Assert.True(await grains.GetGrain<IFleetWindowGrain>(new FleetKey("churn", "3", window).ToString()).Publish(FleetPublicationMessage.From(Publication(window, "replica-c", 1, c))));
        var before = (await grains.MergedWindow("churn", "3", window)).Read();

        await _cluster.KillSiloAsync(victim!);

        var after = (await Eventually(() => grains.MergedWindow("churn", "3", window))).Read();
        string newHost = await grains.GetGrain<IFleetWindowGrain>(new FleetKey("churn", "3", window).ToString()).Host();
        Assert.DoesNotContain(victim!.SiloAddress.ToString(), newHost, StringComparison.Ordinal);
        Assert.Equal(1600, after.Profile!.Rows);
        Assert.Equal(before.ToBytes(), after.ToBytes());
        Assert.Equal(new FleetQualityCounts(1600, 7, 0, 0), after.Quality);
        Assert.Equal(["replica-a", "replica-b", "replica-c"], after.Replicas);
        // A retry of an acknowledged publication (its acknowledgement lost with the silo) is not merged twice.
        Assert.False(await grains.GetGrain<IFleetWindowGrain>(new FleetKey("churn", "3", window).ToString()).Publish(FleetPublicationMessage.From(Publication(window, "replica-b", 1, b, failures: 7))));
        Assert.Equal(1600, (await grains.MergedWindow("churn", "3", window)).Read().Profile!.Rows);
        // The merged profile equals merging the three replicas' profiles directly (exact fields).
        var direct = Profile(500, 0, 1); direct.Merge(b); direct.Merge(c);
        Assert.Equal(direct["x"].Moments.Mean, after.Profile["x"].Moments.Mean, 12);
        Assert.Equal(direct["x"].Min, after.Profile["x"].Min);
        Assert.Equal(direct["y"].Max, after.Profile["y"].Max);
        Assert.Equal(windows, await grains.FleetWindows("churn", "3"));
    }

    [Fact]
    public async Task DriftOnTheMergedViewRaisesAnAlertThatMoreDataCanResolve()
    {
        var grains = _cluster.Client;
        var publisher = new OrleansProfilePublisher(grains);
        await grains.SetReference("churn", "3", Profile(20_000, 0, 10));
        await publisher.PublishAsync(Publication("2026-12-01T00:00", "replica-a", 1, Profile(5_000, 0, 11)));
        await publisher.PublishAsync(Publication("2026-12-01T01:00", "replica-a", 2, Profile(5_000, 1.0, 12)));
        await publisher.PublishAsync(Publication("2026-12-01T01:00", "replica-b", 1, Profile(5_000, 1.0, 13)));
        var alerts = await grains.FleetAlerts("churn", "3");
        var alert = Assert.Single(alerts);
        Assert.Equal("2026-12-01T01:00", alert.Window);
        Assert.Equal(["x"], alert.DriftedColumns);
        Assert.Equal(10_000, alert.Rows);
        Assert.Equal(2, alert.Replicas);
        Assert.Contains("\"approximate\":true", alert.ReportJson, StringComparison.Ordinal);
        var quiet = await grains.MergedWindow("churn", "3", "2026-12-01T00:00");
        Assert.False(quiet.Drift!.DatasetDrift);
    }
}
