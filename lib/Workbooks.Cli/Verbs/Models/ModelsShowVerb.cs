using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models show --registry DIR NAME[@ALIAS|:VERSION]</c>: one version's lineage, metrics, tags,
/// aliases and file hash (and, through an alias, that alias's moves); the file is verified, and a missing or
/// corrupted file exits 1 naming it.</summary>
internal static class ModelsShowVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var reference = new Argument<string>("model") { Description = "NAME (latest version), NAME:VERSION or NAME@ALIAS." };
        var json = ModelsCli.JsonOption();
        var command = new Command("show", "Show one model version: lineage, metrics, tags, aliases and file hash.");
        command.Arguments.Add(reference);
        foreach (var o in new Option[] { registry, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var reg = ModelsCli.Open(parse.GetValue(registry)!);
            var r = ModelsCli.Reference(parse.GetValue(reference)!);
            var v = reg.Get(r);
            string? fileProblem = null;
            try { reg.GetVerifiedFile(v); }
            catch (ModelFileException e) { fileProblem = e.Message; }
            if (parse.GetValue(json)) context.Out.WriteLine(RegistryJson.Of(v, indented: true));
            else
            {
                Print(context.Out, v, fileProblem);
                // Shown through an alias: where it pointed before (what a rollback walks back through).
                if (r.Alias is { } alias && alias != ModelReference.Latest)
                    context.Out.WriteLine($"  @{alias} moves: {string.Join(", ", reg.AliasHistory(r.Name, alias).Select(m => $"{m.At.ToString("u", CultureInfo.InvariantCulture)} {m.Kind} {m.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}->{m.ToVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}"))}");
            }
            if (fileProblem is null) return ExitCodes.Success;
            context.Error.WriteLine($"workbooks: {fileProblem}");
            return ExitCodes.Failure;
        }));
        return command;
    }

    private static void Print(TextWriter o, ModelVersionInfo v, string? fileProblem)
    {
        var l = v.Lineage;
        o.WriteLine($"{v.Name}:{v.Version}{(v.Aliases.Count > 0 ? $" @{string.Join(" @", v.Aliases)}" : "")}{(v.Description is { } d ? $"  {d}" : "")}");
        o.WriteLine($"  file:        sha256 {v.Sha256}, {v.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes{(v.SourceFile is { } f ? $" (from {f})" : "")}, {(fileProblem is null ? "verified" : "NOT VERIFIED")}");
        o.WriteLine($"  metrics:     {ModelsCli.Map(v.Metrics, m => m.ToString("R", CultureInfo.InvariantCulture))}");
        o.WriteLine($"  tags:        {ModelsCli.Map(v.Tags, t => t)}");
        o.WriteLine($"  dataset:     {l.Dataset ?? "-"}{(l.Range is { } r ? $" ({r})" : "")}{(l.RowCount is { } n ? $", {n.ToString("N0", CultureInfo.InvariantCulture)} rows" : "")}{(l.DataSha256 is { } h ? $", sha256 {h}" : "")}");
        o.WriteLine($"  trainer:     {l.Trainer ?? "-"} {ModelsCli.Map(l.Hyperparameters, p => p)}".TrimEnd());
        o.WriteLine($"  parent:      {(l.ParentVersion is { } p ? $"{v.Name}:{p}" : "-")}");
        o.WriteLine($"  git commit:  {l.GitCommit ?? "-"}");
        o.WriteLine($"  created:     {v.CreatedAt.ToString("u", CultureInfo.InvariantCulture)} by {v.CreatedBy} ({v.Creator})");
    }
}
