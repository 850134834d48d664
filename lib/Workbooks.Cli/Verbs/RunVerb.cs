using System.CommandLine;
using System.Globalization;
using Spectre.Console;
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

        var command = new Command("run", "Run notebooks headlessly into executed notebooks and HTML reports.");
        command.Arguments.Add(inputs);
        foreach (var option in new Option[] { parameters, output, timeout, failFast, noCode }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0) || double.IsInfinity(seconds)) throw new BadInputException($"--cell-timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}.");
            var request = new RunRequest(
                parse.GetValue(inputs) ?? [],
                parse.GetValue(parameters) ?? [],
                parse.GetValue(output)!,
                TimeSpan.FromSeconds(seconds),
                parse.GetValue(failFast),
                !parse.GetValue(noCode));
            return Run(request, context);
        });
        return command;
    }

    /// <summary>Each notebook's kernel is this same program's <c>kernel</c> verb in a child process
    /// (the assembly under the running dotnet host; the executable itself when published as one file).</summary>
    private static KernelLaunch Kernel => typeof(KernelVerb).Assembly.Location is { Length: > 0 } assembly
        ? KernelLaunch.DotnetAssembly(assembly, "kernel")
        : new KernelLaunch(Environment.ProcessPath!, ["kernel"]);

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
