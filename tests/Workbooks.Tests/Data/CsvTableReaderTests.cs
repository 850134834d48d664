using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

public class CsvTableReaderTests
{
    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wb-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Infers_types_and_missing_values()
    {
        var path = WriteTemp("a,b,c\n1,x,inf\n,y,2\n3,?,NaN\n");
        var t = Table.ReadCsv(path);
        Assert.Equal(3, t.RowCount);
        Assert.Equal(ColumnKind.Numerical, t["a"].Kind);
        Assert.True(double.IsNaN(t["a"].Numbers![1]));
        Assert.Equal(ColumnKind.Categorical, t["b"].Kind);
        Assert.Null(t["b"].Labels![2]);
        Assert.Equal(double.PositiveInfinity, t["c"].Numbers![0]);
        Assert.Equal(1, t["a"].MissingCount);
    }

    [Fact]
    public void Ragged_row_names_file_and_line()
    {
        var path = WriteTemp("a,b\n1,2\n3\n");
        var ex = Assert.Throws<InvalidDataException>(() => Table.ReadCsv(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void Missing_column_lists_available_ones()
    {
        var t = Table.ReadCsv(WriteTemp("a,b\n1,2\n"));
        var ex = Assert.Throws<KeyNotFoundException>(() => t["zz"]);
        Assert.Contains("'zz'", ex.Message);
        Assert.Contains("a, b", ex.Message);
    }
}

public class ChunkedDoubleBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(20000)]
    public void Keeps_every_value_in_order_across_chunk_boundaries(int count)
    {
        var buffer = new ChunkedDoubleBuffer();
        for (int i = 0; i < count; i++) buffer.Add(i * 0.5);
        Assert.Equal(count, buffer.Count);
        var values = buffer.ToArrayAndClear();
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 0.5), values);
        Assert.Equal(0, buffer.Count);
        buffer.Add(7);
        Assert.Equal(new[] { 7.0 }, buffer.ToArrayAndClear());
    }
}
