using Microsoft.Data.Analysis;
using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>Loading every catalogued dataset from the bundled copies (data/datasets), with the row counts and types that
/// data/datasets/README.md states.</summary>
public class DatasetCatalogTests
{
    public static TheoryData<string, int, int> Expected => new()
    {
        // name, rows, columns: from the table in data/datasets/README.md
        { "elec2", 45_312, 10 },
        { "bike_sharing_hour", 17_379, 17 },
        { "bike_sharing_day", 731, 16 },
        { "adult", 48_842, 16 },
        { "weather_nebraska", 18_159, 9 },
        { "weather_seattle_newyork", 2_922, 7 },
        { "insects_gradual_balanced", 24_150, 34 },
        { "sea_abrupt", 40_000, 4 },
        { "sea_gradual", 41_000, 4 },
        { "stagger_abrupt", 40_000, 4 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Every_dataset_loads_with_the_documented_shape(string name, int rows, int columns)
    {
        var table = DatasetCatalog.LoadTable(name);
        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Columns.Count);
        Assert.Equal(rows, DatasetCatalog.Get(name).RowCount);
        var frame = DatasetCatalog.LoadDataFrame(name);
        Assert.Equal(rows, frame.Rows.Count);
        foreach (var spec in DatasetCatalog.Get(name).Columns)
            Assert.Equal(ClrType(spec.Type), frame.Columns[spec.Name].DataType);
    }

    [Fact]
    public void Catalog_lists_the_ten_names_the_brief_promises()
    {
        Assert.Equal(
            ["elec2", "bike_sharing_hour", "bike_sharing_day", "adult", "weather_nebraska", "weather_seattle_newyork",
             "insects_gradual_balanced", "sea_abrupt", "sea_gradual", "stagger_abrupt"],
            DatasetCatalog.Names);
        Assert.All(DatasetCatalog.Datasets, d =>
        {
            Assert.Matches("^[0-9a-f]{64}$", d.CsvSha256);
            Assert.Matches("^[0-9a-f]{64}$", d.MirrorSha256);
            Assert.All(d.Sources, s => Assert.StartsWith("https://", s.Url));
            Assert.False(string.IsNullOrWhiteSpace(d.Licence + d.Citation + d.Preparation.Description));
        });
    }

    [Fact]
    public void Mirror_checksums_match_the_bundled_SHA256SUMS()
    {
        var sums = File.ReadAllLines(Path.Combine(TempCache.Bundled, "SHA256SUMS"))
            .Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        foreach (var d in DatasetCatalog.Datasets)
            Assert.Equal(sums[d.MirrorFile], d.MirrorSha256);
    }

    [Fact]
    public void Elec2_has_a_parsed_half_hourly_timestamp()
    {
        var frame = DatasetCatalog.LoadDataFrame("elec2");
        var time = (DateTimeDataFrameColumn)frame.Columns["timestamp"];
        Assert.Equal(new DateTime(1996, 5, 7, 0, 0, 0), time[0]);
        Assert.Equal(new DateTime(1998, 12, 6, 23, 30, 0), time[frame.Rows.Count - 1]);
        Assert.Equal(TimeSpan.FromMinutes(30), time[1]!.Value - time[0]!.Value);
        Assert.Equal(new[] { "DOWN", "UP" }, ((StringDataFrameColumn)frame.Columns["class"]).Distinct().Order());
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["day"]);
    }

    [Fact]
    public void Adult_question_marks_are_missing_and_splits_are_kept()
    {
        var table = DatasetCatalog.LoadTable("adult");
        // README: 3,620 rows have a missing value, only in workclass, occupation and native-country.
        int rowsWithMissing = Enumerable.Range(0, table.RowCount)
            .Count(i => table.Columns.Any(c => c.Kind == ColumnKind.Categorical && c.Labels![i] is null));
        Assert.Equal(3_620, rowsWithMissing);
        Assert.All(table.Columns.Where(c => c.Name is not ("workclass" or "occupation" or "native-country")), c => Assert.Equal(0, c.MissingCount));
        Assert.DoesNotContain("?", table["workclass"].Labels!);
        Assert.Equal(32_561, table["split"].Labels!.Count(s => s == "train"));
        Assert.Equal(16_281, table["split"].Labels!.Count(s => s == "test"));
        Assert.Equal(new[] { "<=50K", ">50K" }, table["income"].Labels!.Distinct().Order());
        Assert.Equal(ColumnKind.Numerical, table["age"].Kind);
        var frame = DatasetCatalog.LoadDataFrame("adult");
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["age"]);
        Assert.True(frame.Columns["workclass"].NullCount > 0);
    }

    [Fact]
    public void Bike_hour_dteday_is_a_date_and_counts_are_integers()
    {
        var frame = DatasetCatalog.LoadDataFrame("bike_sharing_hour");
        Assert.Equal(17_379, frame.Rows.Count);
        var day = (DateTimeDataFrameColumn)frame.Columns["dteday"];
        Assert.Equal(new DateTime(2011, 1, 1), day[0]);
        Assert.Equal(new DateTime(2012, 12, 31), day[frame.Rows.Count - 1]);
        var cnt = (Int32DataFrameColumn)frame.Columns["cnt"];
        var casual = (Int32DataFrameColumn)frame.Columns["casual"];
        var registered = (Int32DataFrameColumn)frame.Columns["registered"];
        // cnt = casual + registered on every row (UCI readme).
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(cnt[i], casual[i] + registered[i]));
    }

    [Fact]
    public void Weather_rain_is_boolean_and_seattle_rows_come_first()
    {
        var rain = (BooleanDataFrameColumn)DatasetCatalog.LoadDataFrame("weather_nebraska").Columns["rain"];
        Assert.Equal(5_698, rain.Count(v => v == true)); // 31% TRUE, as the README says
        var vega = DatasetCatalog.LoadDataFrame("weather_seattle_newyork");
        var location = (StringDataFrameColumn)vega.Columns["location"];
        Assert.Equal("Seattle", location[0]);
        Assert.Equal("New York", location[vega.Rows.Count - 1]);
        Assert.Equal(new DateTime(2012, 1, 1), ((DateTimeDataFrameColumn)vega.Columns["date"])[0]);
    }

    [Fact]
    public void Unknown_name_lists_the_catalog()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => DatasetCatalog.Get("elec3"));
        Assert.Contains("elec3", e.Message);
        Assert.Contains("elec2", e.Message);
    }

    private static Type ClrType(DatasetColumnType type) => type switch
    {
        DatasetColumnType.Double => typeof(double),
        DatasetColumnType.Single => typeof(float),
        DatasetColumnType.Int32 => typeof(int),
        DatasetColumnType.Boolean => typeof(bool),
        DatasetColumnType.String => typeof(string),
        DatasetColumnType.DateTime => typeof(DateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
