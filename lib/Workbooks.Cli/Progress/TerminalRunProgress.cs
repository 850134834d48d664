using Spectre.Console;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Execution;

namespace Workbooks.Cli.Progress;

/// <summary>Live progress on a terminal: one bar per notebook with the current cell and elapsed time.</summary>
public sealed class TerminalRunProgress(ProgressContext context) : IRunProgress
{
    private ProgressTask? _task;

    /// <summary>True when standard output and error are a terminal and no CI variable is set.</summary>
    public static bool IsInteractiveTerminal =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) &&
        AnsiConsole.Profile.Capabilities.Interactive;

    public void NotebookStarted(NotebookDocument document, int codeCellCount)
    {
        _task = context.AddTask(Markup.Escape(Path.GetFileName(document.Path)), autoStart: true, maxValue: Math.Max(1, codeCellCount));
    }

    public void CellStarted(NotebookDocument document, NotebookCell cell, int codeCellIndex, int codeCellCount)
    {
        if (_task is not null)
            _task.Description = Markup.Escape($"{Path.GetFileName(document.Path)}: cell {codeCellIndex}/{codeCellCount}");
    }

    public void CellFinished(NotebookDocument document, CellRun run, int codeCellIndex, int codeCellCount) => _task?.Increment(1);

    public void NotebookFinished(NotebookRun run)
    {
        if (_task is null) return;
        var mark = run.Status == NotebookStatus.Passed ? "[green]passed[/]" : "[red]failed[/]";
        _task.Description = $"{Markup.Escape(Path.GetFileName(run.Document.Path))}: {mark}";
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }
}
