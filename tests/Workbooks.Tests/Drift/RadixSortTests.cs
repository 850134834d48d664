using Workbooks.ModelOps.Statistics;
using Xunit;

namespace Workbooks.Tests.Drift;

public class RadixSortTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    [InlineData(100_003)]
    public void SortsLikeArraySortAndDropsNonFinite(int n)
    {
        var rng = new Random(n);
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = (i % 97) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, 3 => 0.0, 4 => -1e-300, _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-5, 6)) };
        var expected = values.Where(double.IsFinite).ToArray();
        Array.Sort(expected);
        Assert.Equal(expected, RadixSort.SortedFinite(values));
        Assert.Equal("-1 0 2 3.5", string.Join(" ", RadixSort.SortedFinite([3.5, double.NaN, -1, 0, double.PositiveInfinity, 2])));   // doc example
    }

    [Fact]
    public void HandlesSkippedDigitPassesAndConstantInput()
    {
        var constant = Enumerable.Repeat(7.25, 10_000).ToArray();
        Assert.Equal(constant, RadixSort.SortedFinite(constant));
        var integers = Enumerable.Range(0, 20_000).Select(i => (double)((i * 7919) % 20_000)).ToArray(); // differ in few digits
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (double)i), RadixSort.SortedFinite(integers));
        var copy = (double[])integers.Clone();
        RadixSort.Sort(copy);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (double)i), copy);
    }
}
