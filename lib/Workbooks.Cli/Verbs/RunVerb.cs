using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbooks.ModelOps.Monitoring.Reports;
using Workbooks.Cli.Progress;
using Workbooks.Notebooks.Execution;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks run</c>: executes notebooks headlessly and writes executed .ipynb files and
/// HTML reports. Exit code 0 when every cell passed, 1 when a cell failed, 2 for bad input.</summary>
public sealed class RunVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var inputs = new Argument<string[]>("notebook-or-folder") { Arity = ArgumentArity.OneOrMore, Description = "Notebooks (.ipynb, .dib) or folders of notebooks." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "name=value, injected after the cell tagged 'parameters' (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the reports.", DefaultValueFactory = _ => Path.Combine("artifacts", "reports") };
        var timeout = new Option<double>("--cell-timeout") { Description = "Seconds a cell may run before it fails.", DefaultValueFactory = _ => NotebookRunner.DefaultCellTimeout.TotalSeconds };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop after the first notebook with a failing cell." };
        var noCode = new Option<bool>("--no-code") { Description = "Hide code cells in the HTML reports." };
        var failOn = new Option<string?>("--fail-on") { Description = "warning or critical: exit 1 when the summary.json a report notebook wrote in this run has that status or worse." };
        var runs = new Option<string?>("--runs") { Description = "A file with one run per line, 'FOLDER name=value ...': the one notebook runs once per line into -o/FOLDER with those parameters, in one batch (each kernel starts while the previous run executes)." };

        var command = new Command("run", "Run notebooks headlessly into executed notebooks and HTML reports.");
        command.Arguments.Add(inputs);
        foreach (var option in new Option[] { parameters, output, timeout, failFast, noCode, failOn, runs }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0) || double.IsInfinity(seconds)) throw new BadInputException($"--cell-timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}.");
            ReportStatus? level = parse.GetValue(failOn) is { } text
                ? ReportStatuses.TryParse(text) is { } l and not ReportStatus.Ok ? l : throw new BadInputException($"--fail-on must be warning or critical, not '{text}'.")
                : null;
            var request = new RunRequest(
                parse.GetValue(inputs) ?? [],
                parse.GetValue(parameters) ?? [],
                parse.GetValue(output)!,
                TimeSpan.FromSeconds(seconds),
                parse.GetValue(failFast),
                !parse.GetValue(noCode),
                parse.GetValue(runs) is { } runsFile ? ReadRuns(runsFile) : null);
            var started = DateTime.UtcNow;
            var exit = Run(request, context);
            // With --runs, the last run is the one CI acts on (the latest week of a history).
            var judged = request.Variants is { Count: > 0 } v ? Path.Combine(request.OutputDirectory, v[^1].Folder) : request.OutputDirectory;
            return level is { } fail ? FailOn(fail, judged, started, exit, context) : exit;
        });
        return command;
    }

    private static IReadOnlyList<RunVariant> ReadRuns(string path)
    {
        try { return RunVariant.ReadFile(path); }
        catch (RunInputException e) { throw new BadInputException(e.Message); }
        catch (IOException e) { throw new BadInputException($"--runs: '{path}' cannot be read: {e.Message}"); }
    }

    /// <summary>Each notebook's kernel is this same program's <c>kernel</c> verb in a child process
    /// (the assembly under the running dotnet host; the executable itself when published as one file).</summary>
    private static KernelLaunch Kernel => typeof(KernelVerb).Assembly.Location is { Length: > 0 } assembly
        ? KernelLaunch.DotnetAssembly(assembly, "kernel")
        : new KernelLaunch(Environment.ProcessPath!, ["kernel"]);

    /// <summary><c>--fail-on</c>: the run's exit code, or 1 when the summary.json written by this run has status <paramref name="level"/> or worse.</summary>
    private static int FailOn(ReportStatus level, string outputDirectory, DateTime started, int exit, CliContext context)
    {
        var path = Path.Combine(outputDirectory, ReportSummary.FileName);
        // A summary left by an earlier run must not decide this one (file times are rounded: allow two seconds).
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < started.AddSeconds(-2))
        {
            if (exit != ExitCodes.Success) return exit;   // the report failed before it could write its summary; that is already the answer
            throw new BadInputException($"--fail-on: this run wrote no {ReportSummary.FileName} in {outputDirectory} (only report notebooks write one, e.g. reports/monitoring-report.ipynb).");
        }
        ReportSummary summary;
        try { summary = ReportSummary.Load(path); }
        catch (InvalidDataException e) { throw new BadInputException(e.Message); }
        if (summary.Status < level) return exit;
        context.Error.WriteLine($"workbooks: {path}: status {summary.Status.Name()} (--fail-on {level.Name()}): {summary.Headline}");
        return ExitCodes.Failure;
    }

    private static int Run(RunRequest request, CliContext context)
    {
        BatchResult result;
        try
        {
            var terminal = ReferenceEquals(context.Out, Console.Out) && TerminalRunProgress.IsInteractiveTerminal;
            result = terminal
                ? AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(ctx => new NotebookBatch(Kernel, new TerminalRunProgress(ctx), context.Error).RunAsync(request))
                    .GetAwaiter().GetResult()
                : new NotebookBatch(Kernel, new PlainRunLog(context.Out), context.Error).RunAsync(request).GetAwaiter().GetResult();
        }
        catch (RunInputException e)
        {
            throw new BadInputException(e.Message);
        }

        foreach (var run in result.Runs)
            if (run.Failure is { } failure)
                context.Error.WriteLine($"workbooks: {run.Document.Path}: {HtmlReportWriter.CellLabel(failure.Cell)} " +
                                        $"{PlainRunLog.Describe(failure.Status)}: {failure.Error}");
        var passed = result.Runs.Count(r => r.Status == NotebookStatus.Passed);
        context.Out.WriteLine($"{passed}/{result.Runs.Count} notebooks passed; reports in {Path.GetFullPath(request.OutputDirectory)}" +
                              (result.IndexPath is null ? "" : $" (index: {Path.GetFileName(result.IndexPath)})"));
        return result.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
