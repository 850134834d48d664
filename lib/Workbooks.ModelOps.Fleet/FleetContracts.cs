using Workbooks.ModelOps.Profiles.Fleet;

namespace Workbooks.ModelOps.Fleet;

/// <summary>One replica's publication as it crosses the cluster (the Orleans-serializable twin of <see cref="ProfilePublication"/>).</summary>
[GenerateSerializer, Alias("workbooks.fleet.publication")]
public sealed record FleetPublicationMessage(
    [property: Id(0)] string Replica, [property: Id(1)] long Sequence, [property: Id(2)] byte[] Profile,
    [property: Id(3)] long Calls, [property: Id(4)] long Failures, [property: Id(5)] long Labelled, [property: Id(6)] long Incorrect)
{
    public static FleetPublicationMessage From(ProfilePublication p) =>
        new(p.Replica, p.Sequence, p.Profile, p.Quality.Calls, p.Quality.Failures, p.Quality.Labelled, p.Quality.Incorrect);

    public ProfilePublication ToPublication(FleetKey key) =>
        new(key.Model, key.Version, key.Window!, Replica, Sequence, Profile, new FleetQualityCounts(Calls, Failures, Labelled, Incorrect));
}

/// <summary>The verdict of drift against the reference on a merged window (kept with the window, and as an alert when drifted).</summary>
[GenerateSerializer, Alias("workbooks.fleet.drift")]
public sealed record FleetDriftSummary(
    [property: Id(0)] string Window, [property: Id(1)] bool DatasetDrift, [property: Id(2)] double DriftedShare,
    [property: Id(3)] string[] DriftedColumns, [property: Id(4)] string[] BorderlineColumns, [property: Id(5)] long Rows,
    [property: Id(6)] int Replicas, [property: Id(7)] string ReportJson);

/// <summary>What a fleet window grain holds: the merged aggregate (<see cref="FleetWindowAggregate.ToBytes"/>) and the latest drift verdict.</summary>
[GenerateSerializer, Alias("workbooks.fleet.window-view")]
public sealed record FleetWindowSnapshot([property: Id(0)] byte[] Aggregate, [property: Id(1)] FleetDriftSummary? Drift)
{
    public FleetWindowAggregate Read() => FleetWindowAggregate.FromBytes(Aggregate);
}

/// <summary>Merges the publications of every replica for one model, version and fleet window; key: <see cref="FleetKey.ToString"/>.</summary>
[Alias("workbooks.fleet.IFleetWindowGrain")]
public interface IFleetWindowGrain : IGrainWithStringKey
{
    /// <summary>Merges a publication (once: a repeat returns false) and persists the result before returning.</summary>
    [Alias("publish")] Task<bool> Publish(FleetPublicationMessage publication);
    [Alias("snapshot")] Task<FleetWindowSnapshot> Snapshot();
    /// <summary>The silo that hosts this activation (tests and operations).</summary>
    [Alias("host")] Task<string> Host();
}

/// <summary>Per model and version: the reference profile, the windows seen and the drift alerts raised on merged windows.</summary>
[Alias("workbooks.fleet.IFleetModelGrain")]
public interface IFleetModelGrain : IGrainWithStringKey
{
    [Alias("set-reference")] Task SetReference(byte[] profile);
    [Alias("reference")] Task<byte[]> Reference();
    /// <summary>Called by a window grain after each merge; records the window and raises an alert when its merged view drifted.</summary>
    [Alias("window-checked")] Task WindowChecked(string window, FleetDriftSummary? drift);
    [Alias("windows")] Task<string[]> Windows();
    [Alias("alerts")] Task<FleetDriftSummary[]> Alerts();
}
