using System.Text;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Profiles.Drift;

namespace Workbooks.ModelOps.Profiles.Fleet;

/// <summary>
/// The merged view of one model version and fleet window: every replica's profile merged, counts summed, and
/// which publications are in it, so a repeated publication changes nothing. The Orleans grain of
/// <c>Workbooks.ModelOps.Fleet</c> persists exactly this (its <see cref="ToBytes"/>); a notebook or a test can use it alone.
/// Merging is order-free within the sketches' bounds (see <see cref="DatasetProfile.Merge"/>).
/// </summary>
/// <example>
/// <code>
/// var view = new FleetWindowAggregate();
/// var p = new ProfilePublication("m", "1", "2026-12-01T13:00", "replica-a", 1, [], new FleetQualityCounts(10, 1, 0, 0));
/// Console.WriteLine($"{view.Apply(p)} {view.Apply(p)} calls={view.Quality.Calls} replicas={view.Replicas.Count}");
/// // prints: True False calls=10 replicas=1
/// </code>
/// </example>
public sealed class FleetWindowAggregate
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "WBFLEET"u8.ToArray();
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _replicas = new(StringComparer.Ordinal);

    /// <summary>The merged profile; null until a publication with a profile arrives.</summary>
    public DatasetProfile? Profile { get; private set; }
    public FleetQualityCounts Quality { get; private set; }
    /// <summary>Replica incarnations that published into this window.</summary>
    public IReadOnlyCollection<string> Replicas => _replicas;
    /// <summary>Publications merged (each once).</summary>
    public int Publications => _applied.Count;

    /// <summary>Merges a publication; false (and no change) when it was merged before.</summary>
    public bool Apply(ProfilePublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        if (_applied.Contains(publication.Id)) return false;
        if (publication.Profile.Length > 0)
        {
            var profile = DatasetProfile.FromBytes(publication.Profile, $"publication {publication.Id}");
            if (Profile is null) Profile = profile; else Profile.Merge(profile);
        }
        _applied.Add(publication.Id);
        _replicas.Add(publication.Replica);
        Quality = Quality.Add(publication.Quality);
        return true;
    }

    /// <summary>Approximate drift of the merged view against a reference profile (null before any profile arrived).</summary>
    public ProfileDriftReport? Drift(DatasetProfile reference, DriftOptions? options = null) =>
        Profile is null ? null : ProfileDrift.Compare(reference, Profile, options);

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(FormatVersion);
            w.Write(Quality.Calls); w.Write(Quality.Failures); w.Write(Quality.Labelled); w.Write(Quality.Incorrect);
            w.Write(_applied.Count); foreach (var id in _applied.Order(StringComparer.Ordinal)) w.Write(id);
            w.Write(_replicas.Count); foreach (var r in _replicas) w.Write(r);
            var profile = Profile?.ToBytes() ?? [];
            w.Write(profile.Length); w.Write(profile);
        }
        return stream.ToArray();
    }

    public static FleetWindowAggregate FromBytes(byte[] bytes, string source = "fleet window")
    {
        var view = new FleetWindowAggregate();
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{source}: not a fleet window state.");
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"{source}: fleet window format {version}; this build reads {FormatVersion}.");
            view.Quality = new FleetQualityCounts(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
            for (int i = r.ReadInt32(); i > 0; i--) view._applied.Add(r.ReadString());
            for (int i = r.ReadInt32(); i > 0; i--) view._replicas.Add(r.ReadString());
            int length = r.ReadInt32();
            if (length > 0) view.Profile = DatasetProfile.FromBytes(r.ReadBytes(length), source);
        }
        catch (EndOfStreamException) { throw new InvalidDataException($"{source}: the fleet window state is truncated."); }
        return view;
    }

    public override string ToString() => $"{Profile?.Rows ?? 0} rows from {_replicas.Count} replica(s), {Quality.Calls} calls, {Quality.Failures} failures";
}
