using System.Globalization;
using System.Net;
using System.Text;

namespace Workbooks.ModelOps.Reporting;

/// <summary>One cell of an <see cref="HtmlTable"/>: its HTML, and optionally a CSS class, an inline style and a tooltip.
/// A string converts to a text cell (HTML-encoded); <see cref="Markup"/> takes trusted HTML as is.</summary>
public readonly record struct HtmlCell(string Html, string? Class = null, string? Style = null, string? Title = null)
{
    /// <summary>True for a text cell whose text reads as a number (right-aligned in a self-styled table).</summary>
    public bool IsNumber { get; init; }

    /// <summary>How many columns the cell spans (1 or less: one).</summary>
    public int Span { get; init; }

    public static implicit operator HtmlCell(string? text) => Text(text);

    /// <summary>A text cell, HTML-encoded.</summary>
    public static HtmlCell Text(string? text, string? cssClass = null) => new(WebUtility.HtmlEncode(text ?? ""), cssClass)
    {
        IsNumber = double.TryParse((text ?? "").Replace(",", "").TrimStart('>', '<', '≥', '≤', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
    };

    /// <summary>A cell of trusted HTML (a badge, a link, a line break), written as is.</summary>
    public static HtmlCell Markup(string html, string? cssClass = null) => new(html, cssClass);
}

/// <summary>
/// The one way the library writes an HTML table (reports, notebook outputs, drift pages, the run index): a caption,
/// a header row, rows of <see cref="HtmlCell"/>s, full-width gap rows and a note. A self-styled table carries its
/// look inline (it reads the same in a notebook, a report and a mail); a table inside a styled container
/// (<c>selfStyled: false</c>) writes bare elements and classes for the container's CSS.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(HtmlTable.Render("T", ["a"], [["1 &lt; 2"]]).Contains("1 &amp;lt; 2"));
/// // prints: True
/// var table = new HtmlTable(["metric", "value"], selfStyled: false).Add(["mae", HtmlCell.Text("41.5", "num")]);
/// Console.WriteLine(table.ToHtml());
/// // prints: &lt;table&gt;&lt;thead&gt;&lt;tr&gt;&lt;th&gt;metric&lt;/th&gt;&lt;th&gt;value&lt;/th&gt;&lt;/tr&gt;&lt;/thead&gt;&lt;tbody&gt;&lt;tr&gt;&lt;td&gt;mae&lt;/td&gt;&lt;td class="num"&gt;41.5&lt;/td&gt;&lt;/tr&gt;&lt;/tbody&gt;&lt;/table&gt;
/// </code>
/// </example>
public sealed class HtmlTable
{
    private const string TableStyle = "border-collapse:collapse;font-family:sans-serif;font-size:13px";
    private const string CaptionStyle = "text-align:left;font-weight:bold;padding:4px";
    private const string HeaderStyle = "border-bottom:2px solid #444;padding:3px 8px;text-align:left";
    private const string CellStyle = "border-bottom:1px solid #ddd;padding:3px 8px;text-align:";

    private readonly StringBuilder _rows = new();
    private readonly IReadOnlyList<HtmlCell> _header;
    private readonly string? _caption, _cssClass;
    private readonly bool _selfStyled;
    private HtmlCell? _note;

    /// <param name="header">The column headings (text, or <see cref="HtmlCell.Markup"/> for e.g. a unit under the name).</param>
    /// <param name="caption">A caption above the table; null for none.</param>
    /// <param name="cssClass">A class on the table element; null for none.</param>
    /// <param name="selfStyled">Inline styles (true) or bare elements for a styled container (false).</param>
    public HtmlTable(IReadOnlyList<HtmlCell> header, string? caption = null, string? cssClass = null, bool selfStyled = true)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = header; _caption = caption; _cssClass = cssClass; _selfStyled = selfStyled;
    }

    /// <summary>Number of rows added so far (gap rows included).</summary>
    public int RowCount { get; private set; }

    /// <summary>Adds a row; <paramref name="rowClass"/> is a class on the row element.</summary>
    public HtmlTable Add(IReadOnlyList<HtmlCell> cells, string? rowClass = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _rows.Append(rowClass is null ? "<tr>" : $"<tr class=\"{WebUtility.HtmlEncode(rowClass)}\">");
        foreach (var cell in cells) AppendCell(_rows, "td", cell, header: false);
        _rows.Append("</tr>");
        RowCount++;
        return this;
    }

    /// <summary>Adds a row spanning every column, e.g. "… 1,200 more rows …" between a long table's head and tail.</summary>
    public HtmlTable Gap(HtmlCell content, string? rowClass = "gap") =>
        Add([content with { Span = _header.Count, Style = _selfStyled ? "text-align:center;color:#6e7781" : content.Style }], rowClass);

    /// <summary>A line of small print under the table (text, or <see cref="HtmlCell.Markup"/>); null for none.</summary>
    public HtmlTable Note(HtmlCell? note) { _note = note; return this; }

    public string ToHtml()
    {
        var sb = new StringBuilder("<table");
        if (_cssClass is not null) sb.Append(" class=\"").Append(WebUtility.HtmlEncode(_cssClass)).Append('"');
        if (_selfStyled) sb.Append(" style=\"").Append(TableStyle).Append('"');
        sb.Append('>');
        if (_caption is not null)
            sb.Append(_selfStyled ? $"<caption style=\"{CaptionStyle}\">" : "<caption>").Append(WebUtility.HtmlEncode(_caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in _header) AppendCell(sb, "th", h, header: true);
        sb.Append("</tr></thead><tbody>").Append(_rows).Append("</tbody></table>");
        if (_note is { } note)
            sb.Append(_selfStyled ? "<p style=\"font-family:sans-serif;font-size:12px;color:#555\">" : "<p class=\"note\">").Append(note.Html).Append("</p>");
        return sb.ToString();
    }

    public override string ToString() => ToHtml();

    /// <summary>A self-styled table of text cells in one call; numbers are right-aligned. <paramref name="cellStyle"/>
    /// adds CSS to the cell at (row, column), e.g. a status colour; null adds none.</summary>
    public static string Render(string? caption, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, string? note = null,
        Func<int, int, string?>? cellStyle = null)
    {
        var table = new HtmlTable(header.Select(h => (HtmlCell)h).ToList(), caption);
        for (int r = 0; r < rows.Count; r++)
            table.Add(rows[r].Select((text, c) => HtmlCell.Text(text) with { Style = cellStyle?.Invoke(r, c) }).ToList());
        return table.Note(note is null ? null : HtmlCell.Text(note)).ToHtml();
    }

    private void AppendCell(StringBuilder sb, string tag, HtmlCell cell, bool header)
    {
        sb.Append('<').Append(tag);
        if (cell.Class is not null) sb.Append(" class=\"").Append(WebUtility.HtmlEncode(cell.Class)).Append('"');
        if (cell.Title is not null) sb.Append(" title=\"").Append(WebUtility.HtmlEncode(cell.Title)).Append('"');
        if (cell.Span > 1) sb.Append(" colspan=\"").Append(cell.Span).Append('"');
        string? style = _selfStyled ? (header ? HeaderStyle : CellStyle + (cell.IsNumber ? "right" : "left")) : null;
        if (cell.Style is not null) style = style is null ? cell.Style : style + ";" + cell.Style;
        if (style is not null) sb.Append(" style=\"").Append(WebUtility.HtmlEncode(style)).Append('"');
        sb.Append('>').Append(cell.Html).Append("</").Append(tag).Append('>');
    }
}
