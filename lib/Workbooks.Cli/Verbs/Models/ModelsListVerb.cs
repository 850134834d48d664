using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models list --registry DIR [--name NAME]</c>: every model with its latest version and aliases,
/// or every version of one model with its metrics and aliases.</summary>
internal static class ModelsListVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var name = new Option<string?>("--name") { Description = "List the versions of this model." };
        var json = ModelsCli.JsonOption();
        var command = new Command("list", "List registered models, or the versions of one model.");
        foreach (var o in new Option[] { registry, name, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var reg = ModelsCli.Open(parse.GetValue(registry)!);
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(name) is { } model)
            {
                var versions = reg.Versions(model);
                if (asJson) context.Out.WriteLine(RegistryJson.Of(versions));
                else ModelsCli.Table(context.Out, ["version", "aliases", "metrics", "dataset", "trainer", "parent", "created", "by", "sha256"],
                    versions.Select(v => new[]
                    {
                        v.Version.ToString(CultureInfo.InvariantCulture), string.Join(",", v.Aliases), ModelsCli.Map(v.Metrics, m => m.ToString("G6", CultureInfo.InvariantCulture)),
                        v.Lineage.Dataset, v.Lineage.Trainer, v.Lineage.ParentVersion?.ToString(CultureInfo.InvariantCulture),
                        v.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), v.CreatedBy, v.Sha256[..12],
                    }));
                return ExitCodes.Success;
            }
            var models = reg.List();
            if (asJson) context.Out.WriteLine(RegistryJson.Of(models));
            else ModelsCli.Table(context.Out, ["name", "versions", "latest", "aliases", "description"],
                models.Select(m => new[]
                {
                    m.Name, m.VersionCount.ToString(CultureInfo.InvariantCulture), m.LatestVersion.ToString(CultureInfo.InvariantCulture),
                    ModelsCli.Map(m.Aliases, v => v.ToString(CultureInfo.InvariantCulture)), m.Description,
                }));
            return ExitCodes.Success;
        }));
        return command;
    }
}
