using Parquet;
using Parquet.Schema;
using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

public sealed class ParquetTableReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wb-{Guid.NewGuid():N}.parquet");

    public void Dispose() { if (File.Exists(_path)) File.Delete(_path); }

    [Fact]
    public async Task ReadsTypedColumnsAndTheDocExample()
    {
        var age = new DataField<int>("age"); var city = new DataField<string>("city"); var income = new DataField<long?>("income"); var member = new DataField<bool>("member");
        await using (var stream = File.Create(_path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(age, city, income, member), stream))
        {
            using var g = writer.CreateRowGroup();
            await g.WriteAsync<int>(age, Enumerable.Range(0, 1000).ToArray().AsMemory());
            await g.WriteAsync(city, Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? null : $"c{i % 3}").ToArray());
            await g.WriteAsync<long>(income, Enumerable.Range(0, 1000).Select(i => i == 3 ? (long?)null : i * 10L).ToArray().AsMemory());
            await g.WriteAsync<bool>(member, Enumerable.Range(0, 1000).Select(i => i % 2 == 0).ToArray().AsMemory());
        }
        var table = ParquetTableReader.Read(_path, columns: ["age", "city"]);
        Assert.Equal("age (numerical, 1000 rows)", table.Columns[0].ToString());   // the XML doc example
        Assert.Equal(100, table["city"].MissingCount);
        var all = ParquetTableReader.Read(_path);
        Assert.True(double.IsNaN(all["income"].Numbers![3]));
        Assert.Equal(990, all["income"].Numbers![99]);
        Assert.Equal(["true", "false"], all["member"].Labels!.Take(2));
        var e = Assert.Throws<KeyNotFoundException>(() => ParquetTableReader.Read(_path, ["height"]));
        Assert.Contains(_path, e.Message);
        Assert.Contains("'height'", e.Message);
    }
}
