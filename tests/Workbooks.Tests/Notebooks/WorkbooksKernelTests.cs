using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Workbooks.Notebooks.Kernels;
using Xunit;

namespace Workbooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public sealed class WorkbooksKernelTests
{
    [Fact]
    public async Task Doc_example_prints_what_it_says_and_the_library_needs_no_reference()
    {
        using var kernel = WorkbooksKernel.Create();
        var result = await kernel.SendAsync(new SubmitCode("typeof(Workbooks.ModelOps.Data.Table).Name"));
        Assert.Equal("Table", result.Events.OfType<ReturnValueProduced>().Single().Value);

        result = await kernel.SendAsync(new SubmitCode("using Workbooks.ModelOps.Windows;\nusing Microsoft.ML;\nusing Microsoft.Data.Analysis;\ntypeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly.GetName().Version.ToString()"));
        Assert.Empty(result.Events.OfType<CommandFailed>());
        Assert.StartsWith("10.", (string)result.Events.OfType<ReturnValueProduced>().Single().Value);
    }

    [Fact]
    public void Library_references_include_plotly_and_our_fsharp_core()
    {
        var names = WorkbooksKernel.LibraryAssemblyPaths.Value.Select(Path.GetFileName).ToList();
        Assert.Contains("Workbooks.ModelOps.dll", names);
        Assert.Contains("Plotly.NET.dll", names);
        Assert.Contains("FSharp.Core.dll", names);
        Assert.Contains("Microsoft.ML.Data.dll", names);
        Assert.Contains("Microsoft.Data.Analysis.dll", names);
    }
}
