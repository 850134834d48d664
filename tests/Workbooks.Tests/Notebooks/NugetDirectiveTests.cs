using Xunit;

namespace Workbooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public sealed class NugetDirectiveTests
{
    /// <summary>#r "nuget:..." restores in-process through the dotnet CLI. Humanizer.Core 2.14.1 is a
    /// dependency of Microsoft.DotNet.Interactive, so it is already in the NuGet cache of any machine
    /// that built this solution and the test needs no download.</summary>
    [Fact]
    public void Nuget_directive_loads_a_package_into_the_notebook()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var notebook = NotebookFixtures.WriteNotebook(folder, "nuget.ipynb",
            "#r \"nuget: Humanizer.Core, 2.14.1\"",
            "using Humanizer;\nConsole.WriteLine(\"some_text_here\".Humanize());");

        var (exit, _, err) = NotebookFixtures.Cli("run", notebook, "-o", Path.Combine(folder, "out"));

        Assert.True(exit == 0, err);
        var html = File.ReadAllText(Path.Combine(folder, "out", "nuget.html"));
        Assert.Contains("Humanizer.Core, 2.14.1", html);
        Assert.Contains("some text here", html);
    }
}
