using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Profiles.Drift;

namespace Workbooks.ModelOps.Profiles.Fleet;

/// <summary>
/// The fleet's merged view in one process: publications merged per model, version and window by the same
/// <see cref="FleetWindowAggregate"/> the Orleans window grain persists. For a single-instance service, tests and the
/// walkthroughs; a fleet of replicas uses the grains of <c>Workbooks.ModelOps.Fleet</c> instead (nothing is persisted here).
/// </summary>
/// <example>
/// <code>
/// var fleet = new LocalFleet();
/// await fleet.PublishAsync(new ProfilePublication("m", "1", "2026-12-01T13:00", "a", 1, [], new FleetQualityCounts(5, 0, 0, 0)));
/// Console.WriteLine(fleet.Window("m", "1", "2026-12-01T13:00"));
/// // prints: 0 rows from 1 replica(s), 5 calls, 0 failures
/// </code>
/// </example>
public sealed class LocalFleet : IProfilePublisher
{
    private readonly SortedDictionary<(string Model, string Version, string Window), FleetWindowAggregate> _windows = new();

    public Task PublishAsync(ProfilePublication publication, CancellationToken cancellationToken = default)
    {
        lock (_windows)
        {
            var key = (publication.Model, publication.Version, publication.Window);
            if (!_windows.TryGetValue(key, out var view)) _windows[key] = view = new FleetWindowAggregate();
            view.Apply(publication);
        }
        return Task.CompletedTask;
    }

    /// <summary>Windows seen for a model version, in time order.</summary>
    public IReadOnlyList<string> Windows(string model, string version)
    {
        lock (_windows) return _windows.Keys.Where(k => k.Model == model && k.Version == version).Select(k => k.Window).ToArray();
    }

    /// <summary>The merged view of one window (empty when nothing was published there).</summary>
    public FleetWindowAggregate Window(string model, string version, string window)
    {
        lock (_windows) return _windows.TryGetValue((model, version, window), out var v) ? FleetWindowAggregate.FromBytes(v.ToBytes()) : new FleetWindowAggregate();
    }

    /// <summary>Drift of every window's merged view against a reference, in time order (windows without a profile are left out).</summary>
    public IReadOnlyList<(string Window, FleetWindowAggregate View, ProfileDriftReport Report)> Drift(string model, string version, DatasetProfile reference, DriftOptions? options = null) =>
        Windows(model, version).Select(w => (w, View: Window(model, version, w))).Where(x => x.View.Profile is not null)
            .Select(x => (x.w, x.View, x.View.Drift(reference, options)!)).ToArray();
}
