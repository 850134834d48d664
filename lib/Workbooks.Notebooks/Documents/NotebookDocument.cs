using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Workbooks.Notebooks.Documents;

/// <summary>Thrown when a notebook file cannot be read as a notebook; the message names the file.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>
/// A notebook held as its nbformat 4 JSON, so that everything we do not touch (metadata, cell ids,
/// attachments) survives a run unchanged, as papermill does. A .dib file is converted to the same
/// shape through Microsoft.DotNet.Interactive.Documents when loaded.
/// </summary>
/// <example>
/// <code>
/// var doc = NotebookDocument.Parse("""{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},"source":["1 + 1"],"outputs":[],"execution_count":null}]}""", "demo.ipynb");
/// Console.WriteLine(doc.Cells[0].Source);   // 1 + 1
/// </code>
/// </example>
public sealed class NotebookDocument
{
    private readonly JsonObject _root;

    private NotebookDocument(JsonObject root, string path, List<NotebookCell> cells)
    {
        _root = root;
        Path = path;
        Cells = cells;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The cells in document order (an injected-parameters cell included once added).</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>The kernel name a code cell without its own runs in (polyglot metadata, else csharp).</summary>
    public string DefaultKernelName =>
        NotebookCell.StringOrNull(_root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]) ?? "csharp";

    /// <summary>Reads a .ipynb or .dib file; throws <see cref="NotebookFormatException"/> naming the file.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException($"{path}: no such notebook file.");
        var text = File.ReadAllText(path);
        if (System.IO.Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase))
            text = DibToJupyterJson(text);
        return Parse(text, path);
    }

    /// <summary>Parses nbformat 4 JSON text; <paramref name="path"/> is used in messages.</summary>
    public static NotebookDocument Parse(string json, string path)
    {
        JsonNode? node;
        try
        {
            // Duplicate keys are refused here, as a format error, rather than later by JsonObject as an ArgumentException.
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(
                $"{path}: malformed notebook JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {FirstLine(e.Message)}");
        }
        if (node is not JsonObject root) throw new NotebookFormatException($"{path}: a notebook must be a JSON object.");
        if (root["nbformat"] is not JsonValue format || !format.TryGetValue<int>(out var major) || major != 4)
            throw new NotebookFormatException($"{path}: only nbformat 4 notebooks are supported (missing or other 'nbformat').");
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException($"{path}: no 'cells' array.");
        var parsed = new List<NotebookCell>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) throw new NotebookFormatException($"{path}: cell {i + 1} is not a JSON object.");
            parsed.Add(NotebookCell.FromJson(cell, i + 1, path));
        }
        return new NotebookDocument(root, path, parsed);
    }

    /// <summary>The notebook as nbformat 4 JSON with the current cells and their outputs.</summary>
    public string ToJson()
    {
        // A JsonNode copy, not JsonText records: nbformat fields this engine does not know must survive; escaping as Jupyter writes it.
        var copy = (JsonObject)_root.DeepClone();
        var cells = new JsonArray();
        foreach (var cell in Cells) cells.Add(cell.ToJson());
        copy["cells"] = cells;
        if (copy["nbformat_minor"] is null) copy["nbformat_minor"] = 5;
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static string DibToJupyterJson(string dib)
    {
        var kernels = new KernelInfoCollection { new("csharp", "C#", ["c#", "C#"]), new("markdown", "Markdown", ["md"]) };
        kernels.DefaultKernelName = "csharp";
        InteractiveDocument document = CodeSubmission.Parse(dib, kernels);
        return Notebook.ToJupyterJson(document, "csharp");
    }

    internal static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
