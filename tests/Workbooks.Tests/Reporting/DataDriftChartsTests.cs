using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Reporting;
using Xunit;
using static Workbooks.Tests.Drift.Multivariate.MultivariateFixtures;

namespace Workbooks.Tests.Reporting;

public class DataDriftChartsTests
{
    private static (DataDriftReport Report, Table Reference, Table Current) Shifted()
    {
        var reference = Synthetic(300, 1, name: "reference");
        var current = Synthetic(300, 2, shiftB: 1.5, name: "current");
        return (DataDrift.Compute(reference, current), reference, current);
    }

    [Fact]
    public void Drift_scores_chart_has_a_bar_and_threshold_per_column()
    {
        var (report, _, _) = Shifted();
        var chart = DataDriftCharts.DriftScores(report);
        Assert.Equal("score,threshold", string.Join(",", GenericChart.getTraces(chart).Select(t => t.GetPropertyValue("name"))));
        var traces = ChartJson.Traces(chart);
        Assert.Equal(["a", "b", "c", "k"], ChartJson.Strings(traces[0], "x"));
        Assert.Equal(report.Columns.Select(c => c.Score), ChartJson.Numbers(traces[0], "y"));
        Assert.Equal(report.Columns.Select(c => c.Threshold), ChartJson.Numbers(traces[1], "y"));
        var colors = ChartJson.Strings(traces[0].GetProperty("marker"), "color");
        Assert.Equal(PlotlyFigure.AlertColor, colors[1]);          // b moved by 1.5 standard deviations
        Assert.Equal(PlotlyFigure.ReferenceColor, colors[0]);
    }

    [Fact]
    public void View_embeds_the_table_and_one_chart_per_column_and_saves_offline()
    {
        var (report, reference, current) = Shifted();
        var view = new DataDriftView(report, reference, current);
        var html = view.ToHtml();
        Assert.Contains("<table>", html);
        Assert.Equal(1 + 4, CountOf(html, "class=\"wb-plotly\""));
        Assert.True(html.IndexOf("b: reference vs current", StringComparison.Ordinal) < html.IndexOf("a: reference vs current", StringComparison.Ordinal), "drifted columns first");
        var folder = Directory.CreateTempSubdirectory("wb-drift-view").FullName;
        try
        {
            view.SaveHtml(Path.Combine(folder, "drift.html"));
            Assert.True(File.Exists(Path.Combine(folder, ChartHtml.PlotlyScriptFileName)));
            var page = File.ReadAllText(Path.Combine(folder, "drift.html"));
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<script src=\"plotly.min.js\"></script>", page);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Multivariate_results_render_with_their_charts()
    {
        var r = new DomainClassifierResult(0.8, 0.55, [0.8, 0.8], [new FeatureImportance("b", 0.7), new FeatureImportance("a", 0.3)], 10, 10);
        var html = r.ToHtml();
        Assert.Contains("drift detected", html);
        Assert.Equal(1, CountOf(html, "class=\"wb-plotly\""));
        var mmd = MaximumMeanDiscrepancy.Test(Synthetic(100, 1), Synthetic(100, 2), SyntheticColumns, new MmdOptions { Permutations = 20 });
        Assert.Contains("Maximum mean discrepancy", mmd.ToHtml());
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
