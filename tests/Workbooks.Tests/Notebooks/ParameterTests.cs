using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Parameters;
using Xunit;

namespace Workbooks.Tests.Notebooks;

public sealed class ParameterTests
{
    [Theory]
    [InlineData("7", "int")]
    [InlineData("-12", "int")]
    [InlineData("3000000000", "long")]
    [InlineData("0.25", "double")]
    [InlineData("1e-3", "double")]
    [InlineData("true", "bool")]
    [InlineData("False", "bool")]
    [InlineData("2024-01-31", "DateTime")]
    [InlineData("2024-01-31T10:20:30Z", "DateTime")]
    [InlineData("2024-01-31T10:20:30+02:00", "DateTimeOffset")]
    [InlineData("2024-13-45", "string")]
    [InlineData("NaN", "string")]
    [InlineData("hello world", "string")]
    [InlineData("", "string")]
    public void Values_are_typed_by_inference(string value, string type) =>
        Assert.Equal(type, NotebookParameter.Parse("x=" + value).InferredType);

    [Fact]
    public void Declared_type_wins_and_literals_are_invariant()
    {
        Assert.Equal("long rows = 1000L;", NotebookParameter.Parse("rows=1000").ToDeclaration("long"));
        Assert.Equal("double t = 1d;", NotebookParameter.Parse("t=1").ToDeclaration("double"));
        Assert.Equal("string s = \"12\";", NotebookParameter.Parse("s=12").ToDeclaration("string"));
        Assert.Equal("decimal m = 1.50m;", NotebookParameter.Parse("m=1.50").ToDeclaration("decimal"));
        Assert.Equal("DateOnly d = new global::System.DateOnly(2024, 2, 29);", NotebookParameter.Parse("d=2024-02-29").ToDeclaration("DateOnly"));
        Assert.StartsWith("DateTime when = global::System.DateTime.Parse(\"2024-01-31T10:20:30.0000000Z\"", NotebookParameter.Parse("when=2024-01-31T10:20:30Z").ToDeclaration(null));
    }

    [Fact]
    public void Doc_example_prints_what_it_says()
    {
        Assert.Equal("string name = \"x\\\"; Environment.Exit(7); \\\"\";", NotebookParameter.Parse("name=x\"; Environment.Exit(7); \"").ToDeclaration(declaredType: null));
        Assert.Equal("long rows = 1000L;", NotebookParameter.Parse("rows=1000").ToDeclaration("long"));
    }

    [Theory]
    [InlineData("x\"; Environment.Exit(7); \"")]
    [InlineData("\\\"; } class X { \"")]
    [InlineData("line1\nline2\r\n\t\u2028end")]
    [InlineData("{0} @\"verbatim\" $\"{1}\"")]
    public void Every_string_becomes_one_literal_that_parses_back_to_itself(string value)
    {
        var declaration = NotebookParameter.Parse("v=" + value).ToDeclaration("string");
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(declaration,
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script));
        Assert.Empty(tree.GetDiagnostics());
        var literals = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax>().ToList();
        Assert.Equal(value, Assert.Single(literals).Token.ValueText);
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=3")]
    [InlineData("1x=3")]
    [InlineData("class=3")]
    [InlineData("a b=3")]
    public void Bad_names_are_rejected(string assignment) =>
        Assert.Throws<ParameterException>(() => NotebookParameter.Parse(assignment));

    [Fact]
    public void Mismatched_or_unsupported_declared_types_are_rejected()
    {
        Assert.Contains("not a valid int", Assert.Throws<ParameterException>(() => NotebookParameter.Parse("n=1.5").ToDeclaration("int")).Message);
        Assert.Contains("declared as 'List<int>'", Assert.Throws<ParameterException>(() => NotebookParameter.Parse("n=1").ToDeclaration("List<int>")).Message);
    }

    [Fact]
    public void Declared_types_come_from_top_level_declarations_only()
    {
        var types = ParameterInjector.DeclaredTypes("int rows = 3;\nvar name = \"a\";\nSystem.Double t = 1, u = 2;\nvoid F() { long hidden = 1; }");
        Assert.Equal("int", types["rows"]);
        Assert.Equal("var", types["name"]);
        Assert.Equal("System.Double", types["u"]);
        Assert.False(types.ContainsKey("hidden"));
    }

    [Fact]
    public void Injected_cell_replaces_an_old_one_and_follows_the_parameters_cell()
    {
        var doc = NotebookDocument.Parse("""
            {"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[
             {"cell_type":"markdown","metadata":{},"source":"# t"},
             {"cell_type":"code","metadata":{"tags":["parameters"]},"source":["int n = 1;"],"outputs":[],"execution_count":null},
             {"cell_type":"code","metadata":{"tags":["injected-parameters"]},"source":["int n = 5;"],"outputs":[],"execution_count":null},
             {"cell_type":"code","metadata":{},"source":["n"],"outputs":[],"execution_count":null}]}
            """, "t.ipynb");
        var undeclared = ParameterInjector.Inject(doc, [NotebookParameter.Parse("n=9"), NotebookParameter.Parse("extra=x")]);
        Assert.Equal(["extra"], undeclared);
        Assert.Equal(4, doc.Cells.Count);
        Assert.Equal(["injected-parameters"], doc.Cells[2].Tags);
        Assert.Contains("int n = 9;", doc.Cells[2].Source);
        Assert.Contains("string extra = \"x\";", doc.Cells[2].Source);
        Assert.Null(doc.Cells[2].SourceNumber);
    }

    [Fact]
    public void Without_a_parameters_cell_the_values_go_first()
    {
        var doc = NotebookDocument.Parse("""{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},"source":"1","outputs":[],"execution_count":null}]}""", "t.ipynb");
        ParameterInjector.Inject(doc, [NotebookParameter.Parse("a=1")]);
        Assert.Equal(NotebookCell.InjectedParametersTag, doc.Cells[0].Tags.Single());
    }
}
