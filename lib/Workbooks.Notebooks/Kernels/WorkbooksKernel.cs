using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using Microsoft.Data.Analysis;
using Plotly.NET;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Notebooks.Kernels;

/// <summary>
/// The one factory for the project's kernel, shared by <c>workbooks run</c> and <c>workbooks kernel</c>:
/// a composite kernel whose C# kernel already references Workbooks.ModelOps and everything it uses
/// (Plotly.NET with our FSharp.Core, ML.NET, Microsoft.Data.Analysis) and the walkthrough material, and has the
/// library's main namespaces imported (<see cref="DefaultUsings"/>). Charts, <see cref="IHtmlRenderable"/> results,
/// data frames and <see cref="Table"/>s display as HTML (<see cref="FrameHtml"/> for the last two).
/// </summary>
/// <example>
/// <code>
/// using var kernel = WorkbooksKernel.Create();
/// var result = await kernel.SendAsync(new SubmitCode("typeof(Workbooks.ModelOps.Data.Table).Name"));
/// Console.WriteLine(result.Events.OfType&lt;ReturnValueProduced&gt;().Single().Value);   // Table
/// </code>
/// </example>
public static class WorkbooksKernel
{
    private static readonly Lazy<bool> FormattersRegistered = new(RegisterFormatters);

    /// <summary>Creates a fresh kernel: "csharp" (default, aliases c#/C#), "html" and "value".</summary>
    public static CompositeKernel Create()
    {
        _ = FormattersRegistered.Value;
        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseValueSharing()
            .UseWho()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            });
        csharp.AddAssemblyReferences(LibraryAssemblyPaths.Value);
        // Runs before the first cell (the way .NET Interactive's own extensions add their usings), so a learner's
        // first cell does not open with a wall of using lines; notebooks keep the ones that teach where a type lives.
        csharp.DeferCommand(new SubmitCode(string.Concat(DefaultUsings.Select(ns => $"using {ns};\n"))));

        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]);
        composite.Add(new HtmlKernel());
        composite.Add(new KeyValueStoreKernel());
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    /// <summary>The library's main namespaces, imported into every kernel (and into exported apps) before the first cell;
    /// no two of them declare a type of the same name (a test checks).</summary>
    public static IReadOnlyList<string> DefaultUsings { get; } =
    [
        "Workbooks.ModelOps.Data", "Workbooks.ModelOps.Models", "Workbooks.ModelOps.Drift", "Workbooks.ModelOps.Detectors",
        "Workbooks.ModelOps.Metrics", "Workbooks.ModelOps.Monitoring", "Workbooks.ModelOps.Monitoring.Simulation",
        "Workbooks.ModelOps.Windows", "Workbooks.ModelOps.Reporting", "Workbooks.Walkthroughs",
    ];

    /// <summary>Files of Workbooks.ModelOps, Workbooks.Serving, Workbooks.ModelOps.Gpu (notebook 12), the walkthrough material (Workbooks.Walkthroughs) and of every non-framework assembly they reference,
    /// directly or not: what a cell's compilation needs to see the library's public types.</summary>
    public static readonly Lazy<IReadOnlyList<string>> LibraryAssemblyPaths = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var paths = new List<string>();
        var pending = new Stack<Assembly>([typeof(IHtmlRenderable).Assembly, typeof(Workbooks.Serving.ServingApp).Assembly, typeof(Workbooks.Walkthroughs.BikeDemand).Assembly, typeof(GenericChart).Assembly, typeof(Workbooks.ModelOps.Gpu.GpuDevice).Assembly]);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!seen.Add(assembly.GetName().Name!)) continue;
            if (string.IsNullOrEmpty(assembly.Location) || assembly.Location.StartsWith(runtimeDir, StringComparison.OrdinalIgnoreCase)) continue;
            paths.Add(assembly.Location);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Contains(reference.Name!)) continue;
                try { pending.Push(Assembly.Load(reference)); }
                catch (FileNotFoundException) { /* optional dependency not deployed: nothing to reference */ }
            }
        }
        return paths;
    });

    private static bool RegisterFormatters()
    {
        // Our formatters win over Plotly.NET's own (which loads plotly.js with require.js from a CDN).
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.ToHtml(chart)), HtmlFormatter.MimeType);
        Formatter.Register(typeof(IHtmlRenderable), (value, writer) => writer.Write(((IHtmlRenderable)value).ToHtml()), HtmlFormatter.MimeType);
        // Data frames and the library's tables as real tables (head and tail, readable numbers), not as
        // .NET Interactive's object tree of columns and rows, which is several times wider than the page.
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(FrameHtml.Render(frame)), HtmlFormatter.MimeType);
        Formatter.Register<Table>((table, writer) => writer.Write(FrameHtml.Render(table)), HtmlFormatter.MimeType);
        Formatter.Register<IReadOnlyDictionary<string, double>>((values, writer) => writer.Write(FrameHtml.Render(values)), HtmlFormatter.MimeType);
        foreach (var type in new[] { typeof(GenericChart), typeof(IHtmlRenderable), typeof(DataFrame), typeof(Table), typeof(IReadOnlyDictionary<string, double>) })
            Formatter.SetPreferredMimeTypesFor(type, HtmlFormatter.MimeType);
        return true;
    }
}
