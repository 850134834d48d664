using System.Diagnostics;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Tuning;

/// <summary>What successive halving shrinks on its early rungs: the training rows, or the number of trees (tree trainers).</summary>
public enum HalvingResource { Rows, Trees }

/// <summary>How a search runs. <see cref="Trials"/> is the number of configurations drawn; <see cref="Time"/>, when set, also
/// stops it (no trial starts after it).</summary>
public sealed record TuningOptions
{
    /// <summary>random or halving.</summary>
    public string Searcher { get; init; } = "random";
    public int Trials { get; init; } = 20;
    public TimeSpan? Time { get; init; }
    /// <summary>Seeds the draws, the folds, the held-out split and every trainer: the same seed gives the same trials and values.</summary>
    public int Seed { get; init; } = 1;
    public int Folds { get; init; } = 3;
    /// <summary>The share of rows held out from the search, on which the defaults and the best are measured.</summary>
    public double HoldoutFraction { get; init; } = 0.2;
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    public int Eta { get; init; } = 3;
    public HalvingResource Resource { get; init; } = HalvingResource.Rows;
    /// <summary>The space to search (default: the trainer family's built-in one).</summary>
    public SearchSpace? Space { get; init; }

    public ISearcher CreateSearcher() => Searcher switch
    {
        "random" => new RandomSearch(),
        "halving" => new SuccessiveHalving(Eta),
        _ => throw new ArgumentException($"No searcher '{Searcher}'; use random or halving."),
    };
}

/// <summary>
/// Tunes a trainer family's hyperparameters on <see cref="TuningData"/>: holds out rows the search never sees, validates
/// every trial by k-fold (or time-ordered folds for time-ordered data) on the rest, then trains the defaults and the
/// best configuration on every search row and scores both on the held-out rows. Choosing by the held-out rows instead
/// would tune on the test set and report an optimistic number.
/// </summary>
/// <example>
/// <code>
/// var days = ReplayDataset.Create(DatasetCatalog.LoadTable("bike_sharing_day"), "cnt", time: "dteday", drop: ["instant", "casual", "registered"]);
/// var data = TuningData.Create(days, timeOrdered: true);
/// var result = Tuner.Run(data, "linear", new TuningOptions { Trials = 4, Seed = 7 });
/// Console.WriteLine($"{result.Trials.Count} {result.Metric} {result.Best.Value &gt; 0}");
/// // prints: 4 mae True
/// </code>
/// </example>
public static class Tuner
{
    public static TuningResult Run(TuningData data, string trainer, TuningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TuningOptions();
        var space = options.Space ?? SearchSpace.For(trainer);
        if (options.Trials < 1) throw new ArgumentException($"A search needs at least 1 trial, not {options.Trials}.");
        if (options.Resource == HalvingResource.Trees && !space.HasTrees)
            throw new ArgumentException($"Successive halving on trees needs a tree trainer; '{space.Family}' has no trees (use rows).");
        var searcher = options.CreateSearcher();
        var clock = Stopwatch.StartNew();
        var (search, holdout) = data.Split(options.HoldoutFraction, options.Seed);
        var folds = data.Folds(search, options.Folds, options.Seed);
        var runner = new TrialRunner((point, fidelity) => Evaluate(data, space, folds, point, fidelity, options), options.Parallelism, options.Time);
        searcher.Search(space, runner, options.Trials, new SeededRandom(options.Seed), data.IsBetter);

        // the best of the highest rung any trial reached (random search: of all trials); ties to the earlier trial
        int rung = runner.Trials.Max(t => t.Rung);
        var best = runner.Trials.Where(t => t.Rung == rung && !double.IsNaN(t.Value)).Aggregate((a, b) => data.IsBetter(b.Value, a.Value) ? b : a);
        var bestOptions = space.Options(best.Params, options.Seed);
        var defaults = space.Defaults with { Seed = options.Seed };
        var defaultValue = data.Score(data.Train(search, defaults), holdout);
        var bestModel = data.Train(search, bestOptions);
        var bestValue = data.Score(bestModel, holdout);
        bestModel = bestModel.WithMetrics(new Dictionary<string, double> { [data.Metric] = bestValue });
        return new TuningResult(space.Family, searcher.Name, data.Metric, data.HigherIsBetter, new HeldOutScore(Params(defaults), defaultValue),
            new HeldOutScore(Params(bestOptions), bestValue), runner.Trials, best, bestModel, clock.Elapsed.TotalSeconds)
        {
            SearchRows = search, HoldoutRows = holdout, Options = options,
        };
    }

    /// <summary>The hyperparameters of <paramref name="options"/> a trial or report shows (the seed is the search's, not tuned).</summary>
    public static IReadOnlyDictionary<string, double> Params(TrainerOptions options) =>
        options.Hyperparameters().Where(kv => kv.Key != "seed").ToDictionary(kv => kv.Key, kv => kv.Value);

    // The mean validation value over the folds of one configuration at a share of the budget: fewer trees, or fewer training
    // rows (the most recent ones of time-ordered data, a seeded sample of others).
    private static (IReadOnlyDictionary<string, double>, double) Evaluate(TuningData data, SearchSpace space, IReadOnlyList<Fold> folds,
        IReadOnlyDictionary<string, double> point, double fidelity, TuningOptions options)
    {
        var p = new Dictionary<string, double>(point);
        if (fidelity < 1 && options.Resource == HalvingResource.Trees) p["trees"] = Math.Max(1, Math.Round(p["trees"] * fidelity));
        var trainer = space.Options(p, options.Seed);
        double sum = 0;
        foreach (var fold in folds)
        {
            var train = fold.Train;
            if (fidelity < 1 && options.Resource == HalvingResource.Rows)
            {
                int m = Math.Min(train.Length, Math.Max(20, (int)Math.Ceiling(train.Length * fidelity)));
                if (data.TimeOrdered) train = train[^m..];
                else { train = (int[])train.Clone(); new SeededRandom(options.Seed).Shuffle(train); train = train[..m]; Array.Sort(train); }
            }
            sum += data.Score(data.Train(train, trainer), fold.Validate);
        }
        return (Params(trainer), sum / folds.Count);
    }
}
