using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// What a <see cref="RetrainingPolicy"/> decided and its evidence: the triggers that fired, the challenger's training rows and the
/// holdout both models were scored on, both models' metrics (the primary one, <c>p99_latency_us</c>, <c>size_bytes</c>), whether
/// the challenger was promoted, and why.
/// </summary>
public sealed record PolicyDecision(string Name, DateTime At, IReadOnlyList<string> Triggers, int? ChampionVersion, int? ChallengerVersion,
    (int Start, int End)? TrainRows, (int Start, int End)? HoldoutRows, IReadOnlyDictionary<string, double> ChampionMetrics,
    IReadOnlyDictionary<string, double> ChallengerMetrics, bool Promoted, bool DryRun, string Reason) : IHtmlRenderable
{
    /// <summary>Whether a trigger fired (otherwise nothing was trained and nothing recorded).</summary>
    public bool Triggered => Triggers.Count > 0;

    /// <summary>The triggers as one line, as a registry records it.</summary>
    public string Trigger => Triggers.Count == 0 ? "none" : string.Join("; ", Triggers);

    public override string ToString() => $"{(Promoted ? "promoted" : "kept the champion")}{(DryRun ? " (dry run)" : "")}: {Reason}";

    public string ToHtml()
    {
        static string F(IReadOnlyDictionary<string, double> m, string k) => m.TryGetValue(k, out var v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
        var keys = ChampionMetrics.Keys.Union(ChallengerMetrics.Keys).ToList();
        var rows = keys.Select(k => (IReadOnlyList<string>)[k, F(ChampionMetrics, k), F(ChallengerMetrics, k)]).ToList();
        string Range((int Start, int End)? r) => r is { } x ? $"rows {x.Start}..{x.End}" : "-";
        return HtmlTable.Render($"{Name}: {ToString()}", ["metric", $"champion{(ChampionVersion is { } c ? $" (v{c})" : "")}", $"challenger{(ChallengerVersion is { } v ? $" (v{v})" : "")}"], rows,
            $"triggers: {Trigger}; challenger trained on {Range(TrainRows)}, both scored on the holdout {Range(HoldoutRows)}");
    }
}

/// <summary>
/// Where a policy keeps models and decisions: registers the challenger (returning its version), moves the champion alias, records
/// every decision. <see cref="RegistryRetrainingStore"/> keeps them in a model registry; <see cref="InMemoryRetrainingStore"/> in memory.
/// </summary>
public interface IRetrainingStore
{
    /// <summary>Registers <paramref name="model"/>, trained on exactly <paramref name="trainingTable"/>; returns its version.</summary>
    int RegisterChallenger(string name, TrainedModel model, Table trainingTable, PolicyDecision evidence);
    void Promote(string name, int version);
    void Record(PolicyDecision decision);
}

/// <summary>An <see cref="IRetrainingStore"/> in memory (tests, walkthroughs without a registry folder); versions count from 1,
/// and a <paramref name="champion"/> given here is version 1.</summary>
public sealed class InMemoryRetrainingStore(TrainedModel? champion = null) : IRetrainingStore
{
    private readonly List<TrainedModel> _versions = champion is null ? new() : new() { champion };
    private readonly List<PolicyDecision> _decisions = new();

    public IReadOnlyList<TrainedModel> Versions => _versions;
    public IReadOnlyList<PolicyDecision> Decisions => _decisions;
    public int? Champion { get; private set; } = champion is null ? null : 1;

    public int RegisterChallenger(string name, TrainedModel model, Table trainingTable, PolicyDecision evidence) { _versions.Add(model); return _versions.Count; }
    public void Promote(string name, int version) => Champion = version;
    public void Record(PolicyDecision decision) => _decisions.Add(decision);
}
