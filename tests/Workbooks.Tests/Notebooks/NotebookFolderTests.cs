using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Notebooks;

/// <summary>Runs every notebook in the repository's notebooks/ folder headlessly, one test case per
/// file (found when the tests run), failing on any cell error.</summary>
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
        var reports = NotebookFixtures.NewTempFolder();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exit, stdout, err) = NotebookFixtures.Cli("run", Path.Combine(NotebooksFolder, notebook), "-o", reports);
        output.WriteLine($"{notebook}: exit {exit} in {clock.Elapsed.TotalSeconds:0.0} s\n{stdout}");
        Assert.True(exit == 0, $"{notebook} failed (exit {exit}):\n{err}");
    }
}
