using System.Text.Json.Nodes;
using Xunit;

namespace Workbooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public sealed class RunFailureTests
{
    [Fact]
    public void Failing_cell_gives_exit_1_names_the_cell_and_still_writes_the_report()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var (exit, _, err) = NotebookFixtures.Cli("run", NotebookFixtures.Failing, "-o", folder);
        Assert.Equal(1, exit);
        Assert.Contains("failing.ipynb: cell 3 failed: ", err);
        Assert.Contains("boom in the second code cell", err);

        var html = File.ReadAllText(Path.Combine(folder, "failing.html"));
        var error = html.IndexOf("class=\"output error\"", StringComparison.Ordinal);
        Assert.True(error > html.IndexOf("throw new InvalidOperationException", StringComparison.Ordinal), "the error shows below the failing cell");
        Assert.True(error < html.IndexOf("Console.WriteLine(&quot;never printed&quot;)", StringComparison.Ordinal), "and above the next one");
        Assert.Contains("InvalidOperationException", html);
        Assert.Contains("badge failed", html);

        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "failing.ipynb")))!["cells"]!.AsArray();
        Assert.Equal("error", cells[2]!["outputs"]![0]!["output_type"]!.GetValue<string>());
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Null(cells[3]!["execution_count"]);
    }

    [Fact]
    public void Malformed_notebook_gives_exit_2_and_leaves_existing_outputs_untouched()
    {
        var input = NotebookFixtures.NewTempFolder();
        var output = NotebookFixtures.NewTempFolder();
        var notebook = Path.Combine(input, "broken.ipynb");
        File.WriteAllText(notebook, "{\"nbformat\": 4, \"cells\": [ {\"cell_type\": \"code\", ");
        var existing = Path.Combine(output, "broken.html");
        File.WriteAllText(existing, "previous report");

        var (exit, stdout, err) = NotebookFixtures.Cli("run", notebook, "-o", output);

        Assert.Equal(2, exit);
        Assert.StartsWith("workbooks: ", err);
        Assert.Contains("broken.ipynb: malformed notebook JSON", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal("", stdout);
        Assert.Equal("previous report", File.ReadAllText(existing));
        Assert.Equal(["broken.html"], Directory.GetFiles(output).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("-p", "1bad=3")]
    [InlineData("--cell-timeout", "0")]
    public void Usage_errors_give_exit_2_with_one_message(params string[] extra)
    {
        var (exit, _, err) = NotebookFixtures.Cli(["run", NotebookFixtures.Dib, "-o", NotebookFixtures.NewTempFolder(), .. extra]);
        Assert.Equal(2, exit);
        Assert.StartsWith("workbooks: ", err);
    }

    [Fact]
    public void Missing_path_gives_exit_2()
    {
        var (exit, _, err) = NotebookFixtures.Cli("run", "no/such/notebook.ipynb");
        Assert.Equal(2, exit);
        Assert.Equal("workbooks: no/such/notebook.ipynb: no such notebook file or folder.", err.Trim());
    }

    [Fact]
    public void A_value_that_does_not_fit_the_declared_type_is_bad_input()
    {
        var (exit, _, err) = NotebookFixtures.Cli("run", NotebookFixtures.Sample, "-o", NotebookFixtures.NewTempFolder(), "-p", "rows=many");
        Assert.Equal(2, exit);
        Assert.Contains("parameter 'rows': 'many' is not a valid int", err);
    }

    [Fact]
    public void A_stuck_cell_times_out_as_a_failure_and_the_report_says_so()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var notebook = NotebookFixtures.WriteNotebook(folder, "stuck.ipynb",
            "Console.WriteLine(\"started\");",
            "System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);",
            "Console.WriteLine(\"not reached\");");
        var output = Path.Combine(folder, "out");

        var (exit, _, err) = NotebookFixtures.Cli("run", notebook, "-o", output, "--cell-timeout", "2");

        Assert.Equal(1, exit);
        Assert.Contains("stuck.ipynb: cell 2 timed out: Cell timed out after 2 s", err);
        var html = File.ReadAllText(Path.Combine(output, "stuck.html"));
        Assert.Contains("TimeoutException", html);
        Assert.Contains("started", html);
    }

    [Fact]
    public void Folder_run_writes_an_index_with_status_and_duration_and_fail_fast_skips_the_rest()
    {
        var folder = NotebookFixtures.NewTempFolder();
        NotebookFixtures.WriteNotebook(folder, "a-fails.ipynb", "throw new Exception(\"first fails\");");
        NotebookFixtures.WriteNotebook(folder, "b-passes.ipynb", "Console.WriteLine(2);");
        var output = Path.Combine(folder, "reports");

        var (exit, _, err) = NotebookFixtures.Cli("run", folder, "-o", output, "--fail-fast");

        Assert.Equal(1, exit);
        Assert.Contains("a-fails.ipynb: cell 1 failed: ", err);
        var index = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Contains("<a href=\"a-fails.html\">a-fails</a>", index);
        Assert.Contains("badge failed", index);
        Assert.Contains("badge notrun", index);
        Assert.Contains(" s</td>", index);
        Assert.False(File.Exists(Path.Combine(output, "b-passes.html")), "--fail-fast must skip the second notebook");

        (exit, _, err) = NotebookFixtures.Cli("run", folder, "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains("badge passed", File.ReadAllText(Path.Combine(output, "index.html")));
        Assert.True(File.Exists(Path.Combine(output, "b-passes.html")));
    }
}
