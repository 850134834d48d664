using System.Globalization;
using System.Net;
using Microsoft.Data.Analysis;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// A data frame as a person reads it: a real HTML table with the column names and types, the row and column
/// count, every row of a short frame and the first and last rows of a long one with a marked gap between them, and numbers at a readable
/// precision (six significant digits, no float noise such as 0.30000000000000004). Renders Microsoft.Data.Analysis
/// <see cref="DataFrame"/>, the library's <see cref="Table"/> and named numbers (metrics); the notebook kernel registers it for them, in
/// place of .NET Interactive's generic object tree. Written here because Microsoft.Data.Analysis has no HTML
/// output of its own outside the deprecated .NET Interactive extension.
/// </summary>
/// <example>
/// <code>
/// var frame = new DataFrame(new DoubleDataFrameColumn("mae", [0.1 + 0.2, 12.5]), new StringDataFrameColumn("hour", ["00:00", "01:00"]));
/// var html = FrameHtml.Render(frame);
/// Console.WriteLine(html.Contains("2 rows × 2 columns") + " " + html.Contains("&gt;0.3&lt;"));
/// // prints: True True
/// </code>
/// </example>
public static class FrameHtml
{
    /// <summary>A frame of at most this many rows is shown whole.</summary>
    public const int WholeRows = 30;

    /// <summary>Rows shown from the top of a longer frame.</summary>
    public const int HeadRows = 10;

    /// <summary>Rows shown from the bottom of a long frame.</summary>
    public const int TailRows = 5;

    private const string Style = """
        <style>
        .wb-frame{font-family:system-ui,sans-serif;font-size:13px;max-width:100%;overflow-x:auto}
        .wb-frame table{border-collapse:collapse}
        .wb-frame th,.wb-frame td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;white-space:nowrap}
        .wb-frame th small{color:#6e7781;font-weight:normal}
        .wb-frame td.num{text-align:right;font-variant-numeric:tabular-nums}
        .wb-frame td.missing{color:#6e7781;font-style:italic}
        .wb-frame tr.gap td{text-align:center;color:#6e7781;border-bottom:1px dashed #bbb}
        .wb-frame p{color:#555;font-size:12px;margin:2px 0}
        </style>
        """;

    /// <summary>The table of <paramref name="frame"/>.</summary>
    public static string Render(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.Select(c => (c.Name, Type: TypeName(c.DataType), Numeric: IsNumeric(c.DataType))).ToList();
        return Render(columns, frame.Rows.Count, (row, column) => frame.Columns[column][row]);
    }

    /// <summary>The table of <paramref name="table"/>.</summary>
    public static string Render(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns.Select(c => (c.Name, Type: c.Kind.ToString().ToLowerInvariant(), Numeric: c.Kind == ColumnKind.Numerical)).ToList();
        return Render(columns, table.RowCount, (row, column) =>
            table.Columns[column].Numbers is { } numbers ? numbers[row] : table.Columns[column].Labels![row]);
    }

    /// <summary>Named numbers (a model's metrics, say) as a two-column table, numbers as in <see cref="FormatNumber"/>.</summary>
    public static string Render(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var entries = values.ToList();
        return Render([("name", "string", false), ("value", "double", true)], entries.Count,
            (row, column) => column == 0 ? entries[(int)row].Key : entries[(int)row].Value);
    }

    /// <summary>A number at six significant digits, without exponent between 1e-4 and 1e15 (counts stay whole);
    /// "NaN", "∞" and "-∞" for the non-finite.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        var magnitude = Math.Abs(value);
        if (value == 0) return "0";
        if (magnitude < 1e-4 || magnitude >= 1e15) return value.ToString("0.#####E+0", CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, 5 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(value, Math.Min(decimals, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    private static string Render(IReadOnlyList<(string Name, string Type, bool Numeric)> columns, long rows, Func<long, int, object?> cell)
    {
        var table = new HtmlTable(columns.Select(c => HtmlCell.Markup($"{WebUtility.HtmlEncode(c.Name)}<br><small>{WebUtility.HtmlEncode(c.Type)}</small>")).ToList(),
            selfStyled: false);
        bool cut = rows > WholeRows;
        for (long row = 0; row < rows; row++)
        {
            if (cut && row == HeadRows)
            {
                table.Gap($"… {(rows - HeadRows - TailRows).ToString("N0", CultureInfo.InvariantCulture)} more rows …");
                row = rows - TailRows;
            }
            table.Add(Enumerable.Range(0, columns.Count).Select(c => Cell(cell(row, c), columns[c].Numeric)).ToList());
        }
        // Numbers and fixed words only, so written as markup: the × stays a character, not an entity.
        table.Note(HtmlCell.Markup(rows.ToString("N0", CultureInfo.InvariantCulture) + (rows == 1 ? " row" : " rows") + " × " + columns.Count
            + (columns.Count == 1 ? " column" : " columns") + (cut ? $" (first {HeadRows} and last {TailRows} shown)" : "")));
        return Style + "<div class=\"wb-frame\">" + table.ToHtml() + "</div>";
    }

    private static HtmlCell Cell(object? value, bool numeric)
    {
        var text = value switch
        {
            null => null,
            double d when double.IsNaN(d) && !numeric => null,
            double d => FormatNumber(d),
            float f => FormatNumber(f),
            decimal m => FormatNumber((double)m),
            DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (text is null || (numeric && value is double nan && double.IsNaN(nan))) return HtmlCell.Text(text ?? "null", "missing");
        return HtmlCell.Text(text, numeric ? "num" : null);
    }

    private static bool IsNumeric(Type type) =>
        Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static string TypeName(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool", TypeCode.Byte => "byte", TypeCode.SByte => "sbyte", TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort", TypeCode.Int32 => "int", TypeCode.UInt32 => "uint", TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong", TypeCode.Single => "float", TypeCode.Double => "double", TypeCode.Decimal => "decimal",
        TypeCode.String => "string", TypeCode.DateTime => "DateTime", TypeCode.Char => "char",
        _ => type.Name,
    };
}
