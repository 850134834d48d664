using Workbooks.ModelOps.Drift.Multivariate;
using Xunit;
using static Workbooks.Tests.Drift.Multivariate.MultivariateFixtures;

namespace Workbooks.Tests.Drift.Multivariate;

public class DomainClassifierTests
{
    [Fact]
    public void Identical_distributions_give_auc_near_half()
    {
        var r = DomainClassifier.Test(Synthetic(1500, 1), Synthetic(1500, 2), SyntheticColumns);
        Assert.InRange(r.RocAuc, 0.45, 0.55);
        Assert.False(r.DriftDetected);
        Assert.Equal(5, r.FoldAucs.Count);
    }

    [Fact]
    public void Shifted_feature_gives_high_auc_and_ranks_first()
    {
        var r = DomainClassifier.Test(Synthetic(1500, 1), Synthetic(1500, 2, shiftB: 1.0), SyntheticColumns);
        Assert.True(r.RocAuc > 0.7, $"AUC {r.RocAuc}");
        Assert.True(r.DriftDetected);
        Assert.Equal("b", r.TopFeatures[0].Column);
        Assert.True(r.TopFeatures[0].Importance > 1.5 * r.TopFeatures[1].Importance, string.Join(", ", r.TopFeatures));
        Assert.Equal(1.0, r.TopFeatures.Sum(f => f.Importance), 1e-9);
        Assert.Equal($"AUC {r.RocAuc:F2}, drift: True, top: b", $"AUC {r.RocAuc:F2}, drift: {r.DriftDetected}, top: {r.TopFeatures[0].Column}");
    }

    [Fact]
    public void Categorical_mix_change_ranks_the_category_first()
    {
        var r = DomainClassifier.Test(Synthetic(1500, 1), Synthetic(1500, 2, categoryMix: true), SyntheticColumns);
        Assert.True(r.DriftDetected, $"AUC {r.RocAuc}");
        Assert.Equal("k", r.TopFeatures[0].Column);
        Assert.Contains("<table", r.ToHtml());
    }

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        var a = DomainClassifier.Test(Synthetic(400, 1), Synthetic(400, 2, shiftB: 0.5), SyntheticColumns);
        var b = DomainClassifier.Test(Synthetic(400, 1), Synthetic(400, 2, shiftB: 0.5), SyntheticColumns);
        Assert.Equal(a.FoldAucs, b.FoldAucs);
    }

    [Fact]
    public void Stratified_folds_keep_class_shares()
    {
        var rows = Enumerable.Range(0, 103).Select(i => new DomainClassifier.Row { Label = i % 3 == 0 }).ToArray();
        var folds = DomainClassifier.StratifiedFolds(rows, 5, 42);
        for (int f = 0; f < 5; f++)
        {
            int positives = rows.Where((r, i) => folds[i] == f && r.Label).Count();
            Assert.InRange(positives, 6, 7); // 35 positives over 5 folds
        }
    }

    [Fact]
    public void Grouped_folds_keep_each_group_in_one_fold()
    {
        var rows = Enumerable.Range(0, 240).Select(i => new DomainClassifier.Row { Label = i >= 120, Group = (i >= 120 ? "c:" : "r:") + (i / 24) }).ToArray();
        var folds = DomainClassifier.StratifiedFolds(rows, 5, 7);
        foreach (var group in rows.Select((r, i) => (r.Group, Fold: folds[i])).GroupBy(x => x.Group))
            Assert.Single(group.Select(x => x.Fold).Distinct());
        Assert.All(Enumerable.Range(0, 5), f => Assert.Contains(true, rows.Where((_, i) => folds[i] == f).Select(r => r.Label)));
    }

    [Fact]
    public void Grouped_cross_validation_stops_memorising_groups()
    {
        // Each "day" has its own random level of a: with random folds the trees recognise days seen in
        // training and tell the sides apart; with days kept whole there is nothing general to learn.
        Workbooks.ModelOps.Data.Table Days(int seed, string name)
        {
            var rng = new Random(seed);
            var level = Enumerable.Range(0, 30).Select(_ => rng.NextDouble() * 10).ToArray();
            var a = Enumerable.Range(0, 720).Select(i => level[i / 24] + rng.NextDouble() * 0.01).ToArray();
            var day = Enumerable.Range(0, 720).Select(i => (string?)$"d{i / 24}").ToArray();
            return new([Workbooks.ModelOps.Data.TableColumn.Numerical("a", a), Workbooks.ModelOps.Data.TableColumn.Categorical("day", day)], name);
        }
        var reference = Days(1, "reference"); var current = Days(2, "current");
        var random = DomainClassifier.Test(reference, current, ["a"]);
        var grouped = DomainClassifier.Test(reference, current, ["a"], new DomainClassifierOptions { GroupColumn = "day" });
        Assert.True(random.RocAuc > 0.9, $"random folds AUC {random.RocAuc}");
        Assert.True(grouped.RocAuc < 0.7, $"grouped folds AUC {grouped.RocAuc}");
    }
}
