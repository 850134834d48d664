using Plotly.NET;
using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;
using Xunit;

namespace Workbooks.Tests.Notebooks;

public sealed class DocumentAndChartTests
{
    [Fact]
    public void Document_doc_example_prints_what_it_says()
    {
        var doc = NotebookDocument.Parse("""{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},"source":["1 + 1"],"outputs":[],"execution_count":null}]}""", "demo.ipynb");
        Assert.Equal("1 + 1", doc.Cells[0].Source);
    }

    [Theory]
    [InlineData("{\"nbformat\": 4, \"cells\": [", "malformed notebook JSON at line 1")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "only nbformat 4")]
    [InlineData("{\"nbformat\": 4}", "no 'cells' array")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"source\": \"x\"}]}", "cell 1 has no 'cell_type'")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}", "cell 1 has a non-string line")]
    public void Bad_notebooks_get_a_message_naming_the_file(string json, string expected)
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse(json, "x.ipynb"));
        Assert.StartsWith("x.ipynb: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unknown_metadata_and_cell_fields_survive_a_round_trip()
    {
        var json = """{"nbformat":4,"nbformat_minor":5,"metadata":{"custom":{"a":1}},"cells":[{"cell_type":"code","id":"abc","metadata":{"collapsed":true},"source":"x\ny","outputs":[],"execution_count":null}]}""";
        var again = System.Text.Json.Nodes.JsonNode.Parse(NotebookDocument.Parse(json, "t.ipynb").ToJson())!;
        Assert.Equal(1, again["metadata"]!["custom"]!["a"]!.GetValue<int>());
        Assert.Equal("abc", again["cells"]![0]!["id"]!.GetValue<string>());
        Assert.True(again["cells"]![0]!["metadata"]!["collapsed"]!.GetValue<bool>());
        Assert.Equal(["x\n", "y"], again["cells"]![0]!["source"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public void Chart_doc_example_prints_what_it_says()
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("x", new[] { 1, 2, 3 });
        trace.SetProperty("y", new[] { 2.0, 1.0, 3.0 });
        var html = ChartHtml.ToHtml(GenericChart.ofTraceObject(true, trace), "demo");
        Assert.StartsWith("<div id=\"demo\"", html);
        Assert.Equal("plotly.min.js", ChartHtml.PlotlyScriptFileName);
        Assert.Contains("Plotly.newPlot('demo'", html);
        Assert.Contains("\"y\":[2.0,1.0,3.0]", html);
    }

    [Fact]
    public void Chart_json_cannot_close_the_script_element()
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", "</script><script>alert(1)</script>");
        var html = ChartHtml.ToHtml(GenericChart.ofTraceObject(true, trace));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
    }

    [Fact]
    public void Plotly_script_is_written_from_the_embedded_resource_once()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var path = ChartHtml.WritePlotlyScript(folder);
        Assert.StartsWith("/**", File.ReadAllText(path)[..3]);
        Assert.Contains("plotly.js v2.28.0", File.ReadAllText(path)[..300]);
        var written = File.GetLastWriteTimeUtc(path);
        ChartHtml.WritePlotlyScript(folder);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(["plotly.min.js", "plotly.min.js.LICENSE.txt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }
}
