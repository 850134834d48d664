using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using Plotly.NET;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Notebooks.Kernels;

/// <summary>
/// The one factory for the project's kernel, shared by <c>workbooks run</c> and <c>workbooks kernel</c>:
/// a composite kernel whose C# kernel already references Workbooks.ModelOps and everything it uses
/// (Plotly.NET with our FSharp.Core, ML.NET, Microsoft.Data.Analysis), so a notebook only writes
/// <c>using Workbooks.ModelOps.X;</c>. Charts and <see cref="IHtmlRenderable"/> results display as HTML.
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

        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]);
        composite.Add(new HtmlKernel());
        composite.Add(new KeyValueStoreKernel());
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    /// <summary>Files of Workbooks.ModelOps, Workbooks.ModelOps.Gpu (notebook 12) and of every non-framework assembly it references,
    /// directly or not: what a cell's compilation needs to see the library's public types.</summary>
    public static readonly Lazy<IReadOnlyList<string>> LibraryAssemblyPaths = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var paths = new List<string>();
        var pending = new Stack<Assembly>([typeof(IHtmlRenderable).Assembly, typeof(GenericChart).Assembly, typeof(Workbooks.ModelOps.Gpu.GpuDevice).Assembly]);
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
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(IHtmlRenderable), HtmlFormatter.MimeType);
        return true;
    }
}
