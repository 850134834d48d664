using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Export;

/// <summary>
/// Turns a notebook into a C# file-based app (<c>dotnet run FILE.cs</c>, .NET 10), Microsoft's migration
/// path from Polyglot Notebooks. Cells become top-level statements in order; Roslyn moves every cell's
/// <c>using</c> directives to the top and type declarations to the end (where C# requires them); a
/// cell's trailing expression, which the notebook would have displayed, goes to an
/// <c>AppReport</c> that writes an HTML report beside the app. Markdown cells become comments.
/// <c>#r "nuget: Name, Version"</c> becomes <c>#:package Name@Version</c>; the library is reached with
/// <c>#:project</c>.
/// </summary>
public static partial class FileBasedAppExporter
{
    /// <summary>The app's source for <paramref name="document"/>.</summary>
    /// <param name="libraryProject">Path of Workbooks.Walkthroughs.csproj (which brings Workbooks.ModelOps) as the app should write it.</param>
    public static string Export(NotebookDocument document, string libraryProject)
    {
        var title = Path.GetFileNameWithoutExtension(document.Path);
        // The app's own report variable must not clash with a name the notebook declares (notebook 13 has a `report`).
        var allCode = string.Join('\n', document.Cells.Where(c => c.IsCode).Select(c => c.Source));
        var report = new[] { "report", "appReport" }.Concat(Enumerable.Range(1, 100).Select(i => $"appReport{i}"))
            .First(name => !System.Text.RegularExpressions.Regex.IsMatch(allCode, $@"\b{name}\b"));
        var usings = new List<string>();
        var packages = new List<string>();
        var body = new StringBuilder();
        var types = new StringBuilder();
        foreach (var cell in document.Cells)
        {
            if (!cell.IsCode)
            {
                if (cell.Kind == "markdown" && cell.Source.Trim().Length > 0)
                    body.Append(string.Join('\n', cell.Source.TrimEnd().Split('\n').Select(l => ("// " + l.TrimEnd('\r')).TrimEnd()))).Append("\n\n");
                continue;
            }
            var code = new StringBuilder();
            foreach (var line in cell.Source.Split('\n'))
            {
                var trimmed = line.Trim();
                if (NugetReference().Match(trimmed) is { Success: true } nuget)
                    packages.Add(nuget.Groups["name"].Value + (nuget.Groups["version"].Success ? "@" + nuget.Groups["version"].Value.Trim() : ""));
                else if (trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#r ", StringComparison.Ordinal))
                    code.Append("// (notebook directive) ").Append(trimmed).Append('\n');
                else code.Append(line.TrimEnd('\r')).Append('\n');
            }
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code.ToString(), new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)).GetRoot();
            usings.AddRange(root.Usings.Select(u => u.ToString().Trim()));
            body.Append($"// ---- cell {cell.SourceNumber} ----\n");
            var members = root.Members;
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax) { types.Append(member.ToFullString().Trim()).Append("\n\n"); continue; }
                if (i == members.Count - 1 && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } shown })
                    body.Append(report).Append(".Show(").Append(shown.Expression.ToString()).Append(");\n");
                else body.Append(member.ToFullString().Trim()).Append('\n');
            }
            body.Append('\n');
        }

        var app = new StringBuilder();
        app.Append("#!/usr/bin/env dotnet\n");
        app.Append($"// {title}: exported from {Path.GetFileName(document.Path)} by `workbooks export --to cs`. Run: dotnet run {title}.cs\n");
        app.Append("#:project ").Append(libraryProject).Append('\n');
        foreach (var package in packages.Distinct()) app.Append("#:package ").Append(package).Append('\n');
        // ML.NET relies on reflection: it supports neither trimming nor native AOT.
        app.Append("#:property PublishAot=false\n#:property PublishTrimmed=false\n");
        // Notebook code is written for a script: do not fail its build on warnings.
        app.Append("#:property TreatWarningsAsErrors=false\n#:property Nullable=disable\n\n");
        // The kernel's own imports first, so cells that relied on them compile as an app too.
        foreach (var directive in Kernels.WorkbooksKernel.DefaultUsings.Select(ns => $"using {ns};").Concat(usings).Distinct()) app.Append(directive).Append('\n');
        app.Append($"\nvar {report} = new AppReport(\"{title}\");\n\n");
        app.Append(body);
        app.Append(report).Append(".Save(AppContext.GetData(\"EntryPointFileDirectoryPath\") as string ?? Environment.CurrentDirectory);\n");
        if (types.Length > 0) app.Append('\n').Append(types);
        return app.ToString();
    }

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"]+))?"\s*$""")]
    private static partial Regex NugetReference();
}
