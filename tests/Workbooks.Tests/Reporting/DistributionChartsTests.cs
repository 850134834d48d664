using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;
using Xunit;

namespace Workbooks.Tests.Reporting;

public class DistributionChartsTests
{
    [Fact]
    public void Numerical_overlay_shares_bins_and_sums_to_one()
    {
        var reference = TableColumn.Numerical("temp", [0, 1, 2, 3, 4, 5, 6, 7, double.NaN]);
        var current = TableColumn.Numerical("temp", [4, 5, 6, 7, 8, double.PositiveInfinity]);
        var chart = DistributionCharts.Compare(reference, current);
        Assert.Equal(2, GenericChart.countTrace(chart));
        var traces = ChartJson.Traces(chart);
        Assert.Equal(["reference", "current"], ChartJson.Names(chart));
        Assert.Equal(ChartJson.Numbers(traces[0], "x"), ChartJson.Numbers(traces[1], "x"));
        // 13 finite values: ceil(log2(13) + 1) = 5 bins of width 8 / 5 over [0, 8].
        Assert.Equal([0.8, 2.4, 4.0, 5.6, 7.2], ChartJson.Numbers(traces[0], "x").Select(v => Math.Round(v, 10)));
        Assert.Equal([2 / 8.0, 2 / 8.0, 1 / 8.0, 2 / 8.0, 1 / 8.0], ChartJson.Numbers(traces[0], "y"));
        Assert.Equal([0, 0, 1 / 5.0, 2 / 5.0, 2 / 5.0], ChartJson.Numbers(traces[1], "y"));
        var layout = ChartJson.Of(chart).GetProperty("layout");
        Assert.Equal("overlay", layout.GetProperty("barmode").GetString());
        Assert.Contains("1 reference and 1 current values not finite", layout.GetProperty("title").GetProperty("text").GetString()!.Replace("<br>", " "));   // long titles wrap
    }

    [Fact]
    public void Categorical_bars_include_new_and_missing_categories()
    {
        var chart = DistributionCharts.Compare(TableColumn.Categorical("season", ["a", "a", "b", null]),
            TableColumn.Categorical("season", ["a", "c", "c", "c"]));
        var traces = ChartJson.Traces(chart);
        Assert.Equal(["a", "c", "b", "(missing)"], ChartJson.Strings(traces[0], "x"));
        Assert.Equal([0.5, 0, 0.25, 0.25], ChartJson.Numbers(traces[0], "y"));
        Assert.Equal([0.25, 0.75, 0, 0], ChartJson.Numbers(traces[1], "y"));
    }

    [Fact]
    public void Mismatched_kinds_name_the_column()
    {
        var ex = Assert.Throws<ArgumentException>(() => DistributionCharts.Compare(TableColumn.Numerical("x", [1]), TableColumn.Categorical("x", ["a"])));
        Assert.Contains("'x'", ex.Message);
    }
}
