using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbooks.Notebooks.Documents;

/// <summary>The mime data of a displayed value, shared by the nbformat outputs of <c>workbooks run</c>
/// and the Jupyter kernel's messages.</summary>
public static class MimeData
{
    /// <summary>One entry per formatted value: JSON mime types as JSON (nbformat and the protocol carry
    /// them as JSON, not strings), text through <paramref name="text"/> (a string, or nbformat's lines).</summary>
    public static JsonObject From(DisplayEvent e, Func<string, JsonNode> text)
    {
        var data = new JsonObject();
        foreach (var value in e.FormattedValues.Where(v => !v.SuppressDisplay))
        {
            if (value.MimeType.EndsWith("json", StringComparison.Ordinal))
            {
                try { data[value.MimeType] = JsonNode.Parse(value.Value); }
                catch (System.Text.Json.JsonException) { /* not JSON after all: keep the other representations */ }
                continue;
            }
            data[value.MimeType] = text(value.Value);
        }
        return data;
    }

    /// <summary>The plain text of an event (a stream write, or a value's text/plain form).</summary>
    public static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? e.Value?.ToString() ?? "";
}
