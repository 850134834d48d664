using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Retraining;
using Xunit;

namespace Workbooks.Tests.Retraining;

/// <summary>A policy acting on a real registry folder: challenger registered with lineage, champion alias moved, decisions recorded.</summary>
public sealed class RegistryRetrainingStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-policy-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Promotion_moves_the_champion_alias_dry_run_only_records_and_rollback_restores_the_old_champion()
    {
        var data = BacktestTests.AbruptFlip();
        var registry = ModelRegistry.Open(Path.Combine(_dir, "reg"));
        var champion = data.Train(0, 1000);
        var v1 = registry.Register("flip", champion);
        registry.SetAlias("flip", RegistryRetrainingStore.ChampionAlias, v1.Version);
        var store = new RegistryRetrainingStore(registry, "flip-stream");
        var guards = new GuardLimits { MaxLatencyRatio = null };

        var dry = new RetrainingPolicy { Triggers = [RetrainingTrigger.NewData(1000)], Window = ChallengerWindow.LastRows(1000), HoldoutRows = 1000, Guards = guards, DryRun = true }
            .Check("flip", data, 4000, DateTime.UtcNow, champion, 1, 1000, store);
        Assert.False(dry.Promoted);
        Assert.Single(registry.Versions("flip"));
        Assert.Equal(1, registry.TryResolveAlias("flip", "champion"));

        var decision = new RetrainingPolicy { Triggers = [RetrainingTrigger.NewData(1000)], Window = ChallengerWindow.LastRows(1000), HoldoutRows = 1000, Guards = guards }
            .Check("flip", data, 4000, DateTime.UtcNow, champion, 1, 1000, store);
        Assert.True(decision.Promoted, decision.Reason);
        Assert.Equal(2, registry.TryResolveAlias("flip", "champion"));
        Assert.Equal(2, registry.TryResolveAlias("flip", "challenger"));
        var v2 = registry.Get("flip:2");
        Assert.Equal(("policy", "flip-stream", "rows 2000..3000", 1000L, 1), (v2.CreatedBy, v2.Lineage.Dataset, v2.Lineage.Range!.ToString(), v2.Lineage.RowCount!.Value, v2.Lineage.ParentVersion!.Value));
        Assert.Equal(1.0, v2.Metrics["accuracy"]);

        var recorded = registry.Decisions("flip");
        Assert.Equal([true, false], recorded.Select(d => d.DryRun));
        Assert.Equal([false, true], recorded.Select(d => d.Promoted));
        Assert.Equal("rows 3000..4000", recorded[1].HoldoutRange!.ToString());
        Assert.Equal(0.0, recorded[1].ChampionMetrics["accuracy"]);

        registry.Rollback("flip", "champion");
        Assert.Equal(1, registry.TryResolveAlias("flip", "champion"));
        Assert.Contains("Retraining decisions", store.History("flip").ToHtml());
    }
}
