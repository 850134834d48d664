using System.Text.RegularExpressions;
using Xunit;

namespace Workbooks.Tests.Conventions;

/// <summary>
/// The library has one way to do each repeated job (seeded randomness, HTML tables, atomic writes); these scan its
/// sources so that a second way cannot come back unnoticed. A place that truly needs another way is listed with why.
/// </summary>
public class OneWayTests
{
    private static IEnumerable<(string File, int Line, string Text)> Matches(string pattern)
    {
        var lib = Path.Combine(TestEnvironment.RepoRoot, "lib");
        var regex = new Regex(pattern);
        foreach (var file in Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(lib, file).Replace('\\', '/');
            if (relative.Contains("/bin/") || relative.Contains("/obj/")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal) && regex.IsMatch(lines[i]))
                    yield return (relative, i + 1, lines[i].Trim());
        }
    }

    private static void AssertOnlyIn(string pattern, string job, params string[] allowed)
    {
        var found = Matches(pattern).Where(m => !allowed.Contains(m.File)).Select(m => $"{m.File}:{m.Line}: {m.Text}").ToList();
        Assert.True(found.Count == 0, $"{job}; found elsewhere:\n  {string.Join("\n  ", found)}");
    }

    [Fact]
    public void Seeded_randomness_comes_from_SeededRandom() =>
        // System.Random(seed) does not promise the same sequence on the next .NET version.
        AssertOnlyIn(@"new\s+Random\s*\(", "seeded draws use SeededRandom", "Workbooks.ModelOps/Data/Generators/SeededRandom.cs");

    [Fact]
    public void Html_tables_are_built_by_HtmlTable() =>
        AssertOnlyIn(@"<table[\s>""]", "HTML tables are built with HtmlTable", "Workbooks.ModelOps/Reporting/HtmlTable.cs");

    [Fact]
    public void Files_are_replaced_through_AtomicFile() =>
        AssertOnlyIn(@"File\.(Move|Replace)\s*\(", "files are written through AtomicFile",
            "Workbooks.ModelOps/Data/AtomicFile.cs",
            "Workbooks.ModelOps/Registry/ModelFileStore.cs",   // content-addressed: the name (a hash) is known only after the bytes
            "Workbooks.Cli/Verbs/CompressVerb.cs");             // moves a staging folder's finished files into place
}
