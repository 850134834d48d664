using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Data;

public class TableRowsTests
{
    private static Table Sample() => new([
        TableColumn.Numerical("yr", [0, 0, 1, 1]),
        TableColumn.Categorical("sex", ["F", "M", "F", null]),
        TableColumn.Categorical("day", ["2011-01-31", "2011-02-01", "2012-02-20", "2012-04-01"])], "bike");

    [Fact]
    public void Doc_example_output()
    {
        var t = Sample();
        Assert.Equal("2 bike where sex = F", t.Where("yr", 0).RowCount + " " + t.Where("sex", "F").Source);
    }

    [Fact]
    public void Selections_keep_every_column_aligned()
    {
        var t = Sample().Where("yr", 1);
        Assert.Equal(new string?[] { "F", null }, t["sex"].Labels!.AsEnumerable());
        Assert.Equal(new string?[] { "2012-02-20", "2012-04-01" }, t["day"].Labels!.AsEnumerable());
        Assert.Equal(1, Sample().WhereLabel("sex", s => s is null).RowCount);
        var later = Sample().Where("yr", v => v > 0, "after 2011");
        Assert.Equal(2, later.RowCount);
        Assert.Equal("bike where after 2011", later.Source);
        Assert.Equal([0.0, 1], Sample().Slice(1, 3)["yr"].Numbers!);
        Assert.Equal(["sex"], Sample().Select("sex").ColumnNames);
    }

    [Fact]
    public void Dates_feed_the_period_chunker()
    {
        var chunks = Chunker.ByPeriod(Sample().Dates("day"), ChunkPeriod.Month);
        Assert.Equal(["2011-01", "2011-02", "2012-02", "2012-04"], chunks.Select(c => c.Key));
    }

    [Fact]
    public void Errors_name_the_column_and_row()
    {
        Assert.Contains("'yr' is numerical", Assert.Throws<ArgumentException>(() => Sample().Where("yr", "F")).Message);
        Assert.Contains("categorical", Assert.Throws<InvalidOperationException>(() => Sample().Where("sex", 1.0)).Message);
        var bad = new Table([TableColumn.Categorical("d", ["2011-01-01", "soon"])], "f.csv");
        Assert.Contains("row 1 holds 'soon'", Assert.Throws<FormatException>(() => bad.Dates("d")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().Rows([7]));
    }
}
