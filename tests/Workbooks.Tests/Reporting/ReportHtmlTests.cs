using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Kernels;
using Workbooks.Notebooks.Reports;
using Xunit;

namespace Workbooks.Tests.Reporting;

/// <summary>The HTML pieces of reports that a browser shows: data frames and tables, responsive charts,
/// titles that fit, and the index page's titles and summaries.</summary>
public sealed class ReportHtmlTests
{
    [Fact]
    public void Frame_doc_example_prints_what_it_says()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("mae", [0.1 + 0.2, 12.5]), new StringDataFrameColumn("hour", ["00:00", "01:00"]));
        var html = FrameHtml.Render(frame);
        Assert.True(html.Contains("2 rows × 2 columns") && html.Contains(">0.3<"));
    }

    [Fact]
    public void A_long_frame_shows_its_head_and_tail_with_the_gap_counted()
    {
        Assert.DoesNotContain("more rows", FrameHtml.Render(new DataFrame(new Int32DataFrameColumn("id", Enumerable.Range(0, FrameHtml.WholeRows)))));
        var frame = new DataFrame(new Int64DataFrameColumn("id", Enumerable.Range(0, 100).Select(i => (long)i)),
            new DoubleDataFrameColumn("score", Enumerable.Range(0, 100).Select(i => i / 3.0)));
        var html = FrameHtml.Render(frame);
        Assert.Contains("100 rows × 2 columns (first 10 and last 5 shown)", html);
        Assert.Contains("… 85 more rows …", html);
        Assert.Equal(FrameHtml.HeadRows + FrameHtml.TailRows + 1 + 1, html.Split("<tr").Length - 1);   // + header, + gap
        Assert.Contains(">9<", html);
        Assert.DoesNotContain(">10<", html);
        Assert.Contains(">95<", html);
        Assert.Contains(">33<", html);          // 99 / 3
        Assert.Contains(">0.333333<", html);    // six significant digits
        Assert.Contains("id<br><small>long</small>", html);
    }

    [Theory]
    [InlineData(33.151378903133526, "33.1514")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1234567.0, "1234567")]
    [InlineData(-0.0012345678, "-0.00123457")]
    [InlineData(1e-7, "1E-7")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-∞")]
    public void Numbers_print_at_six_significant_digits(double value, string expected) =>
        Assert.Equal(expected, FrameHtml.FormatNumber(value));

    [Fact]
    public void A_library_table_renders_with_its_kinds_and_missing_values()
    {
        var table = new Table([TableColumn.Numerical("x", [1.5, double.NaN]), TableColumn.Categorical("c", ["a", null])]);
        var html = FrameHtml.Render(table);
        Assert.Contains("x<br><small>numerical</small>", html);
        Assert.Contains("<td class=\"missing\">null</td>", html);
        Assert.Contains("<td class=\"num\">1.5</td>", html);
    }

    [Fact]
    public void The_kernel_formats_data_frames_and_tables_as_frame_tables()
    {
        _ = WorkbooksKernel.Create();   // registers the formatters
        var frame = new DataFrame(new DoubleDataFrameColumn("v", [1.0 / 7]));
        var html = frame.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("class=\"wb-frame\"", html);
        Assert.Contains(">0.142857<", html);
        Assert.DoesNotContain("dni-treeview", html);
        Assert.Contains("class=\"wb-frame\"", new Table([TableColumn.Numerical("x", [1])]).ToDisplayString(HtmlFormatter.MimeType));
        var metrics = new Dictionary<string, double> { ["mae"] = 33.151378903133526 }.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<td class=\"num\">33.1514</td>", metrics);
    }

    [Fact]
    public void Charts_drop_plotly_nets_fixed_width_and_resize_with_their_container()
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("y", new[] { 1.0, 2.0 });
        var chart = PlotlyFigure.Chart([trace], "t", "x", "y", height: 500, plotlyNetDefaults: true);   // Plotly.NET's 600 px wide default
        Assert.Contains("\"width\":600", GenericChart.toFigureJson(chart));
        var figure = ChartHtml.Figure(chart);
        Assert.False(figure["layout"]!.AsObject().ContainsKey("width"));
        Assert.Equal(500, figure["layout"]!["height"]!.GetValue<int>());
        Assert.True(figure["layout"]!["autosize"]!.GetValue<bool>());
        Assert.True(ChartHtml.Config(chart)["responsive"]!.GetValue<bool>());
        Assert.Contains("style=\"width:100%;max-width:100%\"", ChartHtml.ToHtml(chart));
    }

    [Fact]
    public void Long_titles_wrap_and_the_top_margin_grows_with_them()
    {
        var chart = DataDriftCharts.DriftScores(new Workbooks.ModelOps.Drift.DataDriftReport([], 0.5, Workbooks.ModelOps.Drift.MultipleTestingCorrection.None, 0, 0));
        var layout = ChartJson.Of(chart).GetProperty("layout");
        var title = layout.GetProperty("title").GetProperty("text").GetString()!;
        var lines = title.Split("<br>");
        Assert.True(lines.Length >= 2, title);
        Assert.All(lines.Where(l => !l.StartsWith("<span", StringComparison.Ordinal)), l => Assert.True(l.Length <= PlotlyFigure.TitleLineLength, l));
        Assert.Equal(40 + 20 * lines.Length, layout.GetProperty("margin").GetProperty("t").GetInt32());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
    }

    [Fact]
    public void The_index_takes_each_notebooks_title_and_first_sentences()
    {
        var document = NotebookDocument.Parse("""
            {"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"markdown","metadata":{},"source":[
            "# 04 · Concept drift: watching a model's errors\n","\n",
            "Data drift asks whether the *inputs* changed. **Concept drift** is the harder case: the inputs may look the same\n",
            "while the relation between inputs and label changes, so the same prediction becomes wrong more often. The most direct\n",
            "signal is the model's own [error stream](x.ipynb): 1 when a prediction turned out wrong.\n","\n","| a | b |\n"]}]}
            """, "04-concept-drift.ipynb");
        var (title, summary) = IndexPageWriter.TitleAndSummary(document);
        Assert.Equal("04 · Concept drift: watching a model's errors", title);
        Assert.Equal("Data drift asks whether the inputs changed. Concept drift is the harder case: the inputs may look the same while the relation between inputs and label changes, so the same prediction becomes wrong more often.", summary);
        Assert.True(summary!.Length <= IndexPageWriter.SummaryLength);

        var listIntro = NotebookDocument.Parse("""
            {"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"markdown","metadata":{},"source":[
            "# 06 · Load\n","\n","A model is called by many requests at once. Three numbers say whether it is healthy:\n","\n","- latency\n"]}]}
            """, "06.ipynb");
        Assert.Equal("A model is called by many requests at once. Three numbers say whether it is healthy.", IndexPageWriter.TitleAndSummary(listIntro).Summary);
    }
}
