using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Execution;

/// <summary>How one cell's run ended.</summary>
public enum CellStatus
{
    /// <summary>Not a code cell, or a code cell after a failure (the notebook stops there, as papermill does).</summary>
    NotRun,
    Passed,
    Failed,
    /// <summary>Ran past the per-cell timeout; the notebook's kernel process tree was killed.</summary>
    TimedOut,
}

/// <summary>The run of one cell: its status, time, and the error's first line when it failed.</summary>
public sealed record CellRun(NotebookCell Cell, CellStatus Status, TimeSpan Duration, string? Error);

/// <summary>How one notebook's run ended.</summary>
public enum NotebookStatus
{
    Passed,
    Failed,
    /// <summary>Skipped because an earlier notebook failed under --fail-fast.</summary>
    NotRun,
}

/// <summary>The run of one notebook: its executed document, a <see cref="CellRun"/> per cell
/// (same order as <see cref="NotebookDocument.Cells"/>), status and wall time.</summary>
public sealed record NotebookRun(
    NotebookDocument Document,
    NotebookStatus Status,
    TimeSpan Duration,
    IReadOnlyList<CellRun> Cells,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>How long this notebook waited for its kernel process to start and compile a warm-up
    /// submission (included in <see cref="Duration"/>); shorter than a cold start when the batch
    /// started the kernel while the previous notebook ran.</summary>
    public TimeSpan KernelStartup { get; init; }

    /// <summary>The failed (or timed out) cell, if any.</summary>
    public CellRun? Failure => Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.TimedOut);

    /// <summary>The file name without extension, used for the report files.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Document.Path);

    /// <summary>A notebook that was never started.</summary>
    public static NotebookRun Skipped(NotebookDocument document, IReadOnlyDictionary<string, string> parameters) =>
        new(document, NotebookStatus.NotRun, TimeSpan.Zero,
            document.Cells.Select(c => new CellRun(c, CellStatus.NotRun, TimeSpan.Zero, null)).ToList(), parameters);
}

/// <summary>Receives progress while notebooks run (a live display on a terminal, log lines in CI).</summary>
public interface IRunProgress
{
    void NotebookStarted(NotebookDocument document, int codeCellCount);
    void CellStarted(NotebookDocument document, NotebookCell cell, int codeCellIndex, int codeCellCount);
    void CellFinished(NotebookDocument document, CellRun run, int codeCellIndex, int codeCellCount);
    void NotebookFinished(NotebookRun run);
}
