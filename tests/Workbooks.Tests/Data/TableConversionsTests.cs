using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

public class TableConversionsTests
{
    [Fact]
    public void Doc_example_prints_the_documented_line()
    {
        // The <example> on TableConversions.
        var table = new Table([TableColumn.Numerical("x", [1, double.NaN]), TableColumn.Categorical("c", ["a", null])]);
        DataFrame frame = table.ToDataFrame();
        Assert.Equal("Double 1", $"{frame.Columns["x"].DataType.Name} {frame.Columns["x"].NullCount}");
        // The <example> on DatasetCatalog.
        var adult = DatasetCatalog.Get("adult");
        Assert.Equal("adult: 48842 rows, 16 columns", $"{adult.Name}: {adult.RowCount} rows, {adult.Columns.Count} columns");
    }

    [Fact]
    public void Table_dataframe_table_round_trip_keeps_values_and_missing()
    {
        var table = new Table([
            TableColumn.Numerical("x", [1.5, double.NaN, -2]),
            TableColumn.Categorical("c", ["a", null, "b"]),
        ], "t");
        var back = table.ToDataFrame().ToTable("t2");
        Assert.Equal(table["x"].Numbers, back["x"].Numbers);
        Assert.Equal(table["c"].Labels, back["c"].Labels);
        Assert.Equal("t2", back.Source);
    }

    [Fact]
    public void Typed_columns_parse_and_bad_text_names_column_and_row()
    {
        var table = new Table([
            TableColumn.Numerical("n", [1, 2, double.NaN]),
            TableColumn.Categorical("d", ["2011-01-01", "2011-01-02", null]),
            TableColumn.Categorical("b", ["TRUE", "false", null]),
        ], "file.csv");
        var frame = table.ToDataFrame([new("n", DatasetColumnType.Int32), new("d", DatasetColumnType.DateTime, "yyyy-MM-dd"), new("b", DatasetColumnType.Boolean)]);
        Assert.Equal(2, ((Int32DataFrameColumn)frame.Columns["n"])[1]);
        Assert.Null(frame.Columns["n"][2]);
        Assert.Equal(new DateTime(2011, 1, 2), frame.Columns["d"][1]);
        Assert.Equal(true, frame.Columns["b"][0]);
        Assert.Null(frame.Columns["b"][2]);

        var bad = new Table([TableColumn.Numerical("n", [1, 2.5])], "file.csv");
        var e = Assert.Throws<InvalidDataException>(() => bad.ToDataFrame([new("n", DatasetColumnType.Int32)]));
        Assert.Contains("file.csv", e.Message);
        Assert.Contains("'n', row 2", e.Message);
        var badDate = new Table([TableColumn.Categorical("d", ["2011-13-45"])], "file.csv");
        Assert.Contains("'2011-13-45'", Assert.Throws<InvalidDataException>(() => badDate.ToDataFrame([new("d", DatasetColumnType.DateTime, "yyyy-MM-dd")])).Message);
    }

    [Fact]
    public void Built_columns_stay_editable_and_keep_their_nulls()
    {
        var table = new Table([TableColumn.Numerical("x", [1, double.NaN, 3]), TableColumn.Numerical("n", [1, double.NaN, 3])], "t");
        var frame = table.ToDataFrame([new("n", DatasetColumnType.Int32)]);
        Assert.Equal(1, frame.Columns["x"].NullCount);
        Assert.Null(frame.Columns["n"][1]);
        frame.Columns["x"][1] = 2.0;
        frame.Columns["n"][0] = 7;
        Assert.Equal(2.0, frame.Columns["x"][1]);
        Assert.Equal(7, frame.Columns["n"][0]);
        Assert.Equal(0, frame.Columns["x"].NullCount);
        Assert.Equal(6.0, ((DoubleDataFrameColumn)frame.Columns["x"]).Sum());
    }

    [Theory]
    [InlineData("2012-02-29", "yyyy-MM-dd", true)]
    [InlineData("2011-02-29", "yyyy-MM-dd", false)]
    [InlineData("2011-1-01", "yyyy-MM-dd", false)]
    [InlineData("1996-05-07T23:30", "yyyy-MM-dd'T'HH:mm", true)]
    [InlineData("1996-05-07T24:00", "yyyy-MM-dd'T'HH:mm", false)]
    [InlineData("1996-05-07 23:30", "yyyy-MM-dd'T'HH:mm", false)]
    [InlineData("07/05/1996", "dd/MM/yyyy", true)]
    public void Dates_parse_exactly_in_their_format(string text, string format, bool valid)
    {
        var table = new Table([TableColumn.Categorical("d", [text])], "t");
        if (valid)
            Assert.Equal(DateTime.ParseExact(text, format, System.Globalization.CultureInfo.InvariantCulture), table.ToDataFrame([new("d", DatasetColumnType.DateTime, format)]).Columns["d"][0]);
        else
            Assert.Throws<InvalidDataException>(() => table.ToDataFrame([new("d", DatasetColumnType.DateTime, format)]));
    }

    [Fact]
    public void Catalog_data_view_has_the_ML_NET_column_types()
    {
        var view = DatasetCatalog.LoadDataView("bike_sharing_hour");
        Assert.Equal(DateTimeDataViewType.Instance, view.Schema["dteday"].Type);
        Assert.Equal(NumberDataViewType.Int32, view.Schema["cnt"].Type);
        Assert.Equal(NumberDataViewType.Double, view.Schema["temp"].Type);
        var elec = DatasetCatalog.LoadDataView("elec2");
        Assert.Equal(TextDataViewType.Instance, elec.Schema["class"].Type);
        Assert.Equal(45_312, elec.GetRowCount());
    }

    private sealed class Row
    {
        public float X { get; set; }
        public string? Label { get; set; }
        public bool Flag { get; set; }
    }

    [Fact]
    public void Any_ML_NET_data_view_becomes_a_table_with_every_row()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 250).Select(i => new Row { X = i, Label = i % 2 == 0 ? "even" : "odd", Flag = i < 10 }).ToList();
        var table = ml.Data.LoadFromEnumerable(rows).ToTable("rows");
        Assert.Equal(250, table.RowCount); // not the 100 rows ToDataFrame() gives by default
        Assert.Equal(249, table["X"].Numbers![249]);
        Assert.Equal("odd", table["Label"].Labels![1]);
        Assert.Equal("True", table["Flag"].Labels![0]);
    }

    private sealed class VectorRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [0, 0];
    }

    [Fact]
    public void Vector_columns_are_refused_by_name()
    {
        var view = new MLContext().Data.LoadFromEnumerable([new VectorRow()]);
        var e = Assert.Throws<InvalidDataException>(() => view.ToTable("v"));
        Assert.Contains("Features", e.Message);
    }
}
