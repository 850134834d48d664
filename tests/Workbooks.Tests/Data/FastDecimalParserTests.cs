using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
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

/// <summary>
/// The number parser both CSV readers use (<see cref="CsvTableReader.TryParseNumber"/>: the exact fast path, then
/// double.Parse, then inf) must agree bit for bit with double.Parse, the reference.
/// </summary>
public class CsvNumberParsingTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.056443")]
    [InlineData("-12.5")]
    [InlineData("+7")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")] // more than 15 digits: fallback
    [InlineData("0.1234567890123456789012345")]
    [InlineData("000000000000000000012.5")]
    [InlineData("1e5")]
    [InlineData("1.")]
    [InlineData(".5")]
    public void Agrees_with_double_Parse(string text)
    {
        double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(CsvTableReader.TryParseNumber(text, out var actual));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        if (FastDecimalParser.TryParse(text, out var fast))
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fast));
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    public void Reads_infinities_and_NaN(string text, double expected)
    {
        Assert.False(FastDecimalParser.TryParse(text, out _));
        Assert.True(CsvTableReader.TryParseNumber(text, out var actual));
        Assert.Equal(expected, actual);   // xunit treats NaN as equal to NaN
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("UP")]
    public void Rejects_what_double_Parse_rejects(string text)
    {
        Assert.False(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        Assert.False(CsvTableReader.TryParseNumber(text, out _));
        Assert.False(FastDecimalParser.TryParse(text, out _));
    }

    [Fact]
    public void Agrees_on_a_hundred_thousand_random_decimals()
    {
        var random = new SeededRandom(42);
        for (int n = 0; n < 100_000; n++)
        {
            double v = (random.NextDouble() - 0.5) * Math.Pow(10, random.NextInt(12) - 4);
            string text = Math.Round(v, random.NextInt(10)).ToString("F" + random.NextInt(12), CultureInfo.InvariantCulture);
            Assert.True(CsvTableReader.TryParseNumber(text, out var parsed), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), parsed);
            if (FastDecimalParser.TryParse(text, out var fast)) Assert.Equal(BitConverter.DoubleToInt64Bits(parsed), BitConverter.DoubleToInt64Bits(fast));
        }
    }
}
