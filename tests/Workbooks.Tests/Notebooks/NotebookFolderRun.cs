using Workbooks.Cli.Verbs;
using Workbooks.Notebooks.Execution;

namespace Workbooks.Tests.Notebooks;

/// <summary>
/// One run of the repository's notebooks/ folder per test process, as <c>workbooks run notebooks</c> does it
/// (one batch: the next kernel warms up while a notebook runs), shared by the tests that check each notebook
/// passed and by the browser test that opens the reports it wrote. Started by the first test that asks;
/// both users sit in <see cref="KernelCollection"/>, so nothing else starts kernels meanwhile.
/// </summary>
internal static class NotebookFolderRun
{
    private static readonly Lazy<(BatchResult Result, string Folder)> Run = new(Execute, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every notebook's run, in file-name order.</summary>
    public static BatchResult Result => Run.Value.Result;

    /// <summary>The reports folder: an .ipynb and an .html per notebook, index.html and plotly.min.js.</summary>
    public static string Folder => Run.Value.Folder;

    /// <summary>How long the whole run took.</summary>
    public static TimeSpan Elapsed { get; private set; }

    private static (BatchResult, string) Execute()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var kernel = KernelLaunch.DotnetAssembly(typeof(KernelVerb).Assembly.Location, "kernel");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // A generous cell limit: a cell that takes 20 s idle took over 600 s (the default limit) at load average 80 on
        // 2 cores (notebook 09, a 10x suite soak); a real hang is still caught, only later.
        var request = new RunRequest([NotebookFolderTests.NotebooksFolder], [], folder, TimeSpan.FromMinutes(30), FailFast: false, ShowCode: true);
        var result = new NotebookBatch(kernel).RunAsync(request).GetAwaiter().GetResult();
        Elapsed = clock.Elapsed;
        return (result, folder);
    }
}
