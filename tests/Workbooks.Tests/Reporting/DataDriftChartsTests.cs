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
        Assert.Equal("-log10 p-value,threshold", string.Join(",", GenericChart.getTraces(chart).Select(t => t.GetPropertyValue("name"))));
        var traces = ChartJson.Traces(chart);
        Assert.Equal(report.Columns.Select(c => $"{c.Name} ({c.Test})"), ChartJson.Strings(traces[0], "y"));
        Assert.Equal("h", traces[0].GetProperty("orientation").GetString());
        Assert.False(traces[0].TryGetProperty("text", out _), "no test names written inside the bars");
        // Bars are -log10 p (so the drifted column, p near 0, has the longest bar) and ticks -log10 of the threshold.
        Assert.Equal(report.Columns.Select(c => -Math.Log10(Math.Max(c.Score, DataDriftCharts.SmallestDrawnPValue))), ChartJson.Numbers(traces[0], "x"));
        Assert.Equal(report.Columns.Select(c => -Math.Log10(c.Threshold)), ChartJson.Numbers(traces[1], "x"));
        Assert.True(ChartJson.Numbers(traces[0], "x")[1] > ChartJson.Numbers(traces[1], "x")[1], "the drifted column's bar reaches past its tick");
        var colors = ChartJson.Strings(traces[0].GetProperty("marker"), "color");
        Assert.Equal(PlotlyFigure.AlertColor, colors[1]);          // b moved by 1.5 standard deviations
        Assert.Equal(PlotlyFigure.ReferenceColor, colors[0]);
    }

    [Fact]
    public void Distances_are_drawn_as_they_are_and_a_mixed_report_puts_them_on_a_second_axis()
    {
        var reference = Synthetic(300, 1, name: "reference");
        var current = Synthetic(300, 2, shiftB: 1.5, name: "current");
        var distances = DataDrift.Compute(reference, current, new DriftOptions { TestForAll = "jensenshannon" });
        var traces = ChartJson.Traces(DataDriftCharts.DriftScores(distances));
        Assert.Equal(["distance", "threshold"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(distances.Columns.Select(c => c.Score), ChartJson.Numbers(traces[0], "x"));
        var mixed = DataDrift.Compute(reference, current, new DriftOptions
        {
            TestPerColumn = new Dictionary<string, string> { ["a"] = "ks", ["b"] = "wasserstein" },
        });
        var chart = DataDriftCharts.DriftScores(mixed);
        var names = ChartJson.Traces(chart).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("threshold (distance)", names);
        var distanceBars = ChartJson.Traces(chart).Single(t => t.GetProperty("name").GetString() == "distance");
        Assert.Equal("x2", distanceBars.GetProperty("xaxis").GetString());
        Assert.True(ChartJson.Of(chart).GetProperty("layout").TryGetProperty("xaxis2", out _));
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
