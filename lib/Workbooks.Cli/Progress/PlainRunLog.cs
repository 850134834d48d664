using System.Globalization;
using Workbooks.Notebooks.Execution;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Progress;

/// <summary>Progress as plain, timestamped log lines: what CI logs (no terminal) show.</summary>
public sealed class PlainRunLog(TextWriter output) : IRunProgress
{
    public void NotebookStarted(NotebookDocument document, int codeCellCount) =>
        Log($"{document.Path}: running {codeCellCount} code cells");

    public void CellStarted(NotebookDocument document, NotebookCell cell, int codeCellIndex, int codeCellCount) { }

    public void CellFinished(NotebookDocument document, CellRun run, int codeCellIndex, int codeCellCount) =>
        Log($"{document.Path}: code cell {codeCellIndex}/{codeCellCount} ({HtmlReportWriter.CellLabel(run.Cell)}) " +
            $"{Describe(run.Status)} in {run.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

    public void NotebookFinished(NotebookRun run) =>
        Log($"{run.Document.Path}: {run.Status.ToString().ToLowerInvariant()} in {run.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s " +
            $"(kernel start-up {run.KernelStartup.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");

    internal static string Describe(CellStatus status) => status switch
    {
        CellStatus.TimedOut => "timed out",
        CellStatus.NotRun => "not run",
        _ => status.ToString().ToLowerInvariant(),
    };

    private void Log(string line) =>
        output.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {line}");
}
