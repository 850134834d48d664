using System.CommandLine;
using Workbooks.ModelOps.Monitoring.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks reports history DIR</c>: reads every run's summary.json under a reports folder and writes the
/// history page (one row per run with status colours, trend charts of the key figures).</summary>
public sealed class ReportsVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "A reports folder: each scheduled run's report in its own (dated) folder with its summary.json." };
        var output = new Option<string?>("--output", "-o") { Description = $"The page to write (default: FOLDER/{ReportHistory.PageName})." };
        var history = new Command("history", "Write the history page of a scheduled monitoring report: one row per run, status colours, trend charts.");
        history.Arguments.Add(folder);
        history.Options.Add(output);
        history.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            string page;
            try
            {
                var runs = ReportHistory.Load(dir);
                page = ReportHistory.Write(dir, parse.GetValue(output));
                context.Out.WriteLine($"{runs.Count} runs ({string.Join(", ", runs.Select(r => $"{r.Summary.End.AddDays(-1):yyyy-MM-dd} {r.Summary.Status.Name()}"))}); history: {page}");
            }
            catch (Exception e) when (e is InvalidDataException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new BadInputException(e.Message);
            }
            return ExitCodes.Success;
        });
        var command = new Command("reports", "Scheduled monitoring reports: the history across runs.");
        command.Subcommands.Add(history);
        return command;
    }
}
