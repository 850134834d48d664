using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Tuning;

/// <summary>One evaluated configuration: its hyperparameters, the mean validation <see cref="Value"/> over the folds, the
/// seconds it took, the share of the full budget it had (<see cref="Fidelity"/> 1 for a full trial; successive halving's
/// early rungs train on fewer rows or trees), and when it finished, in seconds since the search began.</summary>
public sealed record Trial(int Id, int Config, IReadOnlyDictionary<string, double> Params, double Value, double Seconds, double Fidelity, int Rung, double FinishedAt)
{
    public bool IsFull => Fidelity >= 1;
    /// <summary>When it started, in seconds since the search began.</summary>
    public double StartedAt => FinishedAt - Seconds;
}

/// <summary>A configuration measured on the held-out rows: trained on every search row, scored on rows the search never saw.</summary>
public sealed record HeldOutScore(IReadOnlyDictionary<string, double> Params, double Value);

/// <summary>
/// What a search found: every trial, the configuration with the best validation value among the full trials (or the
/// highest rung reached), and the defaults and that best measured on the same held-out rows. <see cref="ToJson"/>
/// writes the <c>workbooks tune</c> document.
/// </summary>
public sealed record TuningResult(string Trainer, string Searcher, string Metric, bool HigherIsBetter, HeldOutScore Default, HeldOutScore Best,
    IReadOnlyList<Trial> Trials, Trial BestTrial, TrainedModel BestModel, double Seconds)
{
    /// <summary>The table rows the search saw (the best model was trained on all of them).</summary>
    public IReadOnlyList<int> SearchRows { get; init; } = [];
    /// <summary>The held-out table rows the defaults and the best were scored on.</summary>
    public IReadOnlyList<int> HoldoutRows { get; init; } = [];
    /// <summary>The options the search ran with.</summary>
    public TuningOptions? Options { get; init; }

    /// <summary>How much the best beats the defaults on the held-out rows (positive is better, in the metric's units).</summary>
    public double Improvement => HigherIsBetter ? Best.Value - Default.Value : Default.Value - Best.Value;

    /// <summary>The best validation value of full trials so far, after each full trial in finishing order: (seconds since start, value).</summary>
    public IReadOnlyList<(double Seconds, double Value)> BestSoFar()
    {
        var points = new List<(double, double)>();
        double best = double.NaN;
        foreach (var t in Trials.Where(t => t.IsFull).OrderBy(t => t.FinishedAt))
        {
            if (double.IsNaN(best) || (HigherIsBetter ? t.Value > best : t.Value < best)) best = t.Value;
            points.Add((t.FinishedAt, best));
        }
        return points;
    }

    /// <summary>Seconds until a full trial first reached <paramref name="value"/> or better; null when none did.</summary>
    public double? SecondsToReach(double value) =>
        BestSoFar().Where(p => HigherIsBetter ? p.Value >= value : p.Value <= value).Select(p => (double?)p.Seconds).FirstOrDefault();

    /// <summary>{"trainer", "searcher", "metric", "default": {"params", "value"}, "best": {"params", "value"}, "trials": [{"params", "value", "seconds"}]}.</summary>
    public string ToJson(bool indented = false) => JsonText.Serialize(new ResultJson(Trainer, Searcher, Metric, Scored(Default.Params, Default.Value), Scored(Best.Params, Best.Value),
        Trials.Select(t => new TrialJson(Params(t.Params), JsonText.Saturate(t.Value), Math.Round(t.Seconds, 3))).ToList()), indented);

    private static ScoredJson Scored(IReadOnlyDictionary<string, double> p, double value) => new(Params(p), JsonText.Saturate(value));

    /// <summary>The parameters in the order the trial lists them.</summary>
    private static OrderedDictionary<string, double> Params(IReadOnlyDictionary<string, double> p) => new(p, StringComparer.Ordinal);

    private sealed record ResultJson(string Trainer, string Searcher, string Metric, ScoredJson Default, ScoredJson Best, IReadOnlyList<TrialJson> Trials);

    private sealed record ScoredJson(OrderedDictionary<string, double> Params, double Value);

    private sealed record TrialJson(OrderedDictionary<string, double> Params, double Value, double Seconds);

    public override string ToString() => FormattableString.Invariant(
        $"{Searcher} search of {Trainer}: {Trials.Count} trials in {Seconds:0.0} s; held-out {Metric}: default {Default.Value:0.####}, best {Best.Value:0.####}");
}
