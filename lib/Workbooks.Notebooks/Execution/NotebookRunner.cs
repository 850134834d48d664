using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Kernels;

namespace Workbooks.Notebooks.Execution;

/// <summary>
/// Executes a notebook's code cells in document order in a fresh in-process kernel from
/// <see cref="WorkbooksKernel"/>, filling each cell's outputs and execution count. Like papermill it
/// stops at the first failing cell (later cells would only fail on the missing state) and marks the
/// rest not run. A cell past <see cref="CellTimeout"/> is cancelled; C# code that ignores cancellation
/// cannot be interrupted in-process, so the kernel is then abandoned and the cell reported as timed out.
/// </summary>
public sealed class NotebookRunner(TimeSpan cellTimeout, IRunProgress? progress = null)
{
    /// <summary>The default per-cell limit, 600 s.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(600);

    /// <summary>How long a cell may run before it is stopped and counted as failed.</summary>
    public TimeSpan CellTimeout { get; } = cellTimeout;

    /// <summary>Runs <paramref name="document"/> (parameters already injected) and returns the result.
    /// Cells run with the notebook's folder as current directory, as in VS Code.</summary>
    public async Task<NotebookRun> RunAsync(NotebookDocument document, IReadOnlyDictionary<string, string> parameters)
    {
        var codeCells = document.Cells.Where(c => c.IsCode).ToList();
        progress?.NotebookStarted(document, codeCells.Count);
        var clock = Stopwatch.StartNew();
        var runs = new List<CellRun>();
        var kernel = WorkbooksKernel.Create();
        var abandoned = false;
        var stopped = false;
        var executionCount = 0;
        var startup = TimeSpan.Zero;
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(document.Path))!;
            // Compile one trivial submission first, so Roslyn's start-up (seconds on a cold process)
            // is not charged to the first cell's time or timeout.
            await kernel.SendAsync(new SubmitCode("using System;", "csharp"));
            startup = clock.Elapsed;
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
                var run = await RunCellAsync(kernel, document, cell, ++executionCount);
                runs.Add(run);
                progress?.CellFinished(document, run, index, codeCells.Count);
                if (run.Status != CellStatus.Passed) stopped = true;
                if (run.Status == CellStatus.TimedOut) abandoned = true;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            // A kernel stuck in user code may never finish disposing: let that happen off this thread.
            if (abandoned) _ = Task.Run(kernel.Dispose);
            else kernel.Dispose();
        }
        var status = runs.Any(r => r.Status is CellStatus.Failed or CellStatus.TimedOut) ? NotebookStatus.Failed : NotebookStatus.Passed;
        var result = new NotebookRun(document, status, clock.Elapsed, runs, parameters) { KernelStartup = startup };
        progress?.NotebookFinished(result);
        return result;
    }

    private async Task<CellRun> RunCellAsync(Kernel kernel, NotebookDocument document, NotebookCell cell, int executionCount)
    {
        var outputs = new CellOutputs();
        var gate = new object();
        var clock = Stopwatch.StartNew();
        var submit = new SubmitCode(cell.Source, cell.KernelName ?? document.DefaultKernelName);
        using var subscription = kernel.KernelEvents.Subscribe(new EventSink(e =>
        {
            lock (gate) outputs.Add(e, executionCount);
        }));
        // Task.Run: a cell that blocks synchronously must not block the runner's own timer.
        var submission = Task.Run(() => kernel.SendAsync(submit));
        var finished = await Task.WhenAny(submission, Task.Delay(CellTimeout));
        CellRun run;
        if (finished != submission)
        {
            _ = kernel.SendAsync(new Cancel());
            await Task.WhenAny(submission, Task.Delay(TimeSpan.FromSeconds(2)));
            var message = $"Cell timed out after {CellTimeout.TotalSeconds:0.#} s (--cell-timeout); the kernel was abandoned and the remaining cells were not run.";
            lock (gate) outputs.AddError("TimeoutException", message);
            run = new CellRun(cell, CellStatus.TimedOut, clock.Elapsed, message);
        }
        else
        {
            KernelCommandResult? result = null;
            Exception? thrown = null;
            try { result = await submission; }
            catch (Exception e) { thrown = e; }
            var failure = result?.Events.OfType<CommandFailed>().FirstOrDefault();
            if (thrown is null && failure is null)
                run = new CellRun(cell, CellStatus.Passed, clock.Elapsed, null);
            else
            {
                var exception = thrown ?? failure!.Exception;
                var message = thrown?.Message ?? (string.IsNullOrWhiteSpace(failure!.Message) ? exception?.Message ?? "Cell failed." : failure.Message);
                var name = exception?.GetType().Name ?? (message.Contains("error CS", StringComparison.Ordinal) ? "CompilationError" : "Error");
                lock (gate) outputs.AddError(name, message);
                run = new CellRun(cell, CellStatus.Failed, clock.Elapsed, NotebookDocument.FirstLine(message.Trim()));
            }
        }
        lock (gate)
        {
            cell.Outputs.Clear();
            cell.Outputs.AddRange(outputs.Outputs.Select(o => (System.Text.Json.Nodes.JsonObject)o.DeepClone()));
        }
        cell.ExecutionCount = executionCount;
        return run;
    }

    private sealed class EventSink(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
