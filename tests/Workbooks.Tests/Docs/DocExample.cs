using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workbooks.Tests.Docs;

/// <summary>
/// One <c>&lt;example&gt;&lt;code&gt;</c> block of the library's XML documentation, read from the documentation files the
/// build writes beside each assembly (so what is checked is exactly what a reader's IDE shows), with the output its
/// comments promise.
/// </summary>
/// <remarks>
/// The output an example promises, in its own comments:
/// <list type="bullet">
/// <item><c>// prints: TEXT</c> lines: each is one line of console output, in order.</item>
/// <item>Without them, a <c>Console.Write(Line)(...);</c> statement ending in <c>// TEXT</c> promises <c>TEXT</c>.</item>
/// <item><c>// prints e.g.: ...</c> (anything between <c>prints</c> and the colon) shows illustrative output that depends on
/// the reader's machine, files or time: the example is compiled, not run.</item>
/// </list>
/// </remarks>
/// <param name="Id">The XML doc member name (<c>T:Workbooks.ModelOps.Detectors.Ddm</c>), with <c>#2</c> for a second block.</param>
/// <param name="AlsoOn">Other members showing the same code (a positional record's type and its constructor).</param>
/// <param name="Assembly">The assembly whose documentation holds the example.</param>
/// <param name="Namespace">The namespace of the documented member: the example is compiled inside it.</param>
/// <param name="Expected">The promised console output, one string per line; null when it promises none.</param>
/// <param name="Illustrative">True when the printed output is only an illustration (<c>// prints e.g.:</c>).</param>
/// <param name="Public">False when the documented type is internal: a user's code, which the example is compiled as, cannot see it.</param>
public sealed record DocExample(string Id, IReadOnlyList<string> AlsoOn, Assembly Assembly, string Namespace, string Code, IReadOnlyList<string>? Expected, bool Illustrative, bool Public)
{
    /// <summary>The library assemblies whose documentation holds examples.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } =
    [
        typeof(Workbooks.ModelOps.Data.Table).Assembly, typeof(Workbooks.Serving.ServingApp).Assembly,
        typeof(Workbooks.Walkthroughs.BikeDemand).Assembly, typeof(Workbooks.ModelOps.Gpu.GpuDevice).Assembly,
        typeof(Workbooks.ModelOps.Onnx.OnnxModel).Assembly, typeof(Workbooks.Notebooks.Kernels.WorkbooksKernel).Assembly,
        typeof(Workbooks.Cli.CliApp).Assembly,
    ];

    /// <summary>Every example of <see cref="Assemblies"/>, in documentation order, identical code blocks once.</summary>
    public static IReadOnlyList<DocExample> All => LazyAll.Value;

    private static readonly Lazy<IReadOnlyList<DocExample>> LazyAll = new(() => [.. Assemblies.SelectMany(Read)]);

    /// <summary>The example whose <see cref="Id"/> is <paramref name="id"/>.</summary>
    public static DocExample Get(string id) => All.Single(e => e.Id == id);

    public override string ToString() => Id;

    private static IEnumerable<DocExample> Read(Assembly assembly)
    {
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(xmlPath))
            throw new FileNotFoundException($"{xmlPath} is missing: set GenerateDocumentationFile in {assembly.GetName().Name}'s project.", xmlPath);
        var namespaces = assembly.GetExportedTypes().Select(t => t.Namespace).OfType<string>().ToHashSet();
        var byCode = new Dictionary<string, (string Id, List<string> AlsoOn, string Namespace, bool Public)>();
        foreach (var member in XDocument.Load(xmlPath).Descendants("member"))
        {
            var name = (string)member.Attribute("name")!;
            var blocks = member.Elements("example").SelectMany(e => e.Descendants("code")).Select(c => Dedent(c.Value)).ToList();
            for (int i = 0; i < blocks.Count; i++)
            {
                var id = i == 0 ? name : $"{name}#{i + 1}";
                if (byCode.TryGetValue(blocks[i], out var seen)) seen.AlsoOn.Add(id);
                else
                {
                    var ns = NamespaceOf(name, namespaces);
                    byCode.Add(blocks[i], (id, [], ns, IsPublic(assembly, name, ns)));
                }
            }
        }
        foreach (var (code, (id, alsoOn, ns, isPublic)) in byCode)
        {
            var (expected, illustrative) = PromisedOutput(code);
            yield return new DocExample(id, alsoOn, assembly, ns, code, expected, illustrative, isPublic);
        }
    }

    // "M:Workbooks.ModelOps.Data.DatasetStore.#ctor(...)" -> "Workbooks.ModelOps.Data": the longest prefix that is a namespace.
    private static string NamespaceOf(string member, HashSet<string> namespaces)
    {
        var name = member[2..];
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            if (namespaces.Contains(name[..dot])) return name[..dot];
        throw new InvalidOperationException($"No namespace of the assembly holds {member}.");
    }

    // Whether the type that declares (or is) the documented member is visible outside its assembly.
    private static bool IsPublic(Assembly assembly, string member, string ns)
    {
        var name = member[2..];
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        var path = name[(ns.Length + 1)..].Split('.');
        if (!member.StartsWith("T:", StringComparison.Ordinal)) path = path[..^1];   // a member of the type: drop its name
        var type = assembly.GetType($"{ns}.{path[0]}");
        foreach (var nested in path.Skip(1)) type = type?.GetNestedType(nested, BindingFlags.Public | BindingFlags.NonPublic);
        return type?.IsVisible ?? throw new InvalidOperationException($"The type documented by {member} is not in {assembly.GetName().Name}.");
    }

    private static string Dedent(string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim()));
    }

    /// <summary>The output <paramref name="code"/>'s comments promise (see the remarks of <see cref="DocExample"/>).</summary>
    public static (IReadOnlyList<string>? Lines, bool Illustrative) PromisedOutput(string code)
    {
        // Comments are read from the syntax tree, so "//" inside a string ("http://...") is never taken for one.
        var root = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)).GetRoot();
        var comments = root.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).ToList();
        var prints = new List<string>();
        var illustrative = false;
        foreach (var comment in comments)
        {
            var text = comment.ToString()[2..].Trim();
            if (!text.StartsWith("prints", StringComparison.Ordinal)) continue;
            if (text.StartsWith("prints:", StringComparison.Ordinal)) prints.Add(text["prints:".Length..].Trim());
            else if (text.IndexOf(':') > 0) illustrative = true;
        }
        if (illustrative || prints.Count > 0) return (illustrative ? null : prints, illustrative);
        var trailing = comments
            .Where(c => c.Token.IsKind(SyntaxKind.SemicolonToken) && c.Token.TrailingTrivia.Contains(c)
                        && c.Token.Parent is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }
                        && call.Expression.ToString() is "Console.WriteLine" or "Console.Write")
            .Select(c => c.ToString()[2..].Trim())
            .ToList();
        return (trailing.Count > 0 ? trailing : null, false);
    }
}
