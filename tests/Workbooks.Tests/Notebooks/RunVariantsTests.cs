using Xunit;

namespace Workbooks.Tests.Notebooks;

/// <summary><c>workbooks run --runs FILE</c>: one notebook, once per line of the file, each into its own folder with its
/// own parameters (after the common <c>-p</c> ones), in one batch; a bad runs file is bad input (exit 2) naming the line.</summary>
[Collection(KernelCollection.Name)]
public sealed class RunVariantsTests
{
    [Fact]
    public void Each_line_runs_the_notebook_into_its_folder_with_its_parameters()
    {
        var output = NotebookFixtures.NewTempFolder();
        var runs = Path.Combine(output, "weeks.runs");
        File.WriteAllLines(runs, ["# week runs", "first rows=3", "", "second rows=5 label=b"]);
        var (exit, stdout, stderr) = NotebookFixtures.Cli("run", NotebookFixtures.Sample, "-o", output, "--runs", runs, "-p", "threshold=2", "-p", "label=common");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("2/2 notebooks passed", stdout);
        string Executed(string folder) => File.ReadAllText(Path.Combine(output, folder, "sample.ipynb"));
        Assert.Contains("rows=3:Int32", Executed("first"));
        Assert.Contains("label=[common]", Executed("first"));
        Assert.Contains("rows=5:Int32", Executed("second"));
        Assert.Contains("label=[b]", Executed("second"));   // a run's own parameter wins over the common one
        Assert.All(new[] { "first", "second" }, f =>
        {
            Assert.Contains("threshold=2:Double", Executed(f));
            Assert.True(File.Exists(Path.Combine(output, f, "sample.html")));
            Assert.True(File.Exists(Path.Combine(output, f, "plotly.min.js")));
        });
        Assert.False(File.Exists(Path.Combine(output, "sample.ipynb")));   // nothing in the parent folder itself
    }

    [Theory]
    [InlineData("../out rows=1", "line 1: the first word must be the run's folder under -o (relative, no '..'), not '../out'.")]
    [InlineData("rows=1", "line 1: the first word must be the run's folder under -o (relative, no '..'), not 'rows=1'.")]
    [InlineData("a rows=1\na rows=2", "line 2: folder 'a' is already used by an earlier line.")]
    [InlineData("a rows", "'rows'")]
    public void A_bad_runs_file_is_bad_input_naming_the_line(string content, string message)
    {
        var output = NotebookFixtures.NewTempFolder();
        var runs = Path.Combine(output, "bad.runs");
        File.WriteAllText(runs, content);
        var (exit, stdout, stderr) = NotebookFixtures.Cli("run", NotebookFixtures.Sample, "-o", Path.Combine(output, "out"), "--runs", runs);
        Assert.True(exit == 2, stderr + stdout);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(output, "out")));   // refused before anything was written
    }

    [Fact]
    public void Runs_take_exactly_one_notebook()
    {
        var output = NotebookFixtures.NewTempFolder();
        var runs = Path.Combine(output, "two.runs");
        File.WriteAllText(runs, "a rows=1");
        var (exit, _, stderr) = NotebookFixtures.Cli("run", NotebookFixtures.Sample, NotebookFixtures.Sample, "-o", Path.Combine(output, "out"), "--runs", runs);
        Assert.Equal(2, exit);
        Assert.Contains("--runs runs one notebook with different parameters; 2 notebooks were given.", stderr);
    }
}
