using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models compare --registry DIR NAME:A NAME:B</c>: metrics (with B - A) and lineage side by side.</summary>
internal static class ModelsCompareVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var first = new Argument<string>("a") { Description = "NAME:VERSION or NAME@ALIAS." };
        var second = new Argument<string>("b") { Description = "NAME:VERSION or NAME@ALIAS." };
        var json = ModelsCli.JsonOption();
        var command = new Command("compare", "Compare two versions: metrics and lineage side by side.");
        command.Arguments.Add(first);
        command.Arguments.Add(second);
        foreach (var o in new Option[] { registry, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var reg = ModelsCli.Open(parse.GetValue(registry)!);
            var a = reg.Get(ModelsCli.Reference(parse.GetValue(first)!));
            var b = reg.Get(ModelsCli.Reference(parse.GetValue(second)!));
            var rows = VersionComparison.Of(a, b);
            if (parse.GetValue(json)) { context.Out.WriteLine(RegistryJson.Of(a, b, rows, indented: true)); return ExitCodes.Success; }
            ModelsCli.Table(context.Out, ["", "field", a.ToString(), b.ToString(), "b - a"], rows.Select(r => new[]
            {
                r.Section, r.Field, r.A ?? "-", r.B ?? "-",
                r.Delta is { } d ? d.ToString("+0.######;-0.######;0", CultureInfo.InvariantCulture) : r.Differs && r.Section != "metric" ? "differs" : "",
            }));
            return ExitCodes.Success;
        }));
        return command;
    }
}
