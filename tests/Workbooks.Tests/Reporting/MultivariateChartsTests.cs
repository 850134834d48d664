using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using Xunit;
using static Workbooks.Tests.Drift.Multivariate.MultivariateFixtures;

namespace Workbooks.Tests.Reporting;

public class MultivariateChartsTests
{
    [Fact]
    public void Reconstruction_chart_has_both_sides_and_the_band()
    {
        var reference = Table.ReadCsv(PathOf("pca_reference.csv"));
        var current = Table.ReadCsv(PathOf("pca_current.csv"));
        var detector = PcaReconstructionDrift.Fit(reference, ["x1", "x2", "x3", "c"], Chunker.BySize(reference.RowCount, 200));
        var result = detector.Analyze(current, Chunker.BySize(current.RowCount, 200));
        var chart = MultivariateCharts.ReconstructionError(result);
        Assert.Equal(5, GenericChart.countTrace(chart));
        Assert.Equal(["reference", "current", "upper threshold", "lower threshold", "reference mean"], ChartJson.Names(chart));
        var traces = ChartJson.Traces(chart);
        Assert.Equal(result.CurrentChunks.Select(c => c.Error), ChartJson.Numbers(traces[1], "y"));
        Assert.All(ChartJson.Numbers(traces[2], "y"), v => Assert.Equal(result.UpperThreshold, v));
        // Alerting chunks are drawn red.
        var colors = ChartJson.Strings(traces[1].GetProperty("marker"), "color");
        Assert.Equal(result.CurrentChunks.Select(c => c.Alert ? PlotlyFigure.AlertColor : PlotlyFigure.CurrentColor), colors);
        Assert.Contains("PCA reconstruction error", ChartJson.Of(chart).GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Feature_importance_chart_puts_the_top_column_on_top()
    {
        var r = new DomainClassifierResult(0.8, 0.55, [0.8, 0.8], [new FeatureImportance("b", 0.7), new FeatureImportance("a", 0.3)], 10, 10);
        var trace = ChartJson.Traces(MultivariateCharts.FeatureImportance(r)).Single();
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal("h", trace.GetProperty("orientation").GetString());
        Assert.Equal(["a", "b"], ChartJson.Strings(trace, "y"));
        Assert.Equal([0.3, 0.7], ChartJson.Numbers(trace, "x"));
    }
}
