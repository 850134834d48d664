using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Parameters;
using Workbooks.Notebooks.Reports;
using Workbooks.ModelOps.Data;

namespace Workbooks.Notebooks.Execution;

/// <summary>Thrown for bad input to a run (missing path, malformed notebook, bad parameter, clashing
/// outputs) before anything is executed or written; the message is one line naming what is wrong.</summary>
public sealed class RunInputException(string message) : Exception(message);

/// <summary>What <c>workbooks run</c> was asked to do.</summary>
/// <param name="Inputs">Notebook files (.ipynb, .dib) and folders holding them.</param>
/// <param name="Parameters">Raw <c>name=value</c> pairs.</param>
/// <param name="OutputDirectory">Where reports go (created when missing).</param>
/// <param name="CellTimeout">Per-cell limit.</param>
/// <param name="FailFast">Stop after the first failing notebook; the rest are listed as not run.</param>
/// <param name="ShowCode">Show code cells in the HTML reports.</param>
public sealed record RunRequest(
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Parameters,
    string OutputDirectory,
    TimeSpan CellTimeout,
    bool FailFast,
    bool ShowCode);

/// <summary>The outcome of a batch: every notebook's run and where the index page went (if written).</summary>
public sealed record BatchResult(IReadOnlyList<NotebookRun> Runs, string? IndexPath)
{
    /// <summary>True when every notebook ran and passed.</summary>
    public bool Passed => Runs.All(r => r.Status == NotebookStatus.Passed);
}

/// <summary>
/// Runs notebooks one after another, each in its own kernel process, and writes per notebook the
/// executed .ipynb and the HTML report (plus index.html for a folder or several notebooks, and
/// plotly.min.js). All input is checked first, so bad input fails before any file is touched; every
/// file is written through <see cref="AtomicFile"/>. While one notebook runs, the next one's kernel
/// starts, so a batch pays a cold kernel start-up once rather than once per notebook.
/// </summary>
/// <param name="kernel">How to start a kernel process (the CLI passes <c>workbooks kernel</c>).</param>
/// <param name="progress">Receives progress, if given.</param>
/// <param name="warnings">Receives warnings (undeclared parameters), if given.</param>
public sealed class NotebookBatch(KernelLaunch kernel, IRunProgress? progress = null, TextWriter? warnings = null)
{
    /// <summary>The environment variable that tells each kernel the reports folder (the same name the library's
    /// monitoring report reads).</summary>
    public const string ReportFolderVariable = Workbooks.ModelOps.Monitoring.Reports.MonitoringReport.ReportFolderVariable;

    /// <summary>Validates <paramref name="request"/>, runs it and writes the reports.</summary>
    public async Task<BatchResult> RunAsync(RunRequest request)
    {
        var (documents, wantsIndex) = LoadInputs(request.Inputs);
        var parameters = request.Parameters.Select(Parse).ToList();
        var shownParameters = parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().RawValue);
        var outputDirectory = Path.GetFullPath(request.OutputDirectory);
        if (File.Exists(outputDirectory)) throw new RunInputException($"output folder '{request.OutputDirectory}' is an existing file.");
        CheckOutputNames(documents, outputDirectory);
        foreach (var document in documents)
        {
            try
            {
                foreach (var name in ParameterInjector.Inject(document, parameters))
                    warnings?.WriteLine($"workbooks: warning: {document.Path}: parameter '{name}' is not declared in a cell tagged 'parameters'; injected anyway.");
            }
            catch (ParameterException e)
            {
                throw new RunInputException($"{document.Path}: {e.Message}");
            }
        }

        CheckWritable(request.OutputDirectory, outputDirectory);

        // A report notebook finds its reports folder here, to write files beside its HTML (MonitoringReport.WriteSummary).
        var launch = kernel with { EnvironmentVariables = new Dictionary<string, string>(kernel.EnvironmentVariables) { [ReportFolderVariable] = outputDirectory } };
        var runner = new NotebookRunner(request.CellTimeout, launch, progress);
        var runs = new List<NotebookRun>();
        ChartHtml.WritePlotlyScript(outputDirectory);
        PendingKernel? next = null;
        try
        {
            for (var i = 0; i < documents.Count; i++)
            {
                var document = documents[i];
                var current = next;
                next = null;
                NotebookRun run;
                if (request.FailFast && runs.Any(r => r.Status == NotebookStatus.Failed))
                {
                    current?.Dispose();
                    run = NotebookRun.Skipped(document, shownParameters);
                }
                else
                {
                    // Once this notebook's kernel is ready, the next one starts warming up beside it.
                    var following = i + 1 < documents.Count ? documents[i + 1] : null;
                    run = await runner.RunAsync(document, shownParameters, current ?? runner.StartKernel(document),
                        () => next = following is null ? null : runner.StartKernel(following));
                }
                runs.Add(run);
                if (run.Status == NotebookStatus.NotRun) continue;
                AtomicFile.WriteAllText(Path.Combine(outputDirectory, run.Name + ".ipynb"), document.ToJson());
                AtomicFile.WriteAllText(Path.Combine(outputDirectory, run.Name + ".html"), HtmlReportWriter.Render(run, request.ShowCode));
            }
        }
        finally
        {
            next?.Dispose();
        }
        string? index = null;
        if (wantsIndex)
        {
            index = Path.Combine(outputDirectory, "index.html");
            AtomicFile.WriteAllText(index, IndexPageWriter.Render(runs));
        }
        return new BatchResult(runs, index);
    }

    /// <summary>Creates the output folder and proves a file can be written there, so an unwritable
    /// folder is bad input before any notebook runs, not an exception after the first one.</summary>
    private static void CheckWritable(string given, string outputDirectory)
    {
        try
        {
            Directory.CreateDirectory(outputDirectory);
            var probe = Path.Combine(outputDirectory, $".workbooks-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"output folder '{given}' cannot be written: {NotebookDocument.FirstLine(e.Message)}");
        }
    }

    private static NotebookParameter Parse(string assignment)
    {
        try { return NotebookParameter.Parse(assignment); }
        catch (ParameterException e) { throw new RunInputException(e.Message); }
    }

    private static (List<NotebookDocument> Documents, bool WantsIndex) LoadInputs(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new RunInputException("name at least one notebook or folder to run.");
        var files = new List<string>();
        var anyFolder = false;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                anyFolder = true;
                files.AddRange(Directory.EnumerateFiles(input)
                    .Where(IsNotebookFile)
                    .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                if (!IsNotebookFile(input)) throw new RunInputException($"{input}: not a notebook (expected .ipynb or .dib).");
                files.Add(input);
            }
            else throw new RunInputException($"{input}: no such notebook file or folder.");
        }
        var documents = new List<NotebookDocument>();
        foreach (var file in files)
        {
            try { documents.Add(NotebookDocument.Load(file)); }
            catch (NotebookFormatException e) { throw new RunInputException(e.Message); }
        }
        return (documents, anyFolder || documents.Count > 1);
    }

    private static bool IsNotebookFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".ipynb" or ".dib";

    private static void CheckOutputNames(List<NotebookDocument> documents, string outputDirectory)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in documents)
        {
            var name = Path.GetFileNameWithoutExtension(document.Path);
            if (name.Equals("index", StringComparison.OrdinalIgnoreCase) || name.Equals("plotly.min", StringComparison.OrdinalIgnoreCase))
                throw new RunInputException($"{document.Path}: the name '{name}' is reserved for the reports folder; rename the notebook.");
            if (!seen.TryAdd(name, document.Path))
                throw new RunInputException($"{document.Path} and {seen[name]} would both write '{name}.ipynb' in {outputDirectory}; run them with different -o folders.");
            var executed = Path.Combine(outputDirectory, name + ".ipynb");
            if (string.Equals(Path.GetFullPath(document.Path), executed, StringComparison.OrdinalIgnoreCase))
                throw new RunInputException($"{document.Path}: the executed notebook would overwrite its source; choose another -o folder.");
        }
    }
}
