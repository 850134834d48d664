using System.Globalization;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Parses the fixed ISO layouts the datasets use (<c>yyyy-MM-dd</c>, <c>yyyy-MM-dd'T'HH:mm</c>,
/// <c>yyyy-MM-dd'T'HH:mm:ss</c>) by reading digits at their positions, several times faster than
/// <see cref="DateTime.ParseExact(string, string, IFormatProvider)"/>; other formats fall back to it.
/// </summary>
internal static class IsoDates
{
    public static DateTime? Parse(string text, string? format)
    {
        if (format is null)
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var any) ? any : null;
        int expectedLength = format switch { "yyyy-MM-dd" => 10, "yyyy-MM-dd'T'HH:mm" => 16, "yyyy-MM-dd'T'HH:mm:ss" => 19, _ => -1 };
        if (expectedLength < 0)
            return DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact) ? exact : null;
        var s = text.AsSpan();
        if (s.Length != expectedLength || s[4] != '-' || s[7] != '-') return null;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)) return null;
        int hour = 0, minute = 0, second = 0;
        if (expectedLength > 10 && (s[10] != 'T' || s[13] != ':' || !Digits(s, 11, 2, out hour) || !Digits(s, 14, 2, out minute))) return null;
        if (expectedLength > 16 && (s[16] != ':' || !Digits(s, 17, 2, out second))) return null;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year is >= 1 and <= 9999 ? year : 1, month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            return null;
        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
