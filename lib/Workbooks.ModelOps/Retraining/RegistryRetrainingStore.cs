using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// A <see cref="RetrainingPolicy"/>'s store in a <see cref="ModelRegistry"/>: the challenger is registered (created by <c>policy</c>,
/// lineage: training rows with their SHA-256, trainer, parent = the champion's version) and the <c>challenger</c> alias points at it;
/// a promotion moves the <c>champion</c> alias (so a rollback is one alias move back); every decision is recorded with its evidence.
/// </summary>
public sealed class RegistryRetrainingStore(ModelRegistry registry, string dataset) : IRetrainingStore
{
    public const string ChampionAlias = "champion", ChallengerAlias = "challenger";

    public int RegisterChallenger(string name, TrainedModel model, Table trainingTable, PolicyDecision evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var range = evidence.TrainRows is { } r ? DataRange.Rows(r.Start, r.End) : null;
        var lineage = ModelLineage.ForTable(dataset, trainingTable, range) with { ParentVersion = evidence.ChampionVersion };
        var version = registry.Register(name, model, new RegisterOptions
        {
            Description = $"challenger: {evidence.Trigger}", Lineage = lineage, CreatedBy = "policy", Metrics = evidence.ChallengerMetrics,
        });
        registry.SetAlias(name, ChallengerAlias, version.Version, "policy");
        return version.Version;
    }

    public void Promote(string name, int version) => registry.SetAlias(name, ChampionAlias, version, "policy");

    public void Record(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        registry.RecordDecision(new RetrainingDecision
        {
            Name = decision.Name, Trigger = decision.Trigger, ChampionVersion = decision.ChampionVersion, ChallengerVersion = decision.ChallengerVersion,
            TrainRange = decision.TrainRows is { } t ? DataRange.Rows(t.Start, t.End) : null,
            HoldoutRange = decision.HoldoutRows is { } h ? DataRange.Rows(h.Start, h.End) : null,
            ChampionMetrics = decision.ChampionMetrics, ChallengerMetrics = decision.ChallengerMetrics,
            Promoted = decision.Promoted, DryRun = decision.DryRun, Reason = decision.Reason,
        });
    }

    /// <summary>The model's versions with their lineage and aliases, its alias moves and its decisions, as tables.</summary>
    public RegistryHistory History(string name) => new(registry.Versions(name), registry.AliasHistory(name), registry.Decisions(name));
}

/// <summary>A registered model's versions (lineage, aliases), alias moves and retraining decisions; renders as three tables.</summary>
public sealed record RegistryHistory(IReadOnlyList<ModelVersionInfo> Versions, IReadOnlyList<AliasMove> Moves, IReadOnlyList<RetrainingDecision> Decisions) : IHtmlRenderable
{
    public string ToHtml()
    {
        static string S(object? v) => v switch { null => "", double d => d.ToString("0.####", CultureInfo.InvariantCulture), _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" };
        var versions = HtmlTable.Render("Versions and lineage", ["version", "aliases", "data", "rows", "data SHA-256", "trainer", "parent", "created by", "accuracy / mae"],
            Versions.Select(v => (IReadOnlyList<string>)[S(v.Version), string.Join(", ", v.Aliases), $"{v.Lineage.Dataset} {v.Lineage.Range}", S(v.Lineage.RowCount),
                v.Lineage.DataSha256 is { } h ? h[..12] + "…" : "", v.Lineage.Trainer ?? "", S(v.Lineage.ParentVersion), v.CreatedBy,
                S(v.Metrics.TryGetValue("accuracy", out var a) ? a : v.Metrics.TryGetValue("mae", out var m) ? m : null)]).ToList());
        var moves = HtmlTable.Render("Alias moves", ["#", "alias", "from", "to", "kind", "by"],
            Moves.Select(m => (IReadOnlyList<string>)[S(m.Sequence), m.Alias, S(m.FromVersion), S(m.ToVersion), m.Kind, m.By]).ToList());
        var decisions = HtmlTable.Render("Retraining decisions", ["#", "trigger", "champion", "challenger", "promoted", "dry run", "reason"],
            Decisions.Select(d => (IReadOnlyList<string>)[S(d.Id), d.Trigger, S(d.ChampionVersion), S(d.ChallengerVersion), d.Promoted ? "yes" : "no", d.DryRun ? "yes" : "no", d.Reason ?? ""]).ToList());
        return versions + moves + decisions;
    }
}
