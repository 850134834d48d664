using Workbooks.Cli;
using Workbooks.ModelOps.Registry;
using Xunit;

namespace Workbooks.Tests.Registry;

/// <summary>The printed output of each public registry type's doc example.</summary>
public sealed class RegistryDocExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-registry-doc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Records_references_and_json()
    {
        Assert.Equal("rows 0..36000", DataRange.Rows(0, 36_000).ToString());
        var lineage = new ModelLineage { Dataset = "elec2", Range = DataRange.Rows(0, 1000), Trainer = "FastTree", ParentVersion = 2 };
        Assert.Equal("elec2 rows 0..1000 FastTree parent=2", $"{lineage.Dataset} {lineage.Range} {lineage.Trainer} parent={lineage.ParentVersion}");
        var r = ModelReference.Parse("bike@champion");
        Assert.Equal("bike champion - 3", $"{r.Name} {r.Alias} {r.Version?.ToString() ?? "-"} {ModelReference.Parse("bike:3").Version}");
        var move = new AliasMove("bike", "champion", 3, 2, 1, "rollback", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "cli");
        Assert.Equal("""{"name":"bike","alias":"champion","sequence":3,"from_version":2,"to_version":1,"kind":"rollback","at":"2026-01-02T03:04:05Z","by":"cli"}""", RegistryJson.Of(move));
        var a = new ModelVersionInfo("m", 1, "aa", 10, null, null, new Dictionary<string, string>(), new Dictionary<string, double> { ["accuracy"] = 0.80 }, lineage, "cli", "me", DateTime.UnixEpoch, []);
        var b = a with { Version = 2, Metrics = new Dictionary<string, double> { ["accuracy"] = 0.85 } };
        var row = VersionComparison.Of(a, b)[0];
        Assert.Equal("accuracy: 0.8 -> 0.85 (+0.05)", $"{row.Field}: {row.A} -> {row.B} ({row.Delta:+0.00})");
    }

    [Fact]
    public void ModelRegistry_registers_and_resolves_an_alias()
    {
        var registry = ModelRegistry.Open(Path.Combine(_dir, "reg"));
        var file = Path.Combine(_dir, "model.zip");
        File.WriteAllText(file, "model bytes");
        var v1 = registry.Register("bike", file, new RegisterOptions { Metrics = new Dictionary<string, double> { ["mae"] = 41.5 } });
        registry.SetAlias("bike", "champion", v1.Version);
        var champion = registry.Get("bike@champion");
        Assert.Equal("bike:1 mae=41.5 aliases=champion", $"{champion} mae={champion.Metrics["mae"]} aliases={string.Join(",", champion.Aliases)}");
    }

    [Fact]
    public void AliasWatcher_reports_each_move()
    {
        var registry = ModelRegistry.Open(Path.Combine(_dir, "reg"));
        var v1 = registry.Register("bike", new MemoryStream([1, 2, 3]));
        registry.SetAlias("bike", "champion", v1.Version);
        using var watcher = new AliasWatcher(registry, "bike", "champion");
        var printed = new List<string>();
        watcher.Changed += c => printed.Add($"now {c.Name}:{c.Version.Version} (was {c.PreviousVersion?.ToString() ?? "none"})");
        watcher.Poll();
        registry.SetAlias("bike", "champion", registry.Register("bike", new MemoryStream([4, 5])).Version);
        watcher.Poll();
        Assert.False(watcher.Poll());   // nothing moved since
        Assert.Equal(["now bike:1 (was none)", "now bike:2 (was 1)"], printed);
    }

    [Fact]
    public void The_register_verb_prints_the_new_version()
    {
        var model = Path.Combine(_dir, "model.zip");
        File.WriteAllText(model, "bytes");
        var stdout = new StringWriter();
        Assert.Equal(0, CliApp.Run(["models", "register", "--registry", Path.Combine(_dir, "reg"), "--name", "bike", "--model", model, "--metric", "mae=41.5"], stdout, new StringWriter()));
        Assert.Equal("1", stdout.ToString().Trim());
    }
}
