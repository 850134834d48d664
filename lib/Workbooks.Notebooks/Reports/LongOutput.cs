using System.Globalization;

namespace Workbooks.Notebooks.Reports;

/// <summary>
/// Keeps the HTML report openable when a cell printed a lot: text past <see cref="MaxLines"/> lines
/// or <see cref="MaxChars"/> characters shows its first and last lines around a visible note, and an
/// HTML output past <see cref="MaxHtmlChars"/> is replaced by a note. The executed .ipynb always keeps
/// the whole output; the note says so.
/// </summary>
internal static class LongOutput
{
    public const int MaxLines = 5_000;
    public const int MaxChars = 1_000_000;
    public const int MaxHtmlChars = 5_000_000;
    private const int HeadLines = 4_000;
    private const int TailLines = 500;
    private const int HeadChars = 400_000;
    private const int TailChars = 100_000;

    /// <summary>The text to show, and the note to show with it (null when nothing was left out).</summary>
    public static (string Shown, string? Note) Shorten(string text, string notebookFile)
    {
        var lineCount = CountLines(text);
        if (lineCount <= MaxLines && text.Length <= MaxChars) return (text, null);
        string head, tail;
        if (lineCount > MaxLines)
        {
            head = text[..IndexAfterLine(text, HeadLines)];
            tail = text[StartOfLastLines(text, TailLines)..];
        }
        else
        {
            head = text[..HeadChars];
            tail = text[^TailChars..];
        }
        if (head.Length > HeadChars) head = head[..HeadChars];
        if (tail.Length > TailChars) tail = tail[^TailChars..];
        var hiddenChars = text.Length - head.Length - tail.Length;
        var hiddenLines = lineCount - CountLines(head) - CountLines(tail);
        var note = $"{Number(Math.Max(hiddenLines, 0))} lines ({Number(hiddenChars)} characters) of this output are not shown here; " +
                   $"the executed notebook {notebookFile} has all {Number(lineCount)} lines.";
        return (head + "\n…\n" + tail, note);
    }

    /// <summary>The note that replaces an HTML output too large to embed.</summary>
    public static string HtmlTooLarge(int chars, string notebookFile) =>
        $"An HTML output of {Number(chars)} characters is too large for this page; it is kept whole in {notebookFile}.";

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static int CountLines(string text)
    {
        if (text.Length == 0) return 0;
        var lines = text.AsSpan().Count('\n');
        return text[^1] == '\n' ? lines : lines + 1;
    }

    private static int IndexAfterLine(string text, int lines)
    {
        var index = -1;
        for (var i = 0; i < lines; i++)
        {
            index = text.IndexOf('\n', index + 1);
            if (index < 0) return text.Length;
        }
        return index + 1;
    }

    private static int StartOfLastLines(string text, int lines)
    {
        var index = text.Length - 1;
        if (index >= 0 && text[index] == '\n') index--;
        for (var i = 0; i < lines; i++)
        {
            index = text.LastIndexOf('\n', Math.Max(index, 0));
            if (index <= 0) return 0;
            index--;
        }
        return index + 2;
    }
}
