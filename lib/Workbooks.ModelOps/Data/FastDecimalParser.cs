namespace Workbooks.ModelOps.Data;

/// <summary>
/// Exact fast path for the plain decimals that fill most CSV files (<c>-12.375</c>, <c>0.524371</c>): with at most
/// 15 significant digits and no exponent, the value is an integer below 2^53 divided by a power of ten up to 10^22,
/// both exact doubles, so one IEEE division gives the correctly rounded result (Clinger 1990). Anything else
/// returns false and is left to <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
/// <example>
/// <code>
/// FastDecimalParser.TryParse("-0.524371", out var v);
/// Console.WriteLine(v == -0.524371);   // True
/// </code>
/// </example>
public static class FastDecimalParser
{
    private static readonly double[] PowersOfTen = Enumerable.Range(0, 23).Select(i => Math.Pow(10, i)).ToArray();

    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        bool seenPoint = false, any = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9')
            {
                any = true;
                if (mantissa == 0 && c == '0') { if (seenPoint) fraction++; continue; } // leading zeros are free
                if (++digits > 15) return false;
                mantissa = mantissa * 10 + (c - '0');
                if (seenPoint) fraction++;
            }
            else if (c == '.' && !seenPoint) seenPoint = true;
            else return false;
        }
        if (!any || fraction > 22) return false;
        double v = mantissa / PowersOfTen[fraction];
        value = negative ? -v : v;
        return true;
    }
}
