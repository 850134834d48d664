using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Notebooks;

/// <summary>Runs every notebook in the repository's notebooks/ folder headlessly (one batch, shared with the
/// browser test: <see cref="NotebookFolderRun"/>), one test case per file (found when the tests run), failing
/// on any cell error.</summary>
[Collection(KernelCollection.Name)]
public sealed class NotebookFolderTests(ITestOutputHelper output)
{
    private const string NoNotebooks = "(no notebooks yet)";

    public static string NotebooksFolder => Path.Combine(TestEnvironment.RepoRoot, "notebooks");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        var files = Directory.Exists(NotebooksFolder)
            ? Directory.EnumerateFiles(NotebooksFolder).Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase))
                .Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in files) data.Add(file!);
        if (files.Count == 0) data.Add(NoNotebooks);
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_headlessly_without_cell_errors(string notebook)
    {
        Assert.True(Directory.Exists(NotebooksFolder), $"{NotebooksFolder} is missing");
        if (notebook == NoNotebooks)
        {
            output.WriteLine($"0 notebooks found in {NotebooksFolder}");
            return;
        }
        var run = NotebookFolderRun.Result.Runs.Single(r => r.Name == Path.GetFileNameWithoutExtension(notebook));
        output.WriteLine($"{notebook}: {run.Status} in {run.Duration.TotalSeconds:0.0} s (whole folder run: {NotebookFolderRun.Elapsed.TotalSeconds:0} s, reports in {NotebookFolderRun.Folder})");
        Assert.True(run.Status == Workbooks.Notebooks.Execution.NotebookStatus.Passed,
            $"{notebook} failed: {(run.Failure is { } f ? $"{Workbooks.Notebooks.Reports.HtmlReportWriter.CellLabel(f.Cell)}: {f.Error}" : run.Status.ToString())}");
    }
}
