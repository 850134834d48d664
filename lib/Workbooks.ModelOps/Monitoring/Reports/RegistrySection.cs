using System.Globalization;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>
/// The report's registry section, when the request names a registry: the log's versions against the registry's.
/// Each version that served is looked up (registered when, by whom, its validation metrics, its aliases); the alias
/// moves and retraining decisions recorded during the period are listed. A version that served but was never
/// registered, or a champion that was not serving at the end of the period although it was set well before, is a
/// warning: the service runs something the registry does not vouch for, or did not pick up a promotion.
/// </summary>
internal static class RegistrySection
{
    /// <summary>A promotion this close to the period's end may not have reached the service yet: not judged.</summary>
    private static readonly TimeSpan PickUpGrace = TimeSpan.FromHours(1);

    /// <summary>Opens the registry and checks it knows <paramref name="model"/>; errors name the <c>registry</c> parameter.</summary>
    public static ModelRegistry Open(string directory, string model)
    {
        try
        {
            var registry = ModelRegistry.Open(directory, create: false);
            if (registry.List().All(m => m.Name != model))
                throw new MonitoringReportException($"registry: '{registry.Directory}' has no model '{model}' (models: {string.Join(", ", registry.List().Select(m => m.Name))}).");
            return registry;
        }
        catch (ModelRegistryException e) { throw new MonitoringReportException($"registry: {e.Message}"); }
    }

    public static ReportSection Of(ReportContext c, ModelRegistry? registry)
    {
        if (registry is null)
            return new ReportSection("registry", "Registry", ReportStatus.Ok, "no registry named (set registry to a registry folder to check the versions that served against it).",
                new Dictionary<string, double?> { ["unregistered_versions"] = null, ["alias_moves"] = null, ["retraining_decisions"] = null, ["champion_version"] = null });
        var registered = registry.Versions(c.Model).ToDictionary(v => v.Version);
        var moves = registry.AliasHistory(c.Model);
        var served = c.Period.Versions.Distinct().ToList();
        var unregistered = served.Where(v => VersionNumber(v) is not { } n || !registered.ContainsKey(n)).ToList();
        // Each alias where it pointed when the period ended: its last move before then.
        var aliasesAtEnd = moves.Where(m => m.At < c.End).GroupBy(m => m.Alias)
            .Select(g => g.OrderBy(m => m.Sequence).Last()).Where(m => m.ToVersion is not null).ToDictionary(m => m.Alias, m => m);
        var serving = c.Period.Versions[^1];
        string? missedPromotion = aliasesAtEnd.TryGetValue("champion", out var champion) && champion.At < c.End - PickUpGrace
            && VersionNumber(serving) != champion.ToVersion
            ? $"the champion is version {champion.ToVersion} (since {Show(champion.At)}) but version {serving} was serving at the end of the period" : null;
        var problems = new List<string>();
        if (unregistered.Count > 0) problems.Add($"version{(unregistered.Count > 1 ? "s" : "")} {string.Join(", ", unregistered)} served but {(unregistered.Count > 1 ? "are" : "is")} not registered");
        if (missedPromotion is not null) problems.Add(missedPromotion);
        var movesDuring = moves.Where(m => m.At >= c.Start && m.At < c.End).ToList();
        var decisions = registry.Decisions(c.Model).Where(d => d.At >= c.Start && d.At < c.End).ToList();
        string reason = problems.Count > 0 ? string.Join("; ", problems) + "."
            : $"every version that served is registered{(champion is null ? "" : $"; the champion, version {champion.ToVersion}, was serving at the end")}"
              + $"; {movesDuring.Count} alias move(s) and {decisions.Count} retraining decision(s) during the period.";
        var counts = Enumerable.Range(0, c.Period.Count).GroupBy(i => c.Period.Versions[i]).ToDictionary(g => g.Key, g => g.Count());
        var rows = served.Select(v => VersionNumber(v) is { } n && registered.TryGetValue(n, out var info)
            ? (IReadOnlyList<string>)[v, Share(counts[v], c.Period.Count), Show(info.CreatedAt), info.CreatedBy,
                string.Join(", ", aliasesAtEnd.Where(a => a.Value.ToVersion == n).Select(a => a.Key)),
                string.Join(", ", info.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Take(4).Select(m => $"{m.Key} {m.Value.ToString("G4", CultureInfo.InvariantCulture)}"))]
            : [v, Share(counts[v], c.Period.Count), "not registered", "", "", ""]).ToList();
        var details = new List<string> { HtmlTable.Render($"Versions that served, in {registry.Directory}", ["version", "share (%)", "registered", "by", "aliases at the end", "metrics"], rows) };
        if (movesDuring.Count > 0)
            details.Add(HtmlTable.Render("Alias moves during the period", ["time", "alias", "from", "to", "kind", "by"],
                movesDuring.Select(m => (IReadOnlyList<string>)[Show(m.At), m.Alias, m.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "", m.ToVersion?.ToString(CultureInfo.InvariantCulture) ?? "", m.Kind, m.By]).ToList()));
        if (decisions.Count > 0)
            details.Add(HtmlTable.Render("Retraining decisions during the period", ["time", "trigger", "champion", "challenger", "promoted", "reason"],
                decisions.Select(d => (IReadOnlyList<string>)[Show(d.At), d.Trigger, d.ChampionVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
                    d.ChallengerVersion?.ToString(CultureInfo.InvariantCulture) ?? "", d.Promoted ? "yes" : "no", d.Reason ?? ""]).ToList()));
        return new ReportSection("registry", "Registry", problems.Count > 0 ? ReportStatus.Warning : ReportStatus.Ok, reason, new Dictionary<string, double?>
        {
            ["unregistered_versions"] = unregistered.Count, ["alias_moves"] = movesDuring.Count, ["retraining_decisions"] = decisions.Count,
            ["champion_version"] = champion?.ToVersion,
        })
        {
            Details = details,
            NextStep = missedPromotion is not null ? $"check the service follows the registry: {missedPromotion}"
                : unregistered.Count > 0 ? $"register what runs in production: version {string.Join(", ", unregistered)} has no registry entry" : null,
        };
    }

    /// <summary>The registry version a log's version text names: <c>3</c> or <c>name:3</c>; null for anything else.</summary>
    internal static int? VersionNumber(string text)
    {
        var digits = text.Contains(':') ? text[(text.LastIndexOf(':') + 1)..] : text;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    private static string Share(int n, int total) => (100.0 * n / total).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Show(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
