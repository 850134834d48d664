using System.Globalization;
using Xunit;

namespace Workbooks.Tests.Cli;

/// <summary>The command-line papercuts of issue #15: <c>datasets list</c> / <c>datasets show</c>, <c>drift --all</c>, and
/// <c>--tests all</c> showing in the text output.</summary>
public sealed class CliPapercutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-papercut-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Datasets_list_is_accepted_and_lists_what_the_bare_verb_lists()
    {
        var bare = CliHarness.Run("datasets");
        var list = CliHarness.Run("datasets", "list");
        Assert.Equal((0, ""), (list.Code, list.Err));
        Assert.Equal(bare.Out, list.Out);
        Assert.Contains(list.Out.Split('\n'), l => l.StartsWith("sea_abrupt ", StringComparison.Ordinal));
        var show = CliHarness.Run("datasets", "show", "sea_abrupt");
        Assert.Equal(0, show.Code);
        Assert.Equal(CliHarness.Run("datasets", "--info", "sea_abrupt").Out, show.Out);
        CliHarness.AssertBadInput(CliHarness.Run("datasets", "show", "no_such_dataset"), "no_such_dataset");
    }

    [Fact]
    public void Drift_text_lists_only_drifted_columns_unless_all_and_shows_every_test_with_tests_all()
    {
        var inv = CultureInfo.InvariantCulture;
        var r = new System.Text.StringBuilder("age,city\n");
        var c = new System.Text.StringBuilder("age,city\n");
        for (int i = 0; i < 60; i++)
        {
            r.Append(inv, $"{20 + i},{(i % 3 == 0 ? "Oslo" : "Rome")}\n");
            c.Append(inv, $"{40 + i},{(i % 3 == 1 ? "Oslo" : "Rome")}\n");
        }
        string reference = Path.Combine(_dir, "ref.csv"), current = Path.Combine(_dir, "cur.csv");
        File.WriteAllText(reference, r.ToString());
        File.WriteAllText(current, c.ToString());

        var plain = CliHarness.Run("drift", "--reference", reference, "--current", current);
        Assert.Equal(0, plain.Code);
        Assert.Contains(Lines(plain.Out), l => l.StartsWith("  age: ks score ", StringComparison.Ordinal) && l.EndsWith(") drift", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(plain.Out), l => l.StartsWith("  city:", StringComparison.Ordinal));

        var all = CliHarness.Run("drift", "--reference", reference, "--current", current, "--all");
        Assert.Contains(Lines(all.Out), l => l.StartsWith("  city: z score ", StringComparison.Ordinal) && l.EndsWith(") no drift", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(all.Out), l => l.StartsWith("      ", StringComparison.Ordinal));

        var every = CliHarness.Run("drift", "--reference", reference, "--current", current, "--all", "--tests", "all");
        var lines = Lines(every.Out);
        int age = Array.FindIndex(lines, l => l.StartsWith("  age: ks ", StringComparison.Ordinal));
        var ageOthers = lines.Skip(age + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal)).ToList();
        Assert.Contains(ageOthers, l => l.StartsWith("      wasserstein score ", StringComparison.Ordinal));
        Assert.Contains(ageOthers, l => l.StartsWith("      anderson score ", StringComparison.Ordinal));
        Assert.DoesNotContain(ageOthers, l => l.StartsWith("      ks ", StringComparison.Ordinal));   // the deciding test is on the column's line
        Assert.NotEqual(all.Out, every.Out);
    }

    private static string[] Lines(string text) => text.Replace("\r", "").Split('\n');
}
