using System.Security.Cryptography;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Registry;
using Xunit;

namespace Workbooks.Tests.Registry;

/// <summary>The registry in one process: versions, aliases and their history, lineage, decisions, verification.</summary>
public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ModelRegistry Open() => ModelRegistry.Open(Path.Combine(_dir, "reg"));

    private static MemoryStream Bytes(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Versions_are_numbered_per_model_from_one_and_keep_what_was_recorded()
    {
        var registry = Open();
        var a1 = registry.Register("a", Bytes("one"), "one.zip", new RegisterOptions
        {
            Description = "first", Tags = new Dictionary<string, string> { ["team"] = "ml" },
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.875, ["auc"] = 0.9 }, CreatedBy = "notebook",
            Lineage = new ModelLineage { Dataset = "elec2", Range = DataRange.Time(new DateTime(1996, 5, 7), new DateTime(1998, 12, 5)), RowCount = 45_312,
                Trainer = "FastTree", Hyperparameters = new Dictionary<string, string> { ["trees"] = "100" }, GitCommit = "abc123" },
        });
        var a2 = registry.Register("a", Bytes("two"), options: new RegisterOptions { Lineage = new ModelLineage { ParentVersion = 1 } });
        var b1 = registry.Register("b", Bytes("one"));
        Assert.Equal((1, 2, 1), (a1.Version, a2.Version, b1.Version));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("one"u8)), a1.Sha256);
        Assert.Equal(a1.Sha256, b1.Sha256);   // same bytes, one stored file
        Assert.Equal(2, Directory.GetFiles(Path.Combine(registry.Directory, "files")).Length);

        var back = ModelRegistry.Open(registry.Directory, create: false).Get("a:1");
        Assert.Equal(("first", "ml", 0.875, "notebook", "one.zip", 3L), (back.Description, back.Tags["team"], back.Metrics["accuracy"], back.CreatedBy, back.SourceFile, back.SizeBytes));
        Assert.Equal(new DataRange("time", "1996-05-07T00:00:00", "1998-12-05T00:00:00"), back.Lineage.Range);
        Assert.Equal((45_312L, "FastTree", "100", "abc123"), (back.Lineage.RowCount!.Value, back.Lineage.Trainer, back.Lineage.Hyperparameters["trees"], back.Lineage.GitCommit));
        Assert.Equal(1, registry.Get("a:2").Lineage.ParentVersion);
        Assert.Equal(2, registry.Get("a").Version);   // a bare name is the latest version
        Assert.Equal(2, registry.Get("a@latest").Version);
        Assert.Equal(["a", "b"], registry.List().Select(m => m.Name));
        Assert.Equal((2, 2), (registry.List()[0].LatestVersion, registry.List()[0].VersionCount));
    }

    [Fact]
    public void Lineage_of_a_table_is_its_row_count_and_the_sha256_of_its_canonical_csv()
    {
        var table = new Table([TableColumn.Numerical("x", [1, 2.5, double.NaN]), TableColumn.Categorical("c", ["a", "b,c", null])]);
        var lineage = ModelLineage.ForTable("toy", table, DataRange.Rows(0, 3));
        using var csv = new MemoryStream();
        TableCsvWriter.Write(table, csv);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv.ToArray())), lineage.DataSha256);
        Assert.Equal((3L, "toy", "rows 0..3"), (lineage.RowCount!.Value, lineage.Dataset, lineage.Range!.ToString()));
        var other = ModelLineage.ForTable("toy", new Table([TableColumn.Numerical("x", [1, 2.5, 3]), TableColumn.Categorical("c", ["a", "b,c", null])]));
        Assert.NotEqual(lineage.DataSha256, other.DataSha256);
    }

    [Fact]
    public void Aliases_move_and_repeated_rollbacks_walk_back_through_their_history()
    {
        var registry = Open();
        for (int i = 1; i <= 3; i++) registry.Register("m", Bytes($"v{i}"));
        registry.SetAlias("m", "champion", 1, "cli");
        registry.SetAlias("m", "champion", 2);
        registry.SetAlias("m", "champion", 3);
        Assert.Equal("unchanged", registry.SetAlias("m", "champion", 3).Kind);
        Assert.Equal(2, registry.Rollback("m", "champion").ToVersion);
        Assert.Equal(1, registry.Rollback("m", "champion").ToVersion);   // not back to 3: a rollback is undone by promoting
        var stuck = Assert.Throws<ModelRegistryException>(() => registry.Rollback("m", "champion"));
        Assert.Equal("Alias 'champion' of model 'm' has no earlier version to roll back to (it is at version 1).", stuck.Message);
        registry.SetAlias("m", "champion", 3);
        Assert.Equal(1, registry.Rollback("m", "champion").ToVersion);
        Assert.Equal(["champion"], registry.Get("m:1").Aliases);

        registry.DeleteAlias("m", "champion");
        Assert.Null(registry.TryResolveAlias("m", "champion"));
        Assert.Equal(1, registry.Rollback("m", "champion").ToVersion);   // a deletion is undone like a move
        var history = registry.AliasHistory("m", "champion");
        Assert.Equal(["set", "set", "set", "rollback", "rollback", "set", "rollback", "delete", "rollback"], history.Select(h => h.Kind));
        Assert.Equal(Enumerable.Range(1, 9), history.Select(h => h.Sequence));
        Assert.All(history.Skip(1).Zip(history), p => Assert.Equal(p.Second.ToVersion, p.First.FromVersion));   // each move starts where the last ended
        Assert.Equal("cli", history[0].By);
    }

    [Fact]
    public void Bad_references_and_moves_fail_with_one_line_naming_what_is_wrong()
    {
        var registry = Open();
        registry.Register("m", Bytes("x"));
        Assert.Equal("Model 'm' has no version 5 (its versions are 1 to 1).", Assert.Throws<ModelRegistryException>(() => registry.SetAlias("m", "champion", 5)).Message);
        Assert.Equal("No model named 'n' is registered (registered: m).", Assert.Throws<ModelRegistryException>(() => registry.Get("n")).Message);
        Assert.Equal("Model 'm' has no alias 'champion' (its aliases: latest).", Assert.Throws<ModelRegistryException>(() => registry.Get("m@champion")).Message);
        Assert.Contains("cannot be moved", Assert.Throws<ModelRegistryException>(() => registry.SetAlias("m", "latest", 1)).Message);
        Assert.Contains("not a model name", Assert.Throws<FormatException>(() => registry.Register("bad name", Bytes("x"))).Message);
        Assert.Contains("not an alias", Assert.Throws<FormatException>(() => registry.SetAlias("m", "9lives", 1)).Message);
        Assert.Contains("no version 4 to be the parent", Assert.Throws<ModelRegistryException>(() =>
            registry.Register("m", Bytes("y"), options: new RegisterOptions { Lineage = new ModelLineage { ParentVersion = 4 } })).Message);
        Assert.Single(registry.Versions("m"));   // the failed registration left nothing behind
        Assert.Throws<ModelRegistryException>(() => ModelRegistry.Open(Path.Combine(_dir, "missing"), create: false));
    }

    [Fact]
    public void A_missing_or_corrupted_file_is_named_with_its_model_and_version_on_load()
    {
        var registry = Open();
        var v = registry.Register("bike", Bytes("weights"));
        var (loaded, text) = registry.Load("bike:1", File.ReadAllText);
        Assert.Equal((1, "weights"), (loaded.Version, text));
        var path = Path.Combine(registry.Directory, "files", v.Sha256);

        File.WriteAllText(path, "weightz");
        var corrupt = Assert.Throws<ModelFileException>(() => registry.Load("bike:1", File.ReadAllText));
        Assert.Equal(("bike", 1, path), (corrupt.Name, corrupt.Version, corrupt.FilePath));
        Assert.StartsWith($"Model 'bike' version 1: its file '{path}' is corrupted (SHA-256 ", corrupt.Message);

        File.Delete(path);
        Assert.Equal($"Model 'bike' version 1: its file '{path}' is missing from the registry.",
            Assert.Throws<ModelFileException>(() => registry.GetVerifiedFile(registry.Get("bike:1"))).Message);
        registry.Register("bike", Bytes("weights"));   // registering the same bytes again restores the file
        Assert.Equal(path, registry.GetVerifiedFile(registry.Get("bike:1")));
    }

    [Fact]
    public void Decisions_are_recorded_with_their_evidence()
    {
        var registry = Open();
        registry.Register("m", Bytes("1"));
        registry.Register("m", Bytes("2"));
        var recorded = registry.RecordDecision(new RetrainingDecision
        {
            Name = "m", Trigger = "drift:adwin", ChampionVersion = 1, ChallengerVersion = 2,
            TrainRange = DataRange.Rows(1000, 5000), HoldoutRange = DataRange.Rows(5000, 6000),
            ChampionMetrics = new Dictionary<string, double> { ["accuracy"] = 0.71 }, ChallengerMetrics = new Dictionary<string, double> { ["accuracy"] = 0.74 },
            Promoted = false, DryRun = true, Reason = "dry run",
        });
        registry.RecordDecision(recorded with { Id = 0, At = default, Trigger = "schedule", Promoted = true, DryRun = false });
        var decisions = registry.Decisions("m");
        Assert.Equal([1, 2], decisions.Select(d => d.Id));
        var first = decisions[0];
        Assert.Equal(("drift:adwin", 1, 2, "rows 1000..5000", "rows 5000..6000", 0.71, 0.74, false, true, "dry run", "policy"),
            (first.Trigger, first.ChampionVersion, first.ChallengerVersion, first.TrainRange!.ToString(), first.HoldoutRange!.ToString(),
             first.ChampionMetrics["accuracy"], first.ChallengerMetrics["accuracy"], first.Promoted, first.DryRun, first.Reason, first.CreatedBy));
        Assert.True(decisions[1].Promoted);
    }

    [Fact]
    public void Threads_registering_at_once_get_distinct_consecutive_versions()
    {
        var registry = Open();
        var versions = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => versions.Add(registry.Register("m", Bytes($"model {i}")).Version));
        Assert.Equal(Enumerable.Range(1, 12), versions.Order());
    }

    [Fact]
    public void Reads_leave_the_change_stamp_alone_and_every_write_moves_it()
    {
        // The alias watcher opens the catalog only when this stamp moves: reads must not move it, writes must.
        var registry = Open();
        registry.Register("m", Bytes("1"));
        var before = registry.ChangeStamp();
        registry.List(); registry.Get("m"); registry.TryResolveAlias("m", "champion");
        Assert.Equal(before, registry.ChangeStamp());
        registry.SetAlias("m", "champion", 1);
        var afterMove = registry.ChangeStamp();
        Assert.NotEqual(before, afterMove);
        registry.Register("m", Bytes("2"));
        Assert.NotEqual(afterMove, registry.ChangeStamp());
    }

    [Fact]
    public void The_model_can_carry_a_description_and_tags()
    {
        var registry = Open();
        registry.Register("m", Bytes("1"));
        registry.SetModelInfo("m", "demand per hour", new Dictionary<string, string> { ["owner"] = "ops" });
        var model = registry.List().Single();
        Assert.Equal(("demand per hour", "ops"), (model.Description, model.Tags["owner"]));
    }
}
