using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Windows;

public class ChunkerTests
{
    [Fact]
    public void BySize_matches_doc_example()
    {
        var keys = string.Join(" ", Chunker.BySize(10, 4).Select(c => c.Key));
        Assert.Equal("[0:4) [4:8) [8:10)", keys);
        Assert.Equal(2, Chunker.BySize(10, 4, dropIncomplete: true).Count);
    }

    [Fact]
    public void ByCount_covers_every_row_once()
    {
        var chunks = Chunker.ByCount(10, 3);
        Assert.Equal(new[] { 4, 3, 3 }, chunks.Select(c => c.Count));
        Assert.Equal(10, chunks[^1].End);
    }

    [Fact]
    public void ByPeriod_groups_by_month_and_rejects_disorder()
    {
        var t = new[] { new DateTime(2012, 1, 31), new DateTime(2012, 2, 1), new DateTime(2012, 2, 20), new DateTime(2012, 4, 1) };
        var chunks = Chunker.ByPeriod(t, ChunkPeriod.Month);
        Assert.Equal(new[] { "2012-01", "2012-02", "2012-04" }, chunks.Select(c => c.Key));
        Assert.Equal(2, chunks[1].Count);
        var ex = Assert.Throws<ArgumentException>(() => Chunker.ByPeriod(new[] { t[1], t[0] }, ChunkPeriod.Day));
        Assert.Contains("row 1", ex.Message);
    }

    [Fact]
    public void Week_starts_on_monday()
    {
        // 2012-03-04 is a Sunday: its ISO week began Monday 2012-02-27.
        Assert.Equal(new DateTime(2012, 2, 27), Chunker.PeriodStart(new DateTime(2012, 3, 4, 13, 0, 0), ChunkPeriod.Week));
    }
}
