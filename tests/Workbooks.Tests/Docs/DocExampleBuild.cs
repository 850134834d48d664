using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbooks.Tests.Docs;

/// <summary>
/// Every doc example compiled as a user of its assembly would compile it: one compilation per documented assembly,
/// referencing that assembly, what it references (directly or not) and the framework, so an example of the embeddable
/// library cannot lean on the walkthrough material or the notebook engine. Each example is one syntax tree, a method
/// <c>async Task Run()</c> in a class declared in the documented member's namespace, so it sees what the documented
/// file sees. One compilation for many examples costs seconds; a script compilation per example would cost about as
/// much each.
/// </summary>
/// <remarks>An example shows calls, not the <c>using</c> lines a reader adds: every namespace of the project's
/// assemblies it may see is imported, besides the implicit usings and the packages the examples call (a type name
/// two of them declare must then be written in full, as a reader would have to).</remarks>
public sealed class DocExampleBuild
{
    /// <summary>Names an example may use without defining, standing for what a notebook made in earlier cells: an
    /// example that uses one is compiled, not run. Any other undefined name is an error, so a misspelled type still fails.</summary>
    public static readonly IReadOnlySet<string> ContextNames = new HashSet<string>
    {
        "reference", "current", "analysis", "analysisDates", "estimate", "result", "tableA", "tableB", "publisher", "Row", "Out",
        "refScores", "refPredicted", "refPredictions", "refLabels", "scores", "predicted", "predictions", "approx1k", "approx100k",
    };

    /// <summary>Names an example uses without defining: CS0103 (no such name) and CS0246 (no such type).</summary>
    private static readonly ImmutableHashSet<string> UndefinedNameErrors = ["CS0103", "CS0246"];

    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "System.Globalization", "System.Text",
    ];

    /// <summary>Package namespaces the examples call, imported where the assembly named beside each is referenced.</summary>
    private static readonly (string Namespace, string Assembly)[] PackageUsings =
    [
        ("Microsoft.ML", "Microsoft.ML.Data"), ("Microsoft.Data.Analysis", "Microsoft.Data.Analysis"), ("Plotly.NET", "Plotly.NET"),
        ("Microsoft.DotNet.Interactive.Commands", "Microsoft.DotNet.Interactive"), ("Microsoft.DotNet.Interactive.Events", "Microsoft.DotNet.Interactive"),
    ];

    private static readonly Lazy<DocExampleBuild> LazyCurrent = new(() => new DocExampleBuild(DocExample.All));

    /// <summary>The build of <see cref="DocExample.All"/>, made on first use.</summary>
    public static DocExampleBuild Current => LazyCurrent.Value;

    private readonly Dictionary<string, Result> _results = [];

    /// <summary>How long the compilations and emits took.</summary>
    public TimeSpan CompileTime { get; }

    /// <summary>What the compiler said about one example.</summary>
    /// <param name="Errors">Errors other than <see cref="ContextNames"/> left undefined, as <c>(line,col): CSnnnn message</c>.</param>
    /// <param name="UndefinedNames">The <see cref="ContextNames"/> the example uses without defining.</param>
    /// <param name="Run">The compiled example; null unless it compiled without any error (and for a non-public type's example, never compiled).</param>
    public sealed record Result(IReadOnlyList<string> Errors, IReadOnlySet<string> UndefinedNames, Func<Task>? Run);

    private DocExampleBuild(IReadOnlyList<DocExample> examples)
    {
        var clock = Stopwatch.StartNew();
        foreach (var group in examples.Where(e => e.Public).GroupBy(e => e.Assembly))
            Compile(group.Key, [.. group]);
        foreach (var example in examples.Where(e => !e.Public)) _results[example.Id] = new Result([], new HashSet<string>(), null);
        CompileTime = clock.Elapsed;
    }

    /// <summary>What the compiler said about <paramref name="example"/>.</summary>
    public Result this[DocExample example] => _results[example.Id];

    private void Compile(Assembly documented, IReadOnlyList<DocExample> examples)
    {
        var visible = Closure(documented);
        var usings = ImplicitUsings
            .Concat(PackageUsings.Where(p => visible.Any(a => a.GetName().Name == p.Assembly)).Select(p => p.Namespace))
            .Concat(DocExample.Assemblies.Where(visible.Contains).SelectMany(a => a.GetExportedTypes()).Select(t => t.Namespace).OfType<string>().Distinct().Order())
            .ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = examples.Select((e, i) => CSharpSyntaxTree.ParseText(Wrap(e, i, usings), parse, path: e.Id)).ToList();
        var name = $"DocExamples.{documented.GetName().Name}";
        var compilation = CSharpCompilation.Create(name, trees, References(visible),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is not null)
            .ToLookup(d => d.Location.SourceTree!);

        var clean = trees.Where(t => !errors.Contains(t)).ToList();
        Assembly? assembly = null;
        if (clean.Count > 0)
        {
            using var image = new MemoryStream();
            var emitted = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(clean).Emit(image);
            if (!emitted.Success)
                throw new InvalidOperationException($"The doc examples of {documented.GetName().Name} that compiled alone failed to emit together: " +
                    string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            assembly = Assembly.Load(image.ToArray());
        }
        for (int i = 0; i < examples.Count; i++)
        {
            var tree = trees[i];
            bool FromContext(Diagnostic d) => UndefinedNameErrors.Contains(d.Id) && ContextNames.Contains(tree.GetText().ToString(d.Location.SourceSpan));
            var undefined = errors[tree].Where(FromContext).Select(d => tree.GetText().ToString(d.Location.SourceSpan)).ToHashSet();
            var other = errors[tree].Where(d => !FromContext(d)).Select(Describe).ToList();
            var method = errors.Contains(tree) ? null : assembly!.GetType($"{examples[i].Namespace}.DocExample{i}")!.GetMethod("Run")!;
            _results[examples[i].Id] = new Result(other, undefined, method is null ? null : () => (Task)method.Invoke(null, null)!);
        }
    }

    // The #line directive numbers the example's own lines from 1, so an error names the line a reader sees.
    private static string Wrap(DocExample example, int index, IEnumerable<string> usings) => $$"""
        {{string.Concat(usings.Select(u => $"using {u};\n"))}}
        namespace {{example.Namespace}};

        internal static class DocExample{{index}}
        {
            public static async Task Run()
            {
        #line 1
        {{example.Code}}
        #line default
                await Task.CompletedTask;
            }
        }
        """;

    private static string Describe(Diagnostic d)
    {
        var line = d.Location.GetMappedLineSpan().StartLinePosition;
        return $"({line.Line + 1},{line.Character + 1}): {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    // The assembly and every assembly it references, directly or not: what a project referencing it compiles against.
    private static HashSet<Assembly> Closure(Assembly root)
    {
        var seen = new HashSet<Assembly>();
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            if (!seen.Add(assembly)) continue;
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                try { pending.Push(Assembly.Load(name)); }
                catch (FileNotFoundException) { /* an optional dependency not deployed: nothing to reference */ }
            }
        }
        return seen;
    }

    // The whole shared framework (an example may call any BCL API) and the closure's other assemblies, each read once.
    private static IReadOnlyList<MetadataReference> References(HashSet<Assembly> visible)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return [.. Directory.GetFiles(framework, "*.dll").Where(IsManaged)
            .Concat(visible.Select(a => a.Location).Where(p => p.Length > 0 && !p.StartsWith(framework, StringComparison.Ordinal)))
            .Select(p => FileReferences.GetOrAdd(p, path => MetadataReference.CreateFromFile(path)))];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> FileReferences = new();

    private static bool IsManaged(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return reader.HasMetadata;
    }
}
