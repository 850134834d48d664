using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Workbooks.ModelOps.Profiles;
using Workbooks.ModelOps.Profiles.Fleet;

namespace Workbooks.ModelOps.Fleet;

/// <summary>
/// Wiring. A silo: <c>siloBuilder.AddWorkbooksFleet(stateFolder)</c> (grains plus file storage; or register another
/// grain storage named <see cref="StorageName"/> and call <c>AddWorkbooksFleet()</c>). A replica or <c>workbooks serve</c>:
/// <c>services.AddFleetPublisher()</c> next to an Orleans client (<c>UseOrleansClient</c>) or inside a co-hosted silo,
/// then <c>monitor.PublishProfiles(sp.GetRequiredService&lt;IProfilePublisher&gt;(), features)</c>.
/// </summary>
public static class FleetHosting
{
    /// <summary>Name of the grain storage the fleet grains persist to.</summary>
    public const string StorageName = "workbooks-fleet";

    /// <summary>Fleet grains persisted in files under <paramref name="stateFolder"/> (reachable by every silo).</summary>
    public static ISiloBuilder AddWorkbooksFleet(this ISiloBuilder silo, string stateFolder)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageName, (sp, _) => new FileGrainStorage(stateFolder, sp.GetRequiredService<Serializer>()));
        return silo;
    }

    /// <summary>An <see cref="IProfilePublisher"/> that sends to the fleet grains through the registered <see cref="IGrainFactory"/>
    /// (an Orleans client or a co-hosted silo).</summary>
    public static IServiceCollection AddFleetPublisher(this IServiceCollection services) =>
        services.AddSingleton<IProfilePublisher>(sp => new OrleansProfilePublisher(sp.GetRequiredService<IGrainFactory>()));
}

/// <summary>Publishes window profiles to the fleet window grains; returns when the grain has persisted the merge.</summary>
public sealed class OrleansProfilePublisher(IGrainFactory grains) : IProfilePublisher
{
    public Task PublishAsync(ProfilePublication publication, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IFleetWindowGrain>(new FleetKey(publication.Model, publication.Version, publication.Window).ToString())
            .Publish(FleetPublicationMessage.From(publication)).WaitAsync(cancellationToken);
}

/// <summary>Reading the merged fleet view (the scheduled report, a dashboard, a notebook).</summary>
public static class FleetQueries
{
    public static Task SetReference(this IGrainFactory grains, string model, string version, DatasetProfile reference) =>
        grains.GetGrain<IFleetModelGrain>(new FleetKey(model, version).ToString()).SetReference(reference.ToBytes());

    public static Task<FleetWindowSnapshot> MergedWindow(this IGrainFactory grains, string model, string version, string window) =>
        grains.GetGrain<IFleetWindowGrain>(new FleetKey(model, version, window).ToString()).Snapshot();

    public static Task<string[]> FleetWindows(this IGrainFactory grains, string model, string version) =>
        grains.GetGrain<IFleetModelGrain>(new FleetKey(model, version).ToString()).Windows();

    public static Task<FleetDriftSummary[]> FleetAlerts(this IGrainFactory grains, string model, string version) =>
        grains.GetGrain<IFleetModelGrain>(new FleetKey(model, version).ToString()).Alerts();
}
