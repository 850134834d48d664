using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Jupyter;

/// <summary>
/// Every notebook in notebooks/ runs unchanged under <c>jupyter nbconvert --to notebook --execute</c>
/// (nbclient, as Jupyter schedulers use it) on this kernel, found by the kernelspec name the notebooks
/// carry, and every executed file validates with nbformat. One nbconvert call executes them all, so
/// the Python start-up is paid once.
/// </summary>
[Collection(JupyterClients.Collection)]
public sealed class NbconvertNotebookTests(ITestOutputHelper output)
{
    // Checks each executed notebook with nbformat and prints one JSON summary line per file.
    private const string Validate = """
        import json, sys, nbformat
        for path in sys.argv[1:]:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
            outputs = [o for c in code for o in c.outputs]
            print(json.dumps({
                "path": path,
                "kernel": nb.metadata.get("kernelspec", {}).get("name"),
                "code_cells": len(code),
                "unexecuted": sum(1 for c in code if c.execution_count is None),
                "errors": [o.get("ename", "") + ": " + o.get("evalue", "") for o in outputs if o.output_type == "error"],
                "plotly": sum(1 for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})),
                "no_plain": sum(1 for o in outputs if "data" in o and "text/plain" not in o["data"]),
            }))
        """;

    [SkippableFact]
    public void Every_notebook_runs_under_nbconvert_and_validates()
    {
        var python = JupyterClients.RequirePython("nbconvert", "nbclient", "nbformat");
        var root = JupyterClients.InstallKernelSpec();
        try
        {
            var notebooks = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(notebooks);
            var executed = Path.Combine(root, "executed");
            var clock = Stopwatch.StartNew();
            var (code, text) = JupyterClients.Run(python,
                ["-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", executed, "--ExecutePreprocessor.timeout=600", .. notebooks],
                JupyterClients.ClientEnvironment(root), TimeSpan.FromMinutes(15));
            output.WriteLine($"nbconvert --execute of {notebooks.Length} notebooks: {clock.Elapsed.TotalSeconds:0} s");
            Assert.True(code == 0, $"nbconvert failed (exit {code}):\n{text}");

            var script = Path.Combine(root, "validate.py");
            File.WriteAllText(script, Validate);
            var files = notebooks.Select(n => Path.Combine(executed, Path.GetFileName(n))).ToArray();
            var (validated, report) = JupyterClients.Run(python, [script, .. files], null, TimeSpan.FromMinutes(2));
            Assert.True(validated == 0, $"nbformat rejected an executed notebook:\n{report}");
            var summaries = report.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            Assert.Equal(notebooks.Length, summaries.Count);
            foreach (var summary in summaries)
            {
                output.WriteLine(summary.ToJsonString());
                var name = Path.GetFileName(summary["path"]!.GetValue<string>());
                Assert.Equal(".net-csharp", summary["kernel"]!.GetValue<string>());
                Assert.True(summary["code_cells"]!.GetValue<int>() > 0, name);
                Assert.Equal(0, summary["unexecuted"]!.GetValue<int>());
                Assert.Empty(summary["errors"]!.AsArray());
                Assert.Equal(0, summary["no_plain"]!.GetValue<int>());
            }
            // The notebooks draw charts: they reach the front end as Plotly figures.
            Assert.True(summaries.Sum(s => s["plotly"]!.GetValue<int>()) >= 5, "expected Plotly chart outputs in the executed notebooks");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
