using System.CommandLine;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models rollback --registry DIR NAME --alias ALIAS</c>: moves the alias back to the version it
/// held before its latest move; repeated, it walks further back through the alias's history.</summary>
internal static class ModelsRollbackVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var name = new Argument<string>("name") { Description = "The model's name." };
        var alias = new Option<string>("--alias") { Description = "The alias to move back, e.g. champion.", Required = true };
        var json = ModelsCli.JsonOption();
        var command = new Command("rollback", "Move an alias back to the version it held before.");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { registry, alias, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var move = ModelsCli.Open(parse.GetValue(registry)!).Rollback(ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(alias)!, "cli");
            context.Out.WriteLine(parse.GetValue(json) ? RegistryJson.Of(move) : Describe(move));
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static string Describe(AliasMove m) => m.Kind == "unchanged"
        ? $"{m.Name}@{m.Alias} already points at version {m.ToVersion}"
        : $"{m.Name}@{m.Alias}: {(m.FromVersion is { } f ? $"version {f}" : "(new)")} -> {(m.ToVersion is { } t ? $"version {t}" : "(removed)")} ({m.Kind}, move {m.Sequence})";
}
