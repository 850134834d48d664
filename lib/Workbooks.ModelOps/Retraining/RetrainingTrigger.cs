using Cronos;
using Workbooks.ModelOps.Detectors;

namespace Workbooks.ModelOps.Retraining;

/// <summary>What a <see cref="RetrainingPolicy"/> knows when it checks its triggers.</summary>
/// <param name="Now">The time of the check (UTC).</param>
/// <param name="LastCheck">The previous check (UTC), or null for the first.</param>
/// <param name="LabelledRows">Rows labelled so far.</param>
/// <param name="TrainedThrough">The row one past the champion's training data (from its lineage).</param>
/// <param name="ChampionQuality">The champion's primary metric over the recent labelled rows.</param>
/// <param name="HigherIsBetter">Whether the primary metric grows with quality (accuracy) or shrinks (MAE).</param>
/// <param name="Errors">The champion's errors on rows labelled since the last check (1/0, or absolute errors).</param>
/// <param name="DriftAlert">Whether the monitor has a drift alert firing.</param>
public sealed record TriggerContext(DateTime Now, DateTime? LastCheck, int LabelledRows, int TrainedThrough, double ChampionQuality,
    bool HigherIsBetter, IReadOnlyList<double> Errors, bool DriftAlert = false);

/// <summary>
/// One reason to retrain. Several combine in a policy: any one that fires starts a retrain, and the decision names every one
/// that fired. <see cref="Schedule"/> (a cron expression, parsed with Cronos), <see cref="NewData"/>, <see cref="Quality"/>,
/// <see cref="Drift"/> (a monitor's drift alert, or a streaming detector on the error stream).
/// </summary>
/// <example>
/// <code>
/// var nightly = RetrainingTrigger.Schedule("0 3 * * *");
/// var context = new TriggerContext(new DateTime(2026, 1, 2, 4, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 2, 0, 0, DateTimeKind.Utc), 100, 100, 0.9, true, []);
/// Console.WriteLine(nightly.Check(context));
/// // prints: schedule '0 3 * * *' due at 2026-01-02T03:00:00Z
/// </code>
/// </example>
public abstract class RetrainingTrigger
{
    private protected RetrainingTrigger() { }

    /// <summary>The trigger as text, e.g. <c>schedule:0 3 * * *</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Why it fires now, or null when it does not.</summary>
    public abstract string? Check(TriggerContext context);

    /// <summary>Forgets what it accumulated (after a retrain).</summary>
    public virtual void Reset() { }

    public override string ToString() => Name;

    /// <summary>Fires when a cron occurrence (UTC, five fields, or six with seconds) falls after the last check and at or before now.</summary>
    public static RetrainingTrigger Schedule(string cron) => new ScheduleTrigger(cron);

    /// <summary>Fires once at least <paramref name="rows"/> rows were labelled after the champion's training data.</summary>
    public static RetrainingTrigger NewData(int rows) => rows > 0 ? new NewDataTrigger(rows) : throw new ArgumentException($"new-data trigger needs a positive row count, not {rows}.");

    /// <summary>Fires when the champion's recent metric is worse than <paramref name="threshold"/> (accuracy below it, MAE above it).</summary>
    public static RetrainingTrigger Quality(double threshold) => new QualityTrigger(threshold);

    /// <summary>Fires on the monitor's drift alert, or when <paramref name="detector"/> (from <see cref="DetectorCatalog"/>, null: alerts only)
    /// flags a drift in the champion's error stream.</summary>
    public static RetrainingTrigger Drift(string? detector = "adwin", IReadOnlyDictionary<string, string>? parameters = null) => new DriftTrigger(detector, parameters);

    private sealed class ScheduleTrigger : RetrainingTrigger
    {
        private readonly CronExpression _cron;
        private readonly string _text;

        public ScheduleTrigger(string cron)
        {
            ArgumentNullException.ThrowIfNull(cron);
            _text = cron.Trim();
            try { _cron = CronExpression.Parse(_text, _text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard); }
            catch (CronFormatException e) { throw new ArgumentException($"schedule '{cron}' is not a cron expression: {e.Message}"); }
        }

        public override string Name => "schedule:" + _text;

        public override string? Check(TriggerContext c)
        {
            var from = DateTime.SpecifyKind(c.LastCheck ?? c.Now.AddTicks(-1), DateTimeKind.Utc);
            return _cron.GetNextOccurrence(from, TimeZoneInfo.Utc) is { } due && due <= DateTime.SpecifyKind(c.Now, DateTimeKind.Utc)
                ? $"schedule '{_text}' due at {due:yyyy-MM-ddTHH:mm:ssZ}" : null;
        }
    }

    private sealed class NewDataTrigger(int rows) : RetrainingTrigger
    {
        public override string Name => $"new_data:{rows}";
        public override string? Check(TriggerContext c) =>
            c.LabelledRows - c.TrainedThrough >= rows ? $"{c.LabelledRows - c.TrainedThrough} rows labelled since the champion's training data (>= {rows})" : null;
    }

    private sealed class QualityTrigger(double threshold) : RetrainingTrigger
    {
        public override string Name => FormattableString.Invariant($"quality:{threshold}");
        public override string? Check(TriggerContext c) => (c.HigherIsBetter ? c.ChampionQuality < threshold : c.ChampionQuality > threshold)
            ? FormattableString.Invariant($"champion's recent metric {c.ChampionQuality:0.####} is {(c.HigherIsBetter ? "below" : "above")} {threshold}") : null;
    }

    private sealed class DriftTrigger : RetrainingTrigger
    {
        private readonly DriftDetector? _detector;

        public DriftTrigger(string? detector, IReadOnlyDictionary<string, string>? parameters) =>
            _detector = detector is null ? null : DetectorCatalog.Create(detector, parameters);

        public override string Name => "drift:" + (_detector?.Name ?? "alert");

        public override string? Check(TriggerContext c)
        {
            if (c.DriftAlert) return "the monitor's drift alert is firing";
            if (_detector is null) return null;
            for (int i = 0; i < c.Errors.Count; i++)
            {
                _detector.Update(c.Errors[i]);
                if (_detector.DriftDetected) return $"{_detector.Name} flagged a drift in the error stream {c.Errors.Count - i} rows before the last labelled row";
            }
            return null;
        }

        public override void Reset() => _detector?.Reset();
    }
}
