using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Export;
using Workbooks.Cli;
using Workbooks.Tests.Jupyter;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Notebooks;

/// <summary><c>workbooks export --to cs</c>: the shape of the generated app, and two of the project's
/// notebooks exported and run with <c>dotnet run FILE.cs</c> (the app builds, runs and writes its report).</summary>
public sealed class ExportTests(ITestOutputHelper output)
{
    [Fact]
    public void Usings_go_to_the_top_types_to_the_end_and_displayed_values_to_the_report()
    {
        var json = """
            {"cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "Some prose."]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
               "source": ["#r \"nuget: Sylvan.Data.Csv, 1.4.4\"\n", "using System.Text;\n", "var p = new Point(1, 2);\n", "p.X + p.Y"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
               "source": ["using System.Globalization;\n", "record Point(int X, int Y);\n", "Console.WriteLine(p);"]}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
            """;
        var app = FileBasedAppExporter.Export(NotebookDocument.Parse(json, "demo.ipynb"), "../lib/Workbooks.ModelOps/Workbooks.ModelOps.csproj");
        var lines = app.Split('\n');
        Assert.Equal("#!/usr/bin/env dotnet", lines[0]);
        Assert.Contains("#:project ../lib/Workbooks.ModelOps/Workbooks.ModelOps.csproj", lines);
        Assert.Contains("#:package Sylvan.Data.Csv@1.4.4", lines);
        Assert.Contains("#:property PublishAot=false", lines);
        Assert.Contains("// # Title", lines);
        Assert.Contains("report.Show(p.X + p.Y);", lines);
        Assert.Contains("Console.WriteLine(p);", lines);
        // Every using precedes the first statement; the record comes after the last one.
        var firstStatement = Array.IndexOf(lines, "var report = new AppReport(\"demo\");");
        Assert.True(Array.IndexOf(lines, "using System.Globalization;") < firstStatement);
        Assert.True(Array.IndexOf(lines, "using System.Text;") < firstStatement);
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("record Point")) > Array.FindIndex(lines, l => l.StartsWith("report.Save(")));
    }

    [Fact]
    public void The_apps_report_variable_takes_a_name_the_notebook_does_not_use()
    {
        var json = """
            {"cells": [
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["var report = 40;\n", "report + 2"]}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
            """;
        var lines = FileBasedAppExporter.Export(NotebookDocument.Parse(json, "clash.ipynb"), "x.csproj").Split('\n');
        Assert.Contains("var appReport = new AppReport(\"clash\");", lines);
        Assert.Contains("var report = 40;", lines);
        Assert.Contains("appReport.Show(report + 2);", lines);
        Assert.Contains(lines, l => l.StartsWith("appReport.Save(", StringComparison.Ordinal));
    }

    [Fact]
    public void Exported_notebooks_run_with_dotnet_run_and_write_their_reports()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wb-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var names = new[] { "03-prediction-drift-and-multivariate", "05-performance-without-labels" };
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CliApp.Run(["export", "--to", "cs", "-o", folder, .. names.Select(n => Path.Combine(TestEnvironment.RepoRoot, "notebooks", n + ".ipynb"))], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            foreach (var name in names)
            {
                var (exit, text) = JupyterClients.Run(dotnet, ["run", name + ".cs"], null, TimeSpan.FromMinutes(8), folder);
                output.WriteLine(text);
                Assert.True(exit == 0, $"dotnet run {name}.cs failed (exit {exit}):\n{text}");
                Assert.Contains("[1] ", text);
                var report = Path.Combine(folder, name + ".html");
                Assert.Contains("Report: " + report, text);
                Assert.Contains("<section class=\"wb-output\">", File.ReadAllText(report));
            }
            // Notebook 05 draws charts: they are in its report, with plotly.js beside it.
            Assert.Contains("Plotly.newPlot", File.ReadAllText(Path.Combine(folder, names[1] + ".html")));
            Assert.True(File.Exists(Path.Combine(folder, "plotly.min.js")));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
