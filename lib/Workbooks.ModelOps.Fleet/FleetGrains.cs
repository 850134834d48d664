using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Workbooks.ModelOps.Profiles;
using Workbooks.ModelOps.Profiles.Fleet;

namespace Workbooks.ModelOps.Fleet;

/// <summary>Persisted state of a window grain.</summary>
[GenerateSerializer, Alias("workbooks.fleet.window-state")]
public sealed class FleetWindowState
{
    [Id(0)] public byte[] Aggregate { get; set; } = [];
    [Id(1)] public FleetDriftSummary? Drift { get; set; }
}

/// <summary>Persisted state of a model grain.</summary>
[GenerateSerializer, Alias("workbooks.fleet.model-state")]
public sealed class FleetModelState
{
    [Id(0)] public byte[] Reference { get; set; } = [];
    [Id(1)] public SortedSet<string> Windows { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public List<FleetDriftSummary> Alerts { get; set; } = [];
}

/// <summary>
/// A model version's fleet window: merges replica publications through <see cref="FleetWindowAggregate"/> and writes the
/// state before acknowledging, so a silo that dies loses nothing acknowledged (the next activation reads the state).
/// After each merge it checks drift of the merged view against the model's reference and reports to the model grain.
/// </summary>
public sealed class FleetWindowGrain(
    [PersistentState("window", FleetHosting.StorageName)] IPersistentState<FleetWindowState> state, ILogger<FleetWindowGrain> log) : Grain, IFleetWindowGrain
{
    private FleetWindowAggregate? _view;

    private FleetKey Key => FleetKey.Parse(this.GetPrimaryKeyString());
    private FleetWindowAggregate View => _view ??= state.State.Aggregate.Length == 0 ? new FleetWindowAggregate() : FleetWindowAggregate.FromBytes(state.State.Aggregate, Key.ToString());

    public async Task<bool> Publish(FleetPublicationMessage publication)
    {
        var key = Key;
        var model = GrainFactory.GetGrain<IFleetModelGrain>(key.ModelKey.ToString());
        if (!View.Apply(publication.ToPublication(key)))
        {
            // A retry of a merged publication: nothing to merge, but the model grain may have missed the report.
            await model.WindowChecked(key.Window!, state.State.Drift);
            return false;
        }
        var reference = await model.Reference();
        state.State.Drift = reference.Length == 0 || View.Profile is null ? null : Summarize(key.Window!, View, DatasetProfile.FromBytes(reference, "reference"));
        state.State.Aggregate = View.ToBytes();
        try { await state.WriteStateAsync(); }
        catch { _view = null; throw; }   // not acknowledged: forget the unsaved merge so a retry merges it again
        await model.WindowChecked(key.Window!, state.State.Drift);
        log.LogDebug("fleet window {Key}: {View}", key, View);
        return true;
    }

    public Task<FleetWindowSnapshot> Snapshot() => Task.FromResult(new FleetWindowSnapshot(View.ToBytes(), state.State.Drift));

    public Task<string> Host() => Task.FromResult(RuntimeIdentity);

    internal static FleetDriftSummary Summarize(string window, FleetWindowAggregate view, DatasetProfile reference)
    {
        var report = view.Drift(reference)!;
        return new FleetDriftSummary(window, report.DatasetDrift, report.Columns.Count == 0 ? 0 : (double)report.NumberOfDriftedColumns / report.Columns.Count,
            report.Columns.Where(c => c.DriftDetected).Select(c => c.Name).ToArray(), report.Columns.Where(c => c.Result.Borderline).Select(c => c.Name).ToArray(),
            view.Profile!.Rows, view.Replicas.Count, report.ToJson(indented: false));
    }
}

/// <summary>A model version: its reference profile, the fleet windows seen, and an alert per window whose merged view drifted.</summary>
public sealed class FleetModelGrain([PersistentState("model", FleetHosting.StorageName)] IPersistentState<FleetModelState> state) : Grain, IFleetModelGrain
{
    public async Task SetReference(byte[] profile)
    {
        _ = DatasetProfile.FromBytes(profile, "reference");   // refuse a broken profile here, not at every window
        state.State.Reference = profile;
        await state.WriteStateAsync();
    }

    public Task<byte[]> Reference() => Task.FromResult(state.State.Reference);

    public async Task WindowChecked(string window, FleetDriftSummary? drift)
    {
        bool changed = state.State.Windows.Add(window);
        int existing = state.State.Alerts.FindIndex(a => a.Window == window);
        if (drift is { DatasetDrift: true })
        {
            if (existing >= 0) state.State.Alerts[existing] = drift; else state.State.Alerts.Add(drift);
            changed = true;
        }
        else if (existing >= 0) { state.State.Alerts.RemoveAt(existing); changed = true; }   // more replicas' data resolved it
        if (changed) await state.WriteStateAsync();
    }

    public Task<string[]> Windows() => Task.FromResult(state.State.Windows.ToArray());

    public Task<FleetDriftSummary[]> Alerts() => Task.FromResult(state.State.Alerts.OrderBy(a => a.Window, StringComparer.Ordinal).ToArray());
}
