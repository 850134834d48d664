using System.Globalization;
using Workbooks.ModelOps.Data;
using Xunit;

namespace Workbooks.Tests.Data;

public class FastDecimalParserTests
{
    [Fact]
    public void AgreesBitForBitWithDoubleParse()
    {
        var rng = new Random(7);
        for (int k = 0; k < 200_000; k++)
        {
            double x = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 12));
            string text = k % 3 == 0 ? x.ToString("R", CultureInfo.InvariantCulture) : x.ToString("F" + rng.Next(0, 10), CultureInfo.InvariantCulture);
            if (FastDecimalParser.TryParse(text, out var fast))
                Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
        }
        foreach (var text in new[] { "0", "-0.0", "+3.25", "007", ".5", "-.5", "5.", "123456789012345", "0.000000000000000000001" })
        {
            Assert.True(FastDecimalParser.TryParse(text, out var v), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(v));
        }
        foreach (var text in new[] { "", "-", ".", "1e5", "1234567890123456", "1.2.3", "NaN", "inf", "1,5", "0x10" })
            Assert.False(FastDecimalParser.TryParse(text, out _), text);
        FastDecimalParser.TryParse("-0.524371", out var doc);
        Assert.True(doc == -0.524371);   // the XML doc example
    }
}
