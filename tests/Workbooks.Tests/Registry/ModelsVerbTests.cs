using System.Text.Json;
using Workbooks.Tests.Cli;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Registry;

/// <summary><c>workbooks models ...</c> run in-process: output, JSON shape and exit codes.</summary>
public sealed class ModelsVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-models-verb-").FullName;
    private string Registry => Path.Combine(_dir, "reg");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private string Model(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private int Register(string file, params string[] extra) =>
        int.Parse(Run(["models", "register", "--registry", Registry, "--name", "bike", "--model", file, .. extra]).Out);

    [Fact]
    public void Register_promote_rollback_and_compare_walk_through_a_release()
    {
        Assert.Equal(1, Register(Model("a.zip", "A"), "--metric", "mae=41.5", "--tag", "team=ml", "--dataset", "bike_hourly", "--rows", "0..8000",
            "--trainer", "FastTree", "--param", "trees=100", "--description", "first"));
        Assert.Equal(2, Register(Model("b.zip", "B"), "--metric", "mae=39.25", "--parent", "1"));

        Assert.Equal((0, "bike@champion: (new) -> version 1 (set, move 1)\n"), Strip(Run("models", "promote", "--registry", Registry, "bike:1", "--alias", "champion")));
        Assert.Equal((0, "bike@champion: version 1 -> version 2 (set, move 2)\n"), Strip(Run("models", "promote", "--registry", Registry, "bike:2", "--alias", "champion")));
        var rollback = Run("models", "rollback", "--registry", Registry, "bike", "--alias", "champion", "--json");
        using (var move = JsonDocument.Parse(rollback.Out))
            Assert.Equal((2, 1, "rollback"), (move.RootElement.GetProperty("from_version").GetInt32(), move.RootElement.GetProperty("to_version").GetInt32(), move.RootElement.GetProperty("kind").GetString()));

        var show = Run("models", "show", "--registry", Registry, "bike@champion");
        Assert.Equal(0, show.Code);
        Assert.StartsWith("bike:1 @champion  first\n", show.Out.Replace("\r", ""));
        Assert.Contains("verified", show.Out);
        Assert.Contains("bike_hourly (rows 0..8000)", show.Out);
        Assert.Contains("FastTree trees=100", show.Out);
        Assert.Matches(@"@champion moves: \S+ \S+ set -->1, \S+ \S+ set 1->2, \S+ \S+ rollback 2->1\n", show.Out.Replace("\r", ""));

        using var shown = JsonDocument.Parse(Run("models", "show", "--registry", Registry, "bike:2", "--json").Out);
        var v2 = shown.RootElement;
        Assert.Equal((2, 39.25, 1, "cli"), (v2.GetProperty("version").GetInt32(), v2.GetProperty("metrics").GetProperty("mae").GetDouble(),
            v2.GetProperty("lineage").GetProperty("parent_version").GetInt32(), v2.GetProperty("created_by").GetString()));
        Assert.Equal(64, v2.GetProperty("sha256").GetString()!.Length);

        using var compared = JsonDocument.Parse(Run("models", "compare", "--registry", Registry, "bike:1", "bike:2", "--json").Out);
        var mae = compared.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("field").GetString() == "mae");
        Assert.Equal(-2.25, mae.GetProperty("delta").GetDouble(), 12);
        var table = Run("models", "compare", "--registry", Registry, "bike:1", "bike@champion").Out;
        Assert.Contains("dataset", table);   // bike@champion is bike:1 again: the same lineage on both sides
        Assert.DoesNotContain("differs", table);

        var list = Run("models", "list", "--registry", Registry);
        Assert.Matches(@"bike\s+2\s+2\s+champion=1", list.Out);
        using var versions = JsonDocument.Parse(Run("models", "list", "--registry", Registry, "--name", "bike", "--json").Out);
        Assert.Equal([1, 2], versions.RootElement.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    private static (int, string) Strip((int Code, string Out, string Err) r) => (r.Code, r.Out.Replace("\r", ""));

    [Theory]
    [InlineData("register --name bike --model MISSING", "--model: the file")]
    [InlineData("register --name bike --model FILE --metric mae=abc", "--metric: 'abc' is not a finite number.")]
    [InlineData("register --name bike --model FILE --tag novalue", "--tag 'novalue': expected KEY=VALUE.")]
    [InlineData("register --name bad/name --model FILE", "'bad/name' is not a model name")]
    [InlineData("register --name bike --model FILE --rows 5..2", "--rows '5..2': expected START..END")]
    [InlineData("show bike:9", "Model 'bike' has no version 9 (its versions are 1 to 1).")]
    [InlineData("show bike@champion", "Model 'bike' has no alias 'champion' (its aliases: latest).")]
    [InlineData("show nope", "No model named 'nope' is registered (registered: bike).")]
    [InlineData("promote bike --alias champion", "'bike' must name a version: NAME:VERSION.")]
    [InlineData("promote bike:1 --alias 1st", "'1st' is not an alias")]
    [InlineData("rollback bike --alias champion", "Model 'bike' has no alias 'champion' to roll back.")]
    [InlineData("compare bike:1 bike:x", "the version after ':' must be a whole number")]
    public void Bad_input_exits_2_with_one_line_naming_it(string args, string message)
    {
        Register(Model("a.zip", "A"));
        var file = Model("c.zip", "C");
        var words = args.Split(' ').Select(w => w == "FILE" ? file : w == "MISSING" ? Path.Combine(_dir, "missing.zip") : w).ToList();
        words.InsertRange(1, ["--registry", Registry]);
        var (code, output, error) = Run(["models", .. words]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_missing_registry_is_bad_input_and_a_corrupted_file_fails_show()
    {
        var missing = Run("models", "list", "--registry", Path.Combine(_dir, "none"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("There is no model registry in", missing.Err);

        Register(Model("a.zip", "A"));
        var file = Directory.GetFiles(Path.Combine(Registry, "files")).Single();
        File.WriteAllText(file, "tampered");
        var show = Run("models", "show", "--registry", Registry, "bike:1");
        Assert.Equal(1, show.Code);
        Assert.Contains("NOT VERIFIED", show.Out);
        Assert.Contains($"Model 'bike' version 1: its file '{file}' is corrupted", show.Err);
    }
}
