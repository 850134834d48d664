using System.Globalization;

namespace Workbooks.ModelOps.Profiles.Fleet;

/// <summary>Call and label counts of one replica's share of a fleet window; they add up across replicas.</summary>
/// <param name="Calls">Predictions served.</param>
/// <param name="Failures">Calls that threw or timed out.</param>
/// <param name="Labelled">Predictions whose label arrived.</param>
/// <param name="Incorrect">Labelled classification predictions that were wrong.</param>
public readonly record struct FleetQualityCounts(long Calls, long Failures, long Labelled, long Incorrect)
{
    public FleetQualityCounts Add(FleetQualityCounts o) => new(Calls + o.Calls, Failures + o.Failures, Labelled + o.Labelled, Incorrect + o.Incorrect);
    /// <summary>Failures over calls; NaN without calls.</summary>
    public double FailureRate => Calls == 0 ? double.NaN : (double)Failures / Calls;
    /// <summary>Incorrect over labelled; NaN without labels.</summary>
    public double ErrorRate => Labelled == 0 ? double.NaN : (double)Incorrect / Labelled;
}

/// <summary>
/// What one replica's monitor publishes for one fleet window: the column profile of its inputs there and its
/// counts. <see cref="Replica"/> and <see cref="Sequence"/> name the publication, so a retry after a lost
/// acknowledgement is recognised and merged once (publication is at least once, merging exactly once).
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Model version that served the calls.</param>
/// <param name="Window">Fleet window key, e.g. <c>2026-12-01T13:00</c> (the same on every replica).</param>
/// <param name="Replica">The publishing replica incarnation (unique per process start).</param>
/// <param name="Sequence">Increasing per replica incarnation; late data for a window comes as a new sequence.</param>
/// <param name="Profile">The profile in its binary format (<see cref="DatasetProfile.ToBytes"/>); may be empty for counts only.</param>
/// <param name="Quality">Calls, failures, labels.</param>
public sealed record ProfilePublication(string Model, string Version, string Window, string Replica, long Sequence, byte[] Profile, FleetQualityCounts Quality)
{
    /// <summary>The idempotency key of the publication.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Replica}#{Sequence}");
}

/// <summary>Where a replica's monitor sends its window profiles (an Orleans cluster in <c>Workbooks.ModelOps.Fleet</c>,
/// or anything else). A call returns once the publication is durable; it may be retried with the same publication.</summary>
public interface IProfilePublisher
{
    Task PublishAsync(ProfilePublication publication, CancellationToken cancellationToken = default);
}

/// <summary>Fleet window keys: the start of a fixed period (UTC), the same on every replica whatever its own monitor windows.</summary>
/// <example>
/// <code>
/// var t = new DateTime(2026, 12, 1, 13, 47, 5, DateTimeKind.Utc);
/// Console.WriteLine(FleetWindows.KeyOf(t, TimeSpan.FromHours(1)) + " " + FleetWindows.KeyOf(t, TimeSpan.FromMinutes(15)));
/// // prints: 2026-12-01T13:00 2026-12-01T13:45
/// </code>
/// </example>
public static class FleetWindows
{
    public static DateTime StartOf(DateTime utc, TimeSpan period)
    {
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), period, "A fleet window period must be positive.");
        return new DateTime(utc.Ticks - utc.Ticks % period.Ticks, DateTimeKind.Utc);
    }

    public static string KeyOf(DateTime utc, TimeSpan period) => StartOf(utc, period).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
