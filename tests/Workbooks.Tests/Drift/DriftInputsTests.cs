using Microsoft.ML;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Xunit;

namespace Workbooks.Tests.Drift;

/// <summary>The same drift report from a Table, a DataFrame, an IDataView and a dataset of the catalog.</summary>
public class DriftInputsTests
{
    private static Table Make(int offset) => new([
        TableColumn.Numerical("x", Enumerable.Range(0, 200).Select(i => (double)(i + offset)).ToArray()),
        TableColumn.Categorical("c", Enumerable.Range(0, 200).Select(i => (string?)(i % (3 + offset % 2) == 0 ? "a" : "b")).ToArray())]);

    [Fact]
    public void DataFrameAndDataViewGiveTheTableReport()
    {
        Table r = Make(0), c = Make(31);
        var fromTable = DataDrift.Compute(r, c).ToJson();
        Assert.Equal(fromTable, DataDrift.Compute(r.ToDataFrame(), c.ToDataFrame()).ToJson());
        Assert.Equal(fromTable, DataDrift.Compute((IDataView)r.ToDataFrame(), (IDataView)c.ToDataFrame()).ToJson());
    }

    [Fact]
    public void BikeSharing2011Against2012DriftsOnCountsAndYear()
    {
        var table = DatasetCatalog.LoadTable("bike_sharing_day");
        var yr = table["yr"].RequireNumbers();
        Table Part(int year) => new(table.Columns.Select(col => col.Kind == ColumnKind.Numerical
            ? TableColumn.Numerical(col.Name, col.Numbers!.Where((_, i) => yr[i] == year).ToArray())
            : TableColumn.Categorical(col.Name, col.Labels!.Where((_, i) => yr[i] == year).ToArray())), $"bike {year}");
        var report = DataDrift.Compute(Part(0), Part(1), new DriftOptions { Columns = ["cnt", "temp", "yr"] });
        Assert.True(report["cnt"].DriftDetected);          // ridership grew from 2011 to 2012
        Assert.True(report["yr"].DriftDetected);           // 0 against 1: all mass moved
        Assert.Equal("ks", report["cnt"].Test);            // 365 reference rows, many values
        Assert.Equal("z", report["yr"].Test);              // two values over both sides
    }
}
