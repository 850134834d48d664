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
    public async Task The_main_namespaces_are_imported_before_the_first_cell()
    {
        using var kernel = WorkbooksKernel.Create();
        // Table (Data), DriftOptions (Drift), Adwin (Detectors), WindowSpec (Monitoring), BikeDemand (Walkthroughs): no using lines.
        var result = await kernel.SendAsync(new SubmitCode("$\"{nameof(Table)} {nameof(DriftOptions)} {nameof(Adwin)} {nameof(WindowSpec)} {BikeDemand.Label}\""));
        Assert.Empty(result.Events.OfType<CommandFailed>());
        Assert.Equal("Table DriftOptions Adwin WindowSpec cnt", result.Events.OfType<ReturnValueProduced>().Single().Value);
    }

    [Fact]
    public void The_default_namespaces_declare_no_type_twice()
    {
        var assemblies = new[] { typeof(Workbooks.ModelOps.Data.Table).Assembly, typeof(Workbooks.Walkthroughs.BikeDemand).Assembly };
        var clashes = assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested && WorkbooksKernel.DefaultUsings.Contains(t.Namespace))
            .GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(clashes);
        Assert.Contains("Workbooks.ModelOps.Drift", WorkbooksKernel.DefaultUsings);
    }

    [Fact]
    public void Library_references_include_plotly_and_our_fsharp_core()
    {
        var names = WorkbooksKernel.LibraryAssemblyPaths.Value.Select(Path.GetFileName).ToList();
        Assert.Contains("Workbooks.ModelOps.dll", names);
        Assert.Contains("Workbooks.Walkthroughs.dll", names);
        Assert.Contains("Plotly.NET.dll", names);
        Assert.Contains("FSharp.Core.dll", names);
        Assert.Contains("Microsoft.ML.Data.dll", names);
        Assert.Contains("Microsoft.Data.Analysis.dll", names);
    }
}
