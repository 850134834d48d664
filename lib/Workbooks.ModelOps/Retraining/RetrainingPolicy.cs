using System.Diagnostics;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring.Simulation;

namespace Workbooks.ModelOps.Retraining;

/// <summary>Limits on how much worse than the champion a challenger may be on guard metrics (ratios; null: not checked).</summary>
public sealed record GuardLimits
{
    /// <summary>Challenger p99 one-row latency over the champion's, at most.</summary>
    public double? MaxLatencyRatio { get; init; } = 2.0;
    /// <summary>Latencies below this many microseconds count as this much when the ratio is taken: one-row
    /// predictions of small models take about a microsecond, where timer and scheduling noise alone can double a p99.</summary>
    public double LatencyFloorMicroseconds { get; init; } = 5.0;
    /// <summary>Challenger model file size over the champion's, at most.</summary>
    public double? MaxSizeRatio { get; init; } = 2.0;
}

/// <summary>
/// A retraining policy with champion/challenger validation. <see cref="Check"/> evaluates the <see cref="Triggers"/> (any one fires);
/// when one fires it trains a challenger on the <see cref="Window"/> of labelled rows before a time-ordered holdout (the last
/// <see cref="HoldoutRows"/> labelled rows: never a random split), scores champion and challenger on that same holdout, and promotes
/// the challenger only if it beats the champion on the primary metric (accuracy, or MAE for regression) by <see cref="Margin"/> and
/// stays within the <see cref="Guards"/> (p99 latency, model size). Every decision with a trigger is recorded with its evidence in
/// the store; a <see cref="DryRun"/> decides and records but registers and promotes nothing.
/// </summary>
/// <example>
/// <code>
/// var policy = new RetrainingPolicy { Triggers = [RetrainingTrigger.NewData(1000)], Window = ChallengerWindow.LastRows(1000), HoldoutRows = 500, Margin = 0.01 };
/// Console.WriteLine(policy);
/// // prints: triggers new_data:1000; window sliding:1000; holdout 500 rows; margin 0.01
/// </code>
/// </example>
public sealed class RetrainingPolicy
{
    private DateTime? _lastCheck;
    private int? _errorsFrom;

    public IReadOnlyList<RetrainingTrigger> Triggers { get; init; } = [];
    public ChallengerWindow Window { get; init; } = ChallengerWindow.Expanding;
    /// <summary>The last labelled rows both models are scored on; the champion's recent quality is measured on them too.</summary>
    public int HoldoutRows { get; init; } = 1000;
    /// <summary>How much better (in the primary metric's unit) the challenger must be.</summary>
    public double Margin { get; init; } = 0.005;
    public GuardLimits Guards { get; init; } = new();
    public bool DryRun { get; init; }
    /// <summary>The challenger's trainer; null: the champion's (or the dataset default).</summary>
    public TrainerOptions? Trainer { get; init; }

    public override string ToString() => FormattableString.Invariant(
        $"triggers {string.Join(", ", Triggers)}; window {Window}; holdout {HoldoutRows} rows; margin {Margin}{(DryRun ? "; dry run" : "")}");

    /// <summary>Checks the triggers with rows [0, <paramref name="labelledRows"/>) of <paramref name="data"/> labelled, and acts on them.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="data">The time-ordered data; rows [0, <paramref name="labelledRows"/>) have labels.</param>
    /// <param name="labelledRows">Rows labelled so far.</param>
    /// <param name="now">The time of the check (schedules compare against it).</param>
    /// <param name="champion">The model in service.</param>
    /// <param name="championVersion">Its registered version, if any.</param>
    /// <param name="trainedThrough">The row one past the champion's training data.</param>
    /// <param name="store">Where the challenger is registered, the alias moved and the decision recorded (null: nowhere).</param>
    /// <param name="driftAlert">Whether the monitor's drift alert is firing.</param>
    public PolicyDecision Check(string name, ReplayDataset data, int labelledRows, DateTime now, TrainedModel champion, int? championVersion,
        int trainedThrough, IRetrainingStore? store = null, bool driftAlert = false)
    {
        ArgumentNullException.ThrowIfNull(data); ArgumentNullException.ThrowIfNull(champion);
        if (labelledRows > data.RowCount || labelledRows < HoldoutRows + 20)
            throw new ArgumentException($"{data.Table.Source}: {labelledRows} labelled rows; the policy needs a {HoldoutRows}-row holdout plus at least 20 rows to train on, within {data.RowCount} rows.");
        champion = data.Bind(champion);
        bool higher = data.Task != ModelTask.Regression;
        string primary = higher ? "accuracy" : "mae";
        int holdout = labelledRows - HoldoutRows;
        var championMetrics = Score(data, champion, holdout, labelledRows, primary);
        var errors = Errors(data, champion, Math.Min(_errorsFrom ?? trainedThrough, labelledRows), labelledRows);
        var context = new TriggerContext(now, _lastCheck, labelledRows, trainedThrough, championMetrics[primary], higher, errors, driftAlert);
        var fired = Triggers.Select(t => t.Check(context)).OfType<string>().ToList();
        _lastCheck = now; _errorsFrom = labelledRows;
        if (fired.Count == 0)
            return new PolicyDecision(name, now, [], championVersion, null, null, null, championMetrics, new Dictionary<string, double>(), false, DryRun, "no trigger fired");

        var rows = Window.Rows(holdout, data.Times);
        if (rows.Length < 20) throw new ArgumentException($"{data.Table.Source}: the {Window} window before row {holdout} holds {rows.Length} rows; a challenger needs at least 20.");
        var clock = Stopwatch.StartNew();
        var trainingTable = data.Table.Rows(rows, $"{data.Table.Source} rows {rows[0]}..{rows[^1] + 1}");
        var challenger = TrainedModel.Train(trainingTable, data.Label, data.FeatureNames,
            Trainer ?? champion.Trainer ?? data.DefaultTrainer, data.Task, data.PositiveClass);
        double seconds = clock.Elapsed.TotalSeconds;
        var (championP99, challengerP99) = P99Latencies(data, champion, challenger, holdout, labelledRows);
        championMetrics = new Dictionary<string, double>(championMetrics) { ["p99_latency_us"] = championP99 };
        var challengerMetrics = new Dictionary<string, double>(Score(data, challenger, holdout, labelledRows, primary))
            { ["p99_latency_us"] = challengerP99, ["training_seconds"] = seconds };
        challenger = challenger.WithMetrics(challengerMetrics);
        var (promote, reason) = Judge(primary, higher, championMetrics, challengerMetrics);
        var decision = new PolicyDecision(name, now, fired, championVersion, null, (rows[0], rows[^1] + 1), (holdout, labelledRows),
            championMetrics, challengerMetrics, promote && !DryRun, DryRun, DryRun ? $"dry run: would {(promote ? "promote" : "keep the champion")}; {reason}" : reason);
        if (store is not null && !DryRun)
        {
            decision = decision with { ChallengerVersion = store.RegisterChallenger(name, challenger, trainingTable, decision) };
            if (decision.Promoted) store.Promote(name, decision.ChallengerVersion.Value);
        }
        store?.Record(decision);
        foreach (var t in Triggers) t.Reset();
        LastChallenger = challenger;
        return decision;
    }

    /// <summary>The challenger trained by the last <see cref="Check"/> that fired.</summary>
    public TrainedModel? LastChallenger { get; private set; }

    private (bool Promote, string Reason) Judge(string primary, bool higher, IReadOnlyDictionary<string, double> champion, IReadOnlyDictionary<string, double> challenger)
    {
        double gain = higher ? challenger[primary] - champion[primary] : champion[primary] - challenger[primary];
        string F(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        if (gain < Margin)
            return (false, $"challenger {primary} {F(challenger[primary])} vs champion {F(champion[primary])}: a gain of {F(gain)}, below the margin {F(Margin)}");
        foreach (var (metric, limit, floor) in new[] { ("p99_latency_us", Guards.MaxLatencyRatio, Guards.LatencyFloorMicroseconds), ("size_bytes", Guards.MaxSizeRatio, 0.0) })
            if (limit is { } l && Math.Max(challenger[metric], floor) > l * Math.Max(champion[metric], floor))
                return (false, $"challenger {primary} better by {F(gain)}, but its {metric} {F(challenger[metric])} exceeds {F(l)} x the champion's {F(champion[metric])}");
        return (true, $"challenger {primary} {F(challenger[primary])} beats champion {F(champion[primary])} by {F(gain)} (margin {F(Margin)}); guard metrics within limits");
    }

    // The primary metric on the holdout and the saved file's size (latency: P99Latencies, for both models at once).
    private static Dictionary<string, double> Score(ReplayDataset data, TrainedModel model, int from, int to, string primary)
    {
        var result = new Dictionary<string, double> { [primary] = data.Evaluate(model, from, to)[primary] };
        var file = Path.Combine(Path.GetTempPath(), $"workbooks-policy-{Guid.NewGuid():N}.zip");
        try { model.Save(file); result["size_bytes"] = new FileInfo(file).Length; }
        finally { File.Delete(file); }
        return result;
    }

    // p99 one-row latency of both models over the holdout, in microseconds at the timer's resolution. The two are
    // timed row by row in alternation (order swapped every row), so a load spike on a shared machine hits both alike
    // rather than the one measured second.
    private static (double Champion, double Challenger) P99Latencies(ReplayDataset data, TrainedModel champion, TrainedModel challenger, int from, int to)
    {
        var predictors = new[] { champion.CreatePredictor(data.Table), challenger.CreatePredictor(data.Table) };
        var ticks = new[] { new long[to - from], new long[to - from] };
        for (int row = from; row < to; row++)
            for (int k = 0; k < 2; k++)
            {
                int m = (row + k) % 2;
                long start = Stopwatch.GetTimestamp();
                predictors[m](row);
                ticks[m][row - from] = Stopwatch.GetTimestamp() - start;
            }
        double P99(long[] t) { Array.Sort(t); return t[(int)Math.Ceiling(0.99 * t.Length) - 1] * 1e6 / Stopwatch.Frequency; }
        return (P99(ticks[0]), P99(ticks[1]));
    }

    private static double[] Errors(ReplayDataset data, TrainedModel model, int from, int to)
    {
        var predict = model.CreatePredictor(data.Table);
        var labels = data.Table[data.Label];
        return Enumerable.Range(from, to - from).Select(row => data.Task == ModelTask.Regression
            ? Math.Abs(predict(row).Score - labels.Numbers![row]) : predict(row).Class == labels.AsLabels()[row] ? 0.0 : 1.0).ToArray();
    }
}
