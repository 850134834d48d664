using System.Globalization;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Parses plain decimal text (<c>-12.345</c>: optional sign, digits, optional point and digits) with the exact
/// fast path of Clinger (1990): when the digits fit in 15 significant figures and at most 22 are after the
/// point, mantissa / 10^k is a single correctly rounded division of two exact doubles, so the result equals
/// <see cref="double.Parse(string, IFormatProvider)"/>. Anything else (exponents, long digit strings, inf, NaN)
/// goes to <see cref="CsvTableReader.TryParseNumber"/>.
/// </summary>
internal static class FastNumberParser
{
    private static readonly double[] PowersOfTen = Enumerable.Range(0, 23).Select(k => double.Parse("1e" + k, CultureInfo.InvariantCulture)).ToArray();

    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+')) { negative = text[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        bool point = false, any = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.' && !point) { point = true; continue; }
            int d = c - '0';
            if ((uint)d > 9) return CsvTableReader.TryParseNumber(text, out value);
            any = true;
            if (mantissa != 0 || d != 0) digits++;          // leading zeros are not significant
            if (digits > 15) return CsvTableReader.TryParseNumber(text, out value);
            mantissa = mantissa * 10 + d;
            if (point) fraction++;
        }
        if (!any || fraction > 22) return CsvTableReader.TryParseNumber(text, out value);
        value = fraction == 0 ? mantissa : mantissa / PowersOfTen[fraction];
        if (negative) value = -value;
        return true;
    }
}
