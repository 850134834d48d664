using System.CommandLine;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models promote --registry DIR NAME:VERSION --alias ALIAS</c>: points the alias at the version
/// (one transaction; the move is kept in the alias's history).</summary>
internal static class ModelsPromoteVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var reference = new Argument<string>("version") { Description = "NAME:VERSION to promote." };
        var alias = new Option<string>("--alias") { Description = "The alias to point at it, e.g. champion.", Required = true };
        var json = ModelsCli.JsonOption();
        var command = new Command("promote", "Point an alias (champion, challenger, ...) at a version.");
        command.Arguments.Add(reference);
        foreach (var o in new Option[] { registry, alias, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var r = ModelsCli.Reference(parse.GetValue(reference)!, versionRequired: true);
            var move = ModelsCli.Open(parse.GetValue(registry)!).SetAlias(r.Name, parse.GetValue(alias)!, r.Version!.Value, "cli");
            context.Out.WriteLine(parse.GetValue(json) ? RegistryJson.Of(move) : ModelsRollbackVerb.Describe(move));
            return ExitCodes.Success;
        }));
        return command;
    }
}
