using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Workbooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public sealed class RunVerbTests(SampleRunFixture sample) : IClassFixture<SampleRunFixture>
{
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    private JsonArray Cells => sample.Json["cells"]!.AsArray();

    private string AllStdout => string.Concat(Cells.SelectMany(c => c!["outputs"]?.AsArray() ?? [])
        .Where(o => o!["output_type"]!.GetValue<string>() == "stream").Select(o => Text(o!["text"])));

    [Fact]
    public void Sample_runs_with_exit_code_zero()
    {
        Assert.True(sample.Exit == 0, sample.Err + sample.Out);
        Assert.Contains("1/1 notebooks passed", sample.Out);
    }

    [Fact]
    public void Parameters_are_injected_after_the_parameters_cell_with_the_declared_types()
    {
        var tags = Cells.Select(c => string.Join(",", c!["metadata"]?["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? [])).ToList();
        var defaults = tags.IndexOf("parameters");
        Assert.Equal("injected-parameters", tags[defaults + 1]);
        Assert.Contains("rows=7:Int32 ", AllStdout);
        Assert.Contains("threshold=2:Double ", AllStdout);
        Assert.Contains("start=2025-03-04T05:06:07:DateTime ", AllStdout);
        Assert.Contains("verbose=True", AllStdout);
    }

    [Fact]
    public void An_injection_attempt_arrives_as_a_literal_string()
    {
        Assert.Contains("label=[" + SampleRunFixture.InjectionAttempt + "]", AllStdout);
    }

    [Fact]
    public void Executed_notebook_is_nbformat_4_with_outputs_and_execution_counts()
    {
        Assert.Equal(4, sample.Json["nbformat"]!.GetValue<int>());
        var code = Cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
        Assert.Equal(Enumerable.Range(1, code.Count), code.Select(c => c!["execution_count"]!.GetValue<int>()));
        Assert.All(Cells, c => Assert.IsType<JsonArray>(c!["source"]));
        var chart = code.Single(c => Text(c!["source"]).Contains("GenericChart"));
        var result = chart!["outputs"]!.AsArray().Single()!;
        Assert.Equal("execute_result", result["output_type"]!.GetValue<string>());
        Assert.Contains("Plotly.newPlot", Text(result["data"]!["text/html"]));
        Assert.Equal("polyglot-notebook", sample.Json["metadata"]!["language_info"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Text_output_is_html_escaped_in_the_report()
    {
        Assert.Contains("&lt;script&gt;alert(&#39;stdout&#39;)&lt;/script&gt;", sample.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;value&#39;)&lt;/script&gt;", sample.Html);
        Assert.DoesNotContain("<script>alert(", sample.Html);
    }

    [Fact]
    public void Chart_report_uses_the_local_plotly_and_no_remote_script()
    {
        Assert.Contains("<script src=\"plotly.min.js\"></script>", sample.Html);
        Assert.DoesNotMatch(new Regex("<script[^>]+src=[\"']?https?:", RegexOptions.IgnoreCase), sample.Html);
        Assert.Contains("Plotly.newPlot", sample.Html);
        var plotly = new FileInfo(Path.Combine(sample.OutputFolder, "plotly.min.js"));
        Assert.True(plotly.Length > 1_000_000, "plotly.min.js should be the full bundle");
        Assert.True(File.Exists(Path.Combine(sample.OutputFolder, "plotly.min.js.LICENSE.txt")));
    }

    [Fact]
    public void Html_renderable_results_and_markdown_are_rendered()
    {
        Assert.Contains("<span class=\"wb-badge\">renders as html</span>", sample.Html);
        Assert.Contains("<h1 id=\"runner-fixture\">Runner fixture</h1>", sample.Html);
        Assert.Contains("class=\"language-csharp\"", sample.Html);
    }

    [Fact]
    public void Executed_notebook_runs_again_with_the_same_outputs()
    {
        var again = NotebookFixtures.NewTempFolder();
        var (exit, _, err) = NotebookFixtures.Cli("run", sample.ExecutedNotebook, "-o", again);
        Assert.True(exit == 0, err);
        var rerun = JsonNode.Parse(File.ReadAllText(Path.Combine(again, "sample.ipynb")))!["cells"]!.AsArray();
        Assert.Equal(Cells.Count, rerun.Count);
        for (var i = 0; i < Cells.Count; i++)
        {
            var before = Cells[i]!["outputs"]?.AsArray().Select(o => o!["output_type"]!.GetValue<string>()).ToList();
            var after = rerun[i]!["outputs"]?.AsArray().Select(o => o!["output_type"]!.GetValue<string>()).ToList();
            Assert.Equal(before, after);
        }
        Assert.Contains("label=[" + SampleRunFixture.InjectionAttempt + "]", File.ReadAllText(Path.Combine(again, "sample.html")).Replace("&quot;", "\"", StringComparison.Ordinal));
    }

    [Fact]
    public void No_code_hides_code_but_keeps_outputs()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var (exit, _, err) = NotebookFixtures.Cli("run", NotebookFixtures.Dib, "-o", folder, "--no-code");
        Assert.True(exit == 0, err);
        var html = File.ReadAllText(Path.Combine(folder, "hello.html"));
        Assert.DoesNotContain("Console.WriteLine", html);
        Assert.Contains("hello from dib", html);
        Assert.Contains(">A .dib fixture</h1>", html);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "hello.ipynb")))!;
        Assert.Equal(4, executed["nbformat"]!.GetValue<int>());
    }
}
