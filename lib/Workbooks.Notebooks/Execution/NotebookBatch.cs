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
/// <param name="Variants">Runs of one notebook with different parameters, each into its own subfolder of
/// <paramref name="OutputDirectory"/> (a report for each week, say); null: each input runs once.</param>
public sealed record RunRequest(
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Parameters,
    string OutputDirectory,
    TimeSpan CellTimeout,
    bool FailFast,
    bool ShowCode,
    IReadOnlyList<RunVariant>? Variants = null);

/// <summary>One run of a notebook in a batch of variants: the subfolder it writes into and its own <c>name=value</c>
/// parameters (applied after the request's, so they win).</summary>
public sealed record RunVariant(string Folder, IReadOnlyList<string> Parameters)
{
    /// <summary>Reads a runs file: one run per line, <c>FOLDER name=value name=value ...</c>; blank lines and lines
    /// starting with <c>#</c> are skipped. A bad line is a <see cref="RunInputException"/> naming the file and line.</summary>
    public static IReadOnlyList<RunVariant> ReadFile(string path)
    {
        if (!File.Exists(path)) throw new RunInputException($"--runs: no such file '{path}'.");
        var variants = new List<RunVariant>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var folder = words[0];
            if (folder.Contains('=') || Path.IsPathRooted(folder) || folder.Split('/', '\\').Contains(".."))
                throw new RunInputException($"{path}, line {i + 1}: the first word must be the run's folder under -o (relative, no '..'), not '{folder}'.");
            if (variants.Any(v => v.Folder == folder)) throw new RunInputException($"{path}, line {i + 1}: folder '{folder}' is already used by an earlier line.");
            variants.Add(new RunVariant(folder, words[1..]));
        }
        if (variants.Count == 0) throw new RunInputException($"--runs: '{path}' lists no run.");
        return variants;
    }
}

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

    /// <summary>One notebook run of a batch: the document (parameters injected), where it writes, what it shows as parameters.</summary>
    private sealed record Job(NotebookDocument Document, string OutputDirectory, IReadOnlyDictionary<string, string> Shown);

    /// <summary>Validates <paramref name="request"/>, runs it and writes the reports.</summary>
    public async Task<BatchResult> RunAsync(RunRequest request)
    {
        var outputDirectory = Path.GetFullPath(request.OutputDirectory);
        if (File.Exists(outputDirectory)) throw new RunInputException($"output folder '{request.OutputDirectory}' is an existing file.");
        var (jobs, wantsIndex) = request.Variants is { } variants ? VariantJobs(request, variants, outputDirectory) : InputJobs(request, outputDirectory);
        foreach (var folder in jobs.Select(j => j.OutputDirectory).Distinct())
            CheckOutputNames(jobs.Where(j => j.OutputDirectory == folder).Select(j => j.Document).ToList(), folder);
        CheckWritable(request.OutputDirectory, outputDirectory);

        var runner = new NotebookRunner(request.CellTimeout, kernel, progress);
        // A report notebook finds its reports folder here, to write files beside its HTML (MonitoringReport.WriteSummary).
        PendingKernel Start(Job job) => runner.StartKernel(job.Document, new Dictionary<string, string> { [ReportFolderVariable] = job.OutputDirectory });
        var runs = new List<NotebookRun>();
        PendingKernel? next = null;
        try
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i];
                var current = next;
                next = null;
                NotebookRun run;
                if (request.FailFast && runs.Any(r => r.Status == NotebookStatus.Failed))
                {
                    current?.Dispose();
                    run = NotebookRun.Skipped(job.Document, job.Shown);
                }
                else
                {
                    // Once this notebook's kernel is ready, the next one starts warming up beside it.
                    var following = i + 1 < jobs.Count ? jobs[i + 1] : null;
                    Directory.CreateDirectory(job.OutputDirectory);
                    ChartHtml.WritePlotlyScript(job.OutputDirectory);
                    run = await runner.RunAsync(job.Document, job.Shown, current ?? Start(job),
                        () => next = following is null ? null : Start(following));
                }
                runs.Add(run);
                if (run.Status == NotebookStatus.NotRun) continue;
                AtomicFile.WriteAllText(Path.Combine(job.OutputDirectory, run.Name + ".ipynb"), job.Document.ToJson());
                AtomicFile.WriteAllText(Path.Combine(job.OutputDirectory, run.Name + ".html"), HtmlReportWriter.Render(run, request.ShowCode));
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

    /// <summary>Each input notebook once, all into the output folder.</summary>
    private (List<Job>, bool WantsIndex) InputJobs(RunRequest request, string outputDirectory)
    {
        var (documents, wantsIndex) = LoadInputs(request.Inputs);
        var parameters = request.Parameters.Select(Parse).ToList();
        return (documents.Select(d => Inject(d, parameters, outputDirectory)).ToList(), wantsIndex);
    }

    /// <summary>One notebook once per variant, each into its own subfolder, its parameters after the request's.</summary>
    private (List<Job>, bool WantsIndex) VariantJobs(RunRequest request, IReadOnlyList<RunVariant> variants, string outputDirectory)
    {
        var (documents, _) = LoadInputs(request.Inputs);
        if (documents.Count != 1) throw new RunInputException($"--runs runs one notebook with different parameters; {documents.Count} notebooks were given.");
        var common = request.Parameters.Select(Parse).ToList();
        var jobs = variants.Select(v => Inject(LoadInputs([documents[0].Path]).Documents[0], [.. common, .. v.Parameters.Select(Parse)],
            Path.GetFullPath(Path.Combine(outputDirectory, v.Folder)))).ToList();
        return (jobs, false);
    }

    private Job Inject(NotebookDocument document, IReadOnlyList<NotebookParameter> parameters, string outputDirectory)
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
        return new Job(document, outputDirectory, parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().RawValue));
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
