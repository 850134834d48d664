using System.Text.Json.Nodes;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Notebooks;

/// <summary>Tests that start kernels share this collection: they run one at a time, because each
/// starts kernel processes (or an in-process kernel) and several at once on two cores would make
/// start-up and cell timeouts unpredictable.</summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection
{
    public const string Name = "Notebook kernels";
}

/// <summary>Fixture notebooks and helpers to run the CLI in-process.</summary>
internal static class NotebookFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "notebooks");

    public static string Sample => Path.Combine(Folder, "sample.ipynb");

    public static string Failing => Path.Combine(Folder, "failing.ipynb");

    public static string Dib => Path.Combine(Folder, "hello.dib");

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "workbooks-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs <c>workbooks</c> in-process and returns exit code, stdout and stderr.</summary>
    public static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a notebook with the given C# code cells (standard polyglot metadata).</summary>
    public static string WriteNotebook(string folder, string name, params string[] codeCells)
    {
        var cells = new JsonArray(codeCells.Select(code => (JsonNode?)new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = JsonNode.Parse("""{"polyglot_notebook":{"kernelName":"csharp"}}"""),
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(code),
        }).ToArray());
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = JsonNode.Parse("""{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"polyglot-notebook"},"polyglot_notebook":{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}}"""),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var json = notebook.ToJsonString();
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
