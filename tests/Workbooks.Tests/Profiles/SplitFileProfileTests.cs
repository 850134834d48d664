using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Workbooks.ModelOps.Profiles;
using Xunit;

namespace Workbooks.Tests.Profiles;

/// <summary>Parallelism inside one file: CSV byte ranges and Parquet row groups give the profile of reading the file whole.</summary>
public sealed class SplitFileProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-split-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string name, int rows, Func<int, string> city)
    {
        var sb = new StringBuilder("x,y,city\n");
        for (int i = 0; i < rows; i++) sb.Append(CultureInfo.InvariantCulture, $"{i % 997 * 0.5},{(i % 3 == 0 ? "NA" : (i * 31 % 101).ToString(CultureInfo.InvariantCulture))},{city(i)}\n");
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static void AssertSameExactParts(DatasetProfile whole, DatasetProfile split)
    {
        Assert.Equal(whole.Rows, split.Rows);
        foreach (var c in whole.Columns)
        {
            var s = split[c.Name];
            Assert.Equal((c.Rows, c.Missing, c.Invalid, c.Kind), (s.Rows, s.Missing, s.Invalid, s.Kind));
            Assert.Equal(c.Moments.Count, s.Moments.Count);
            Assert.Equal(c.Moments.Mean, s.Moments.Mean, 9);
            if (c.Quantiles is { } q) Assert.Equal((q.Min, q.Max, q.Count), (s.Quantiles!.Min, s.Quantiles.Max, s.Quantiles.Count));
            if (c.Items is { } items) Assert.Equal(items.Total, s.Items!.Total);
        }
    }

    private static DatasetProfile Build(string path, long chunk) =>
        ProfileBuilder.Build([path], new ProfileRunOptions { CsvChunkBytes = chunk, Parallelism = 2 })[""];

    [Fact]
    public void CsvByteRangesGiveTheProfileOfTheWholeFile()
    {
        string path = Csv("plain.csv", 20_000, i => $"c{i % 7}");
        int parts = 0;
        var split = ProfileBuilder.Build([path], new ProfileRunOptions { CsvChunkBytes = 16 * 1024, Parallelism = 2, Progress = (_, all, _) => parts = all })[""];
        Assert.True(parts > 10, $"{parts} parts");
        AssertSameExactParts(Build(path, long.MaxValue), split);
        Assert.Equal(20_000 / 3 + 1, split["y"].Missing);
    }

    [Fact]
    public void ARangeThatStartsInsideAQuotedFieldIsDetectedAndTheFileReadWhole()
    {
        // Every row's city holds a quoted newline, so most cuts land inside quotes.
        string path = Csv("quoted.csv", 5_000, i => $"\"line one\nline \"\"{i % 5}\"\"\"");
        var whole = Build(path, long.MaxValue);
        Assert.Equal(5_000, whole.Rows);
        Assert.Equal(5, whole["city"].Items!.Counters.Count);
        AssertSameExactParts(whole, Build(path, 4 * 1024));
    }

    [Fact]
    public void AnErrorInsideARangeNamesTheLineOfTheFile()
    {
        string path = Csv("bad.csv", 10_000, i => "c");
        var lines = File.ReadAllLines(path);
        lines[7_001] += ",extra";
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => Build(path, 8 * 1024));
        Assert.Equal($"{path}, line 7002: expected 3 fields as in the header, found 4.", e.Message);
    }

    [Fact]
    public async Task ParquetRowGroupsAreProfiledInParallelAsOneFile()
    {
        string path = Path.Combine(_dir, "groups.parquet");
        var x = new DataField<double>("x");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x), stream))
            for (int g = 0; g < 5; g++)
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync<double>(x, Enumerable.Range(0, 1000).Select(i => (double)(g * 1000 + i)).ToArray().AsMemory());
            }
        int parts = 0;
        var windows = ProfileBuilder.Build([path], new ProfileRunOptions { Parallelism = 2, Window = WindowRule.Parse("2500"), Progress = (_, all, _) => parts = all });
        Assert.Equal(5, parts);
        // Row-count windows still follow the rows' places in the file across row groups.
        Assert.Equal([2500L, 2500L], windows.Values.Select(p => p.Rows));
        Assert.Equal((0.0, 2499.0), (windows.Values.First()["x"].Min, windows.Values.First()["x"].Max));
        Assert.Equal(2499.5, ProfileBuilder.Build([path], new ProfileRunOptions())[""]["x"].Moments.Mean, 9);
    }
}
