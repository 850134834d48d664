using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Parameters;

/// <summary>
/// Papermill's convention for C#: the values go into a new cell tagged <c>injected-parameters</c>
/// right after the cell tagged <c>parameters</c> (at the top when there is none); a previous
/// injected cell is replaced. Each value takes the type its name is declared with in the parameters cell.
/// </summary>
public static class ParameterInjector
{
    /// <summary>Inserts the injected cell; returns names given that the parameters cell does not
    /// declare (papermill injects those too, with a warning).</summary>
    public static IReadOnlyList<string> Inject(NotebookDocument document, IReadOnlyList<NotebookParameter> parameters)
    {
        if (parameters.Count == 0) return [];
        document.Cells.RemoveAll(c => c.Tags.Contains(NotebookCell.InjectedParametersTag));
        var defaultsIndex = document.Cells.FindIndex(c => c.IsCode && c.Tags.Contains(NotebookCell.ParametersTag));
        var declared = defaultsIndex >= 0 ? DeclaredTypes(document.Cells[defaultsIndex].Source) : new Dictionary<string, string>();

        var source = new StringBuilder("// Parameters injected by `workbooks run -p`.\n");
        var last = parameters.GroupBy(p => p.Name).Select(g => g.Last()).ToList();
        foreach (var parameter in last)
            source.Append(parameter.ToDeclaration(declared.GetValueOrDefault(parameter.Name))).Append('\n');
        document.Cells.Insert(defaultsIndex + 1, NotebookCell.CreateInjectedParameters(source.ToString().TrimEnd('\n')));
        return last.Where(p => !declared.ContainsKey(p.Name)).Select(p => p.Name).ToList();
    }

    /// <summary>Name to declared type ("var" included) for the top-level declarations of a cell.</summary>
    public static Dictionary<string, string> DeclaredTypes(string parametersCellSource)
    {
        var tree = CSharpSyntaxTree.ParseText(parametersCellSource, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            // Only declarations at the top of the cell, not locals inside lambdas or methods.
            if (declaration.Parent is not (FieldDeclarationSyntax or LocalDeclarationStatementSyntax)) continue;
            if (declaration.Parent.Parent is not (CompilationUnitSyntax or GlobalStatementSyntax)) continue;
            foreach (var variable in declaration.Variables)
                types[variable.Identifier.ValueText] = declaration.Type.ToString();
        }
        return types;
    }
}
