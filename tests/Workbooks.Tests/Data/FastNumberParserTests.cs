using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Xunit;

namespace Workbooks.Tests.Data;

/// <summary>The fast decimal parser must agree bit for bit with double.Parse (the reference).</summary>
public class FastNumberParserTests
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
    [InlineData("inf")]
    [InlineData("NaN")]
    public void Agrees_with_double_Parse(string text)
    {
        bool expectedOk = CsvTableReader.TryParseNumber(text, out var expected);
        Assert.Equal(expectedOk, FastNumberParser.TryParse(text, out var actual));
        if (expectedOk) Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
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
        Assert.False(CsvTableReader.TryParseNumber(text, out _));
        Assert.False(FastNumberParser.TryParse(text, out _));
    }

    [Fact]
    public void Agrees_on_a_hundred_thousand_random_decimals()
    {
        var random = new SeededRandom(42);
        for (int n = 0; n < 100_000; n++)
        {
            double v = (random.NextDouble() - 0.5) * Math.Pow(10, random.NextInt(12) - 4);
            string text = Math.Round(v, random.NextInt(10)).ToString("F" + random.NextInt(12), CultureInfo.InvariantCulture);
            Assert.True(FastNumberParser.TryParse(text, out var fast), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), fast);
        }
    }
}
