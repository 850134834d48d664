using System.CommandLine;
using Workbooks.ModelOps.Data;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks datasets [list | show NAME | --info NAME | --fetch NAME...]</c>: lists the dataset catalog, shows one entry in full
/// (source, checksums, preparation, licence, columns), or fetches datasets into the cache (e.g. before going offline).
/// </summary>
/// <example>
/// <code>
/// CliApp.Run(["datasets", "--info", "sea_abrupt"], Console.Out, Console.Error);
/// // prints (first line): sea_abrupt: 40,000 rows x 4 columns
/// </code>
/// </example>
public sealed class DatasetsVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var info = new Option<string?>("--info") { Description = "Show one dataset's full catalog entry." };
        var fetch = new Option<string[]>("--fetch") { Description = "Fetch these datasets into the cache (mirror or download) and print their paths.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("datasets", "List the real datasets of the catalog, show one entry, or fetch datasets into the local cache.");
        command.Options.Add(info);
        command.Options.Add(fetch);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(fetch) ?? [];
            var one = parse.GetValue(info);
            if (one is not null) Describe(Find(one), context.Out);
            foreach (var name in names)
            {
                try
                {
                    context.Out.WriteLine($"{name}: {DatasetCatalog.GetCsvPath(Find(name).Name)}");
                }
                catch (DatasetUnavailableException e)
                {
                    context.Error.WriteLine($"workbooks: {e.Message}");
                    return ExitCodes.Failure;
                }
            }
            if (one is null && names.Length == 0) List(context.Out);
            return ExitCodes.Success;
        });
        // `datasets list` and `datasets show NAME` read as the models verb does; the bare verb still lists.
        var list = new Command("list", "List the datasets of the catalog (the same as `workbooks datasets`).");
        list.SetAction(_ => { List(context.Out); return ExitCodes.Success; });
        var name = new Argument<string>("name") { Description = "A catalog dataset." };
        var show = new Command("show", "Show one dataset's full catalog entry (the same as `--info NAME`).");
        show.Arguments.Add(name);
        show.SetAction(parse => { Describe(Find(parse.GetValue(name)!), context.Out); return ExitCodes.Success; });
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static void List(TextWriter output)
    {
        foreach (var d in DatasetCatalog.Datasets)
            output.WriteLine(FormattableString.Invariant($"{d.Name,-26} {d.RowCount,7:N0} x {d.Columns.Count,-3} {d.MirrorFile}"));
    }

    private static DatasetInfo Find(string name) => DatasetCatalog.Get(name);   // an unknown name: exit 2 through CliApp

    private static void Describe(DatasetInfo d, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant($"{d.Name}: {d.RowCount:N0} rows x {d.Columns.Count} columns"));
        output.WriteLine($"  {d.Description}");
        foreach (var s in d.Sources)
            output.WriteLine($"  source: {s.Url}\n    sha256: {s.Sha256 ?? "unknown"} ({s.Sha256Note})");
        output.WriteLine($"  preparation: {d.Preparation.Description}");
        output.WriteLine($"  mirror file: {d.MirrorFile} (sha256 {d.MirrorSha256})");
        output.WriteLine($"  prepared CSV sha256: {d.CsvSha256}");
        output.WriteLine($"  licence: {d.Licence}");
        output.WriteLine($"  cite: {d.Citation}");
        output.WriteLine($"  columns: {string.Join(", ", d.Columns.Select(c => $"{c.Name} ({c.Type})"))}");
    }
}
