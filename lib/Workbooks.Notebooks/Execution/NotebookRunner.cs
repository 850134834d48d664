using System.Diagnostics;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Execution;

/// <summary>
/// Executes a notebook's code cells in document order in a fresh kernel process started from
/// <see cref="KernelLaunch"/> (see <see cref="KernelProcess"/>), filling each cell's outputs and
/// execution count. Like papermill it stops at the first failing cell (later cells would only fail
/// on the missing state) and marks the rest not run. A cell past <see cref="CellTimeout"/>, or one
/// whose kernel process ends (Environment.Exit, a crash), fails with the reason; the process tree is
/// killed, so nothing of that notebook keeps running while the next one runs.
/// </summary>
public sealed class NotebookRunner(TimeSpan cellTimeout, KernelLaunch kernel, IRunProgress? progress = null)
{
    /// <summary>The default per-cell limit, 600 s.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(600);

    /// <summary>How long a cell may run before it is stopped and counted as failed.</summary>
    public TimeSpan CellTimeout { get; } = cellTimeout;

    /// <summary>Starts the kernel for <paramref name="document"/> without waiting for it, so a batch can
    /// start the next notebook's kernel while the current one runs.</summary>
    internal PendingKernel StartKernel(NotebookDocument document, IReadOnlyDictionary<string, string>? environment = null) =>
        PendingKernel.Start(environment is null ? kernel
            : kernel with { EnvironmentVariables = new Dictionary<string, string>(kernel.EnvironmentVariables.Concat(environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value)) }, document);

    /// <summary>Runs <paramref name="document"/> (parameters already injected) and returns the result.
    /// Cells run with the notebook's folder as current directory, as in VS Code.</summary>
    public Task<NotebookRun> RunAsync(NotebookDocument document, IReadOnlyDictionary<string, string> parameters) =>
        RunAsync(document, parameters, StartKernel(document), null);

    /// <summary>Runs <paramref name="document"/> on <paramref name="pending"/> (which it then owns),
    /// calling <paramref name="kernelReady"/> once the kernel has started.</summary>
    internal async Task<NotebookRun> RunAsync(NotebookDocument document, IReadOnlyDictionary<string, string> parameters, PendingKernel pending, Action? kernelReady)
    {
        var codeCells = document.Cells.Where(c => c.IsCode).ToList();
        progress?.NotebookStarted(document, codeCells.Count);
        var clock = Stopwatch.StartNew();
        var runs = new List<CellRun>();
        var executionCount = 0;
        var (process, startFailure) = await pending.ReadyAsync();
        var startup = clock.Elapsed;
        kernelReady?.Invoke();
        using (process)
        {
            var stopped = false;
            foreach (var cell in document.Cells)
            {
                if (!cell.IsCode || stopped || string.IsNullOrWhiteSpace(cell.Source))
                {
                    if (cell.IsCode) { cell.Outputs.Clear(); cell.ExecutionCount = null; }
                    runs.Add(new CellRun(cell, CellStatus.NotRun, TimeSpan.Zero, null));
                    continue;
                }
                var index = codeCells.IndexOf(cell) + 1;
                progress?.CellStarted(document, cell, index, codeCells.Count);
                var run = process is null
                    ? Fail(cell, ++executionCount, new CellOutputs(), "KernelStartFailed", "The kernel did not start: " + startFailure, TimeSpan.Zero)
                    : await RunCellAsync(process, document, cell, ++executionCount);
                runs.Add(run);
                progress?.CellFinished(document, run, index, codeCells.Count);
                if (run.Status != CellStatus.Passed) stopped = true;
            }
            if (process is not null) await process.StopAsync();
        }
        var status = runs.Any(r => r.Status is CellStatus.Failed or CellStatus.TimedOut) ? NotebookStatus.Failed : NotebookStatus.Passed;
        var result = new NotebookRun(document, status, clock.Elapsed, runs, parameters) { KernelStartup = startup };
        progress?.NotebookFinished(result);
        return result;
    }

    private async Task<CellRun> RunCellAsync(KernelProcess process, NotebookDocument document, NotebookCell cell, int executionCount)
    {
        var outputs = new CellOutputs();
        var clock = Stopwatch.StartNew();
        var reply = await process.SubmitAsync(cell.Source, cell.KernelName ?? document.DefaultKernelName, e => outputs.Add(e, executionCount), CellTimeout);
        switch (reply.Kind)
        {
            case ReplyKind.Succeeded:
                Keep(cell, outputs, executionCount);
                return new CellRun(cell, CellStatus.Passed, clock.Elapsed, null);
            case ReplyKind.TimedOut:
                var timedOut = $"Cell timed out after {CellTimeout.TotalSeconds:0.#} s (--cell-timeout); the kernel process (pid {process.Id}) and every process it started were killed and the remaining cells were not run.";
                outputs.AddError("TimeoutException", timedOut);
                Keep(cell, outputs, executionCount);
                return new CellRun(cell, CellStatus.TimedOut, clock.Elapsed, timedOut);
            case ReplyKind.Exited:
                return Fail(cell, executionCount, outputs, "KernelExited", "While this cell ran, " + reply.Reason, clock.Elapsed);
            default:
                var failure = reply.Failure!;
                var message = string.IsNullOrWhiteSpace(failure.Message) ? failure.Exception?.Message ?? "Cell failed." : failure.Message;
                var name = failure.Exception?.GetType().Name ?? (message.Contains("error CS", StringComparison.Ordinal) ? "CompilationError" : "Error");
                return Fail(cell, executionCount, outputs, name, message, clock.Elapsed);
        }
    }

    private static CellRun Fail(NotebookCell cell, int executionCount, CellOutputs outputs, string name, string message, TimeSpan duration)
    {
        outputs.AddError(name, message);
        Keep(cell, outputs, executionCount);
        return new CellRun(cell, CellStatus.Failed, duration, NotebookDocument.FirstLine(message.Trim()));
    }

    private static void Keep(NotebookCell cell, CellOutputs outputs, int executionCount)
    {
        cell.Outputs.Clear();
        cell.Outputs.AddRange(outputs.Outputs);
        cell.ExecutionCount = executionCount;
    }
}
