using Workbooks.ModelOps.Tuning;
using Xunit;

namespace Workbooks.Tests.Tuning;

public class TunerTests
{
    private static readonly TuningOptions Quick = new() { Trials = 6, Folds = 3, Parallelism = 2, Seed = 11 };

    [Fact]
    public void The_same_seed_gives_the_same_trials_and_values_and_another_seed_does_not()
    {
        var data = TuningFixtures.Binary();
        var a = Tuner.Run(data, "fasttree", Quick);
        var b = Tuner.Run(data, "fasttree", Quick);
        Assert.Equal(6, a.Trials.Count);
        Assert.Equal(a.Trials.Select(t => t.Params.OrderBy(kv => kv.Key).ToList()), b.Trials.Select(t => t.Params.OrderBy(kv => kv.Key).ToList()));
        Assert.Equal(a.Trials.Select(t => t.Value), b.Trials.Select(t => t.Value));
        Assert.Equal(a.Best.Value, b.Best.Value);
        Assert.Equal(a.Best.Params, b.Best.Params);
        Assert.Equal(a.Default.Value, b.Default.Value);
        // parallel and sequential runs agree too: trials never depend on which thread finishes first
        var serial = Tuner.Run(data, "fasttree", Quick with { Parallelism = 1 });
        Assert.Equal(a.Trials.Select(t => t.Value), serial.Trials.Select(t => t.Value));
        var other = Tuner.Run(data, "fasttree", Quick with { Seed = 12 });
        Assert.NotEqual(a.Trials.Select(t => t.Params["leaves"]), other.Trials.Select(t => t.Params["leaves"]));
    }

    [Fact]
    public void Default_and_best_are_scored_on_the_same_held_out_rows_and_the_search_picks_by_validation_only()
    {
        var data = TuningFixtures.Binary();
        var result = Tuner.Run(data, "linear", Quick);
        var (search, holdout) = data.Split(0.2, Quick.Seed);
        // re-measure both on the held-out rows: the result's numbers are exactly those
        var space = SearchSpace.For("linear");
        Assert.Equal(data.Score(data.Train(search, space.Defaults with { Seed = Quick.Seed }), holdout), result.Default.Value, 12);
        Assert.Equal(data.Score(data.Train(search, space.Options(result.Best.Params, Quick.Seed)), holdout), result.Best.Value, 12);
        // the best is the trial with the best validation value, whatever the held-out rows say
        Assert.Equal(result.Trials.Max(t => t.Value), result.BestTrial.Value);
        Assert.Equal("roc_auc", result.Metric);
        Assert.InRange(result.Best.Value, 0.5, 1);
    }

    [Fact]
    public void Successive_halving_promotes_the_top_third_of_each_rung_to_three_times_the_budget()
    {
        var data = TuningFixtures.Binary();
        var result = Tuner.Run(data, "fasttree", Quick with { Searcher = "halving", Trials = 9, Resource = HalvingResource.Trees });
        var rungs = result.Trials.GroupBy(t => t.Rung).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        Assert.Equal([9, 3, 1], rungs.Select(r => r.Count));
        Assert.Equal([1 / 9.0, 1 / 3.0, 1.0], rungs.Select(r => r[0].Fidelity));
        for (int k = 0; k + 1 < rungs.Count; k++)
        {
            var top = rungs[k].OrderByDescending(t => t.Value).ThenBy(t => t.Config).Take(rungs[k].Count / 3).Select(t => t.Config).Order();
            Assert.Equal(top, rungs[k + 1].Select(t => t.Config).Order());
            // the trees budget is the drawn number of trees scaled by the rung's share
            foreach (var t in rungs[k + 1])
            {
                var first = rungs[0].Single(r => r.Config == t.Config);
                Assert.True(t.Params["trees"] >= first.Params["trees"]);
            }
        }
        Assert.Equal(rungs[^1][0].Config, result.BestTrial.Config);
        Assert.True(result.BestTrial.IsFull);
    }

    [Fact]
    public void Halving_on_rows_of_time_ordered_data_trains_the_early_rungs_on_fewer_rows()
    {
        var data = TuningFixtures.Regression();
        var result = Tuner.Run(data, "linear", Quick with { Searcher = "halving", Trials = 9 });
        Assert.Equal("mae", result.Metric);
        Assert.Equal([9, 3, 1], result.Trials.GroupBy(t => t.Rung).Select(g => g.Count()));
        Assert.Equal(result.Trials.Where(t => t.Rung == 2).Min(t => t.Value), result.BestTrial.Value);
        Assert.Contains("no trees", Assert.Throws<ArgumentException>(() => Tuner.Run(data, "linear", Quick with { Resource = HalvingResource.Trees })).Message);
    }

    [Fact]
    public void A_time_budget_stops_new_trials_once_spent()
    {
        var data = TuningFixtures.Binary(2000);
        var budget = TimeSpan.FromSeconds(2);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Tuner.Run(data, "fasttree", Quick with { Trials = 10_000, Time = budget });
        Assert.InRange(result.Trials.Count, 1, 9_999);
        // no trial started after the budget was spent, so the search ended within the budget plus the longest trial
        Assert.All(result.Trials, t => Assert.True(t.StartedAt < budget.TotalSeconds, $"trial {t.Id} started at {t.StartedAt:0.000} s"));
        Assert.True(result.Trials.Max(t => t.FinishedAt) <= budget.TotalSeconds + result.Trials.Max(t => t.Seconds) + 1e-9);
        Assert.True(clock.Elapsed.TotalSeconds < 60);
    }

    [Fact]
    public void Bad_options_are_refused_with_a_message()
    {
        var data = TuningFixtures.Binary();
        Assert.Contains("at least 1 trial", Assert.Throws<ArgumentException>(() => Tuner.Run(data, "linear", Quick with { Trials = 0 })).Message);
        Assert.Contains("No searcher 'grid'", Assert.Throws<ArgumentException>(() => Tuner.Run(data, "linear", Quick with { Searcher = "grid" })).Message);
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() => Tuner.Run(data, "linear", Quick with { Time = TimeSpan.Zero })).Message);
    }
}

public class SelectionBiasTests
{
    [Fact]
    public void Picking_among_models_by_their_score_flatters_the_pick_while_a_model_fixed_in_advance_is_unbiased()
    {
        // eight small models, each trained on a different eighth of the search rows: equal in expectation, each with its
        // own errors, so a lead on the choice half is mostly luck. (Trained on overlapping 7/8 they came out nearly
        // identical, and with no differences to select among there was no optimism to measure.)
        var data = TuningFixtures.Binary(800);
        var (search, holdout) = data.Split(0.4, seed: 2);
        var models = Enumerable.Range(0, 8).Select(i => data.Train(search.Where((_, k) => k % 8 == i).ToArray(),
            new Workbooks.ModelOps.Models.FastTreeOptions { Trees = 10, Leaves = 4 })).ToList();
        var bias = SelectionBias.Measure(data, models, holdout, fixedModel: 0, repeats: 200, seed: 3);
        Assert.True(bias.Optimism > 0.002, bias.ToString());
        Assert.True(Math.Abs(bias.FixedOnChoiceRows - bias.FixedOnFreshRows) < bias.Optimism / 2, bias.ToString());
        Assert.Contains("optimism +", bias.ToString());
    }
}

public class TuningChartsTests
{
    [Fact]
    public void The_best_so_far_chart_has_a_step_line_per_search_that_never_gets_worse()
    {
        var data = TuningFixtures.Binary();
        var options = new TuningOptions { Trials = 4, Parallelism = 2 };
        var random = Tuner.Run(data, "linear", options);
        var best = random.BestSoFar().Select(p => p.Value).ToList();
        Assert.Equal(best.OrderBy(v => v), best);
        Assert.Equal(random.BestTrial.Value, best[^1]);
        Assert.Equal(random.BestSoFar()[best.IndexOf(best[^1])].Seconds, random.SecondsToReach(random.BestTrial.Value));
        var html = Plotly.NET.GenericChart.toChartHTML(Workbooks.ModelOps.Reporting.TuningCharts.BestSoFar(random, Tuner.Run(data, "linear", options with { Searcher = "halving" })));
        Assert.Contains("random: best so far", html);
        Assert.Contains("halving: best so far", html);
        Assert.Contains("\"hv\"", html);
    }
}
