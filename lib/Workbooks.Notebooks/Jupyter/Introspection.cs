using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// complete_request, inspect_request and is_complete_request on the C# kernel. Jupyter counts
/// <c>cursor_pos</c> in Unicode code points (protocol 5.2+), the C# kernel in UTF-16 line/character
/// positions; the conversions live here.
/// </summary>
internal sealed class Introspection(Kernel kernel)
{
    private const string Language = "csharp";

    public async Task<JsonObject> CompleteAsync(JsonObject request)
    {
        var code = request["code"]?.GetValue<string>() ?? "";
        var cursor = CodePoints.ToUtf16(code, request["cursor_pos"]?.GetValue<int>() ?? CodePoints.Count(code));
        var result = await kernel.SendAsync(new RequestCompletions(code, ToLinePosition(code, cursor), Language));
        var produced = result.Events.OfType<CompletionsProduced>().FirstOrDefault();
        int start = cursor, end = cursor;
        if (produced?.LinePositionSpan is { } span)
        {
            start = FromLinePosition(code, span.Start);
            end = FromLinePosition(code, span.End);
        }
        else
        {
            // No span: replace the identifier that ends at the cursor.
            while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        }
        // Keep the items that continue what is typed, as IPython does (the C# kernel lists all members).
        var typed = code[start..cursor];
        var items = (produced?.Completions ?? []).Where(i => Match(i).StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(items.Select(i => (JsonNode?)Match(i)).Distinct().ToArray()),
            ["cursor_start"] = CodePoints.FromUtf16(code, start),
            ["cursor_end"] = CodePoints.FromUtf16(code, end),
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(items.Select(i => (JsonNode?)new JsonObject
                {
                    ["text"] = Match(i),
                    ["type"] = i.Kind?.ToLowerInvariant(),
                    ["start"] = CodePoints.FromUtf16(code, start),
                    ["end"] = CodePoints.FromUtf16(code, end),
                }).ToArray()),
            },
        };
    }

    // Snippet insert texts ("Beep($1)") are for editors with tab stops; Jupyter inserts plain text.
    private static string Match(CompletionItem item) =>
        item.InsertText is { } insert && !insert.Contains('$') ? insert : item.FilterText ?? item.DisplayText;

    public async Task<JsonObject> InspectAsync(JsonObject request)
    {
        var code = request["code"]?.GetValue<string>() ?? "";
        var cursor = CodePoints.ToUtf16(code, request["cursor_pos"]?.GetValue<int>() ?? CodePoints.Count(code));
        var data = await HoverAsync(code, cursor);
        return new JsonObject { ["status"] = "ok", ["found"] = data.Count > 0, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    /// <summary>The C# kernel's hover text at <paramref name="cursor"/> (UTF-16 index) as a mime bundle;
    /// empty when there is nothing to say. Also looks one character back, since a cursor is usually
    /// just after the name the user means.</summary>
    public async Task<JsonObject> HoverAsync(string code, int cursor)
    {
        foreach (var position in new[] { cursor, cursor - 1 }.Where(p => p >= 0 && p <= code.Length).Distinct())
        {
            var result = await kernel.SendAsync(new RequestHoverText(code, ToLinePosition(code, position), Language));
            var hover = result.Events.OfType<HoverTextProduced>().FirstOrDefault();
            if (hover is null || hover.Content.All(c => string.IsNullOrWhiteSpace(c.Value))) continue;
            var data = new JsonObject();
            foreach (var value in hover.Content) data[value.MimeType] = value.Value;
            if (!data.ContainsKey("text/plain"))
                data["text/plain"] = (data["text/markdown"] ?? data.First().Value)!.GetValue<string>().Replace("```csharp", "").Replace("```", "").Trim();
            return data;
        }
        return [];
    }

    /// <summary>is_complete_reply content: Roslyn decides whether the submission is complete,
    /// incomplete (an open block or statement; the front end offers a new line) or invalid.</summary>
    public static JsonObject IsComplete(string code)
    {
        // Kernel directives (#!csharp, #r "nuget:...") are not C#; blank them so they do not count.
        var lines = code.Split('\n').Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : l);
        var tree = CSharpSyntaxTree.ParseText(string.Join('\n', lines), new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        if (!SyntaxFactory.IsCompleteSubmission(tree))
            return new JsonObject { ["status"] = "incomplete", ["indent"] = "    " };
        var invalid = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = invalid ? "invalid" : "complete" };
    }

    private static LinePosition ToLinePosition(string code, int index)
    {
        int line = 0, lineStart = 0;
        for (var i = 0; i < index && i < code.Length; i++)
            if (code[i] == '\n') { line++; lineStart = i + 1; }
        return new LinePosition(line, Math.Min(index, code.Length) - lineStart);
    }

    private static int FromLinePosition(string code, LinePosition position)
    {
        var index = 0;
        for (var line = 0; line < position.Line && index < code.Length; index++)
            if (code[index] == '\n') line++;
        return Math.Min(code.Length, index + position.Character);
    }
}

/// <summary>Conversions between Jupyter's code-point offsets and .NET's UTF-16 indices.</summary>
internal static class CodePoints
{
    public static int Count(string text) => CountScalars(text);

    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return index;
    }

    public static int FromUtf16(string text, int index) => CountScalars(text.AsSpan(0, Math.Clamp(index, 0, text.Length)));

    private static int CountScalars(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++, count++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        return count;
    }
}
