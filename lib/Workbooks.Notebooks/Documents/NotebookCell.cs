using System.Text.Json.Nodes;

namespace Workbooks.Notebooks.Documents;

/// <summary>One cell of a <see cref="NotebookDocument"/>: its kind, source, tags and, after a run,
/// its outputs and execution count. Unknown JSON members are kept as read.</summary>
public sealed class NotebookCell
{
    /// <summary>Papermill's tag for the cell holding parameter defaults.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>Papermill's tag for the cell a run inserts with the given parameter values.</summary>
    public const string InjectedParametersTag = "injected-parameters";

    private readonly JsonObject _json;

    private NotebookCell(JsonObject json, string kind, string source, int? sourceNumber)
    {
        _json = json;
        Kind = kind;
        Source = source;
        SourceNumber = sourceNumber;
    }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string Kind { get; }

    /// <summary>The cell's text.</summary>
    public string Source { get; }

    /// <summary>1-based position of the cell in the notebook as written; null for an injected cell.</summary>
    public int? SourceNumber { get; }

    /// <summary>True for a code cell.</summary>
    public bool IsCode => Kind == "code";

    /// <summary>The cell's tags (metadata.tags).</summary>
    public IReadOnlyList<string> Tags =>
        _json["metadata"]?["tags"] is JsonArray tags
            ? tags.OfType<JsonValue>().Select(t => t.TryGetValue<string>(out var s) ? s : "").ToList()
            : [];

    /// <summary>The kernel named in the cell's polyglot metadata, or null to use the notebook default.</summary>
    public string? KernelName =>
        StringOrNull(_json["metadata"]?["polyglot_notebook"]?["kernelName"])
        ?? StringOrNull(_json["metadata"]?["dotnet_interactive"]?["language"]);

    /// <summary>Outputs of the last run, in nbformat 4 shape.</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>Execution count of the last run, or null when the cell did not run.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>A new code cell tagged <see cref="InjectedParametersTag"/>.</summary>
    public static NotebookCell CreateInjectedParameters(string source)
    {
        var json = new JsonObject
        {
            ["cell_type"] = "code",
            ["metadata"] = new JsonObject
            {
                ["tags"] = new JsonArray(InjectedParametersTag),
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            },
        };
        return new NotebookCell(json, "code", source, null);
    }

    internal static NotebookCell FromJson(JsonObject json, int number, string path)
    {
        var kind = StringOrNull(json["cell_type"])
                   ?? throw new NotebookFormatException($"{path}: cell {number} has no 'cell_type'.");
        var cell = new NotebookCell(json, kind, ReadMultiline(json["source"], path, number), number);
        if (json["outputs"] is JsonArray outputs)
            cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
        if (json["execution_count"] is JsonValue count && count.TryGetValue<int>(out var n)) cell.ExecutionCount = n;
        return cell;
    }

    internal JsonObject ToJson()
    {
        var json = (JsonObject)_json.DeepClone();
        json["source"] = SplitLines(Source);
        if (IsCode)
        {
            var outputs = new JsonArray();
            foreach (var output in Outputs) outputs.Add(output.DeepClone());
            json["outputs"] = outputs;
            json["execution_count"] = ExecutionCount;
        }
        return json;
    }

    /// <summary>Jupyter stores multi-line text as a list of lines, each keeping its "\n".</summary>
    public static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>Reads a Jupyter text field: a string or a list of strings.</summary>
    /// <summary>The node's text when it is a JSON string; null for anything else (a number where text belongs is
    /// then reported as missing rather than thrown as a conversion error).</summary>
    internal static string? StringOrNull(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string ReadMultiline(JsonNode? node, string path, int cellNumber) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => p is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw new NotebookFormatException($"{path}: cell {cellNumber} has a non-string line in its text."))),
        _ => throw new NotebookFormatException($"{path}: cell {cellNumber} has text that is neither a string nor a list of strings."),
    };
}
