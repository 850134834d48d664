using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Profiles;
using Xunit;

namespace Workbooks.Tests.Profiles;

/// <summary>The binary format round-trips every field, refuses damage and other versions by name, and stays small.</summary>
public class ProfileFormatTests
{
    private static Table Generated(int rows, int columns, ulong seed)
    {
        var random = new SeededRandom(seed);
        var cols = Enumerable.Range(0, columns).Select(c => TableColumn.Numerical($"x{c}", Enumerable.Range(0, rows).Select(_ => random.Normal(c, 1 + c)).ToArray())).ToList();
        cols.Add(TableColumn.Categorical("city", Enumerable.Range(0, rows).Select(i => (string?)(i % 17 == 0 ? null : $"city{random.NextInt(300)}")).ToArray()));
        return new Table(cols);
    }

    [Fact]
    public void RoundTripKeepsEveryFieldAndTheJsonIdentical()
    {
        var profile = DatasetProfile.FromTable(Generated(20_000, 3, 1), histogramEdges: new Dictionary<string, double[]> { ["x0"] = [-3, -1, 0, 1, 3] });
        var back = DatasetProfile.FromBytes(profile.ToBytes());
        Assert.Equal(profile.ToJson(), back.ToJson());
        Assert.Equal(profile.ToBytes(), back.ToBytes());
        // The copy keeps merging as the original would.
        var more = DatasetProfile.FromTable(Generated(5_000, 3, 2));
        profile.Merge(more); back.Merge(more);
        Assert.Equal(profile.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void TwentyColumnsStaySmallWhateverTheRowCount()
    {
        int small = DatasetProfile.FromTable(Generated(20_000, 20, 3)).ToBytes().Length;
        int large = DatasetProfile.FromTable(Generated(400_000, 20, 4)).ToBytes().Length;
        Assert.True(large < 400_000, $"a 21-column profile of 400k rows is {large} bytes");
        Assert.True(large < small * 1.5, $"profile grew from {small} to {large} bytes with 20x the rows");
    }

    [Fact]
    public void DamagedOrForeignBytesAreRefusedWithTheSourceNamed()
    {
        var bytes = DatasetProfile.FromTable(Generated(1_000, 2, 5)).ToBytes();
        var e = Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(bytes[..(bytes.Length / 2)], "a.wbprofile"));
        Assert.StartsWith("a.wbprofile: the profile is truncated or damaged", e.Message);
        var future = (byte[])bytes.Clone(); future[6] = 9;
        Assert.Equal("b.wbprofile: profile format version 9; this build reads version 1.", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(future, "b.wbprofile")).Message);
        Assert.Equal("c.csv: not a Workbooks profile (no WBPROF header).", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes("x,y\n1,2\n"u8.ToArray(), "c.csv")).Message);
    }
}
