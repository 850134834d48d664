using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>The reader's fast path for numbers must not hide missing tokens that look like numbers.</summary>
public sealed class CsvMissingTokenTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wb-{Guid.NewGuid():N}.csv");

    public void Dispose() { if (File.Exists(_path)) File.Delete(_path); }

    [Fact]
    public void NumericLookingTokensStillCountAsMissing()
    {
        File.WriteAllText(_path, "x,y\n-999,1.5\n2,NA\n-999.5,-.5\n");
        var custom = Table.ReadCsv(_path, new CsvTableOptions { MissingTokens = new HashSet<string> { "-999", "NA" } });
        Assert.True(double.IsNaN(custom["x"].Numbers![0]));
        Assert.Equal(-999.5, custom["x"].Numbers![2]);
        Assert.True(double.IsNaN(custom["y"].Numbers![1]));
        Assert.Equal(-0.5, custom["y"].Numbers![2]);
        var plain = Table.ReadCsv(_path);
        Assert.Equal(-999, plain["x"].Numbers![0]);
        Assert.True(double.IsNaN(plain["y"].Numbers![1]));
    }
}
