using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Execution;

/// <summary>Turns kernel events into nbformat 4 outputs (stream, display_data, execute_result, error),
/// in the order they happened, merging consecutive writes to the same stream as Jupyter does. The
/// stream being written to is kept in a <see cref="StringBuilder"/> and turned into lines only when
/// another output follows or the outputs are read, so printing n lines costs O(n), not O(n²).</summary>
internal sealed class CellOutputs
{
    private readonly List<JsonObject> _outputs = [];
    private readonly Dictionary<string, JsonObject> _displaysById = [];
    private readonly StringBuilder _openStream = new();
    private string? _openStreamName;

    public IReadOnlyList<JsonObject> Outputs
    {
        get
        {
            CloseStream();
            return _outputs;
        }
    }

    public void Add(KernelEvent e, int executionCount)
    {
        switch (e)
        {
            case StandardOutputValueProduced stdout: AppendStream("stdout", PlainText(stdout)); break;
            case StandardErrorValueProduced stderr: AppendStream("stderr", PlainText(stderr)); break;
            case ReturnValueProduced value: AddDisplay(value, "execute_result", executionCount); break;
            case DisplayedValueUpdated updated when updated.ValueId is not null && _displaysById.TryGetValue(updated.ValueId, out var shown):
                shown["data"] = MimeBundle(updated);
                break;
            case DisplayedValueProduced displayed: AddDisplay(displayed, "display_data", executionCount); break;
        }
    }

    public void AddError(string name, string message)
    {
        CloseStream();
        var lines = message.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        _outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = name,
            ["evalue"] = NotebookDocument.FirstLine(message),
            ["traceback"] = new JsonArray(lines.Select(l => (JsonNode?)l).ToArray()),
        });
    }

    private void AppendStream(string name, string text)
    {
        if (text.Length == 0) return;
        if (_openStreamName != name) CloseStream();
        _openStreamName = name;
        _openStream.Append(text);
    }

    private void CloseStream()
    {
        if (_openStreamName is null) return;
        _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = _openStreamName, ["text"] = NotebookCell.SplitLines(_openStream.ToString()) });
        _openStream.Clear();
        _openStreamName = null;
    }

    private void AddDisplay(DisplayEvent e, string outputType, int executionCount)
    {
        var data = MimeBundle(e);
        if (data.Count == 0) return;
        CloseStream();
        var output = new JsonObject { ["output_type"] = outputType, ["data"] = data, ["metadata"] = new JsonObject() };
        if (outputType == "execute_result") output["execution_count"] = executionCount;
        _outputs.Add(output);
        if (e.ValueId is not null) _displaysById[e.ValueId] = output;
    }

    private static string PlainText(DisplayEvent e) => MimeData.PlainText(e);

    private static JsonObject MimeBundle(DisplayEvent e) => MimeData.From(e, NotebookCell.SplitLines);
}
