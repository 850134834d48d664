namespace Workbooks.ModelOps.Tuning;

/// <summary>A search strategy: which configurations to try, at which budgets, given a <see cref="TrialRunner"/>.</summary>
public interface ISearcher
{
    string Name { get; }

    /// <summary>Runs the search; the runner records every trial.</summary>
    void Search(SearchSpace space, TrialRunner runner, int configurations, Random random, Func<double, double, bool> isBetter);
}

/// <summary>Random search (Bergstra and Bengio 2012): <c>configurations</c> points drawn from the space, each trained with the full budget.</summary>
public sealed class RandomSearch : ISearcher
{
    public string Name => "random";

    public void Search(SearchSpace space, TrialRunner runner, int configurations, Random random, Func<double, double, bool> isBetter) =>
        runner.Run(Enumerable.Range(0, configurations).Select(i => new Candidate(i, space.Sample(random))).ToList(), 1, 0);
}

/// <summary>
/// Successive halving (Jamieson and Talwalkar 2016; the rungs of ASHA, Li et al. 2020): every configuration is first
/// trained with a small share of the budget (1/eta^K of the training rows or trees); the best 1/eta of each rung are
/// promoted to eta times the budget, until the last rung trains the survivors with the full budget. Rungs are run one
/// after another rather than asynchronously as in ASHA, so that a seeded search promotes the same configurations
/// whichever trial finishes first; trials within a rung run in parallel.
/// </summary>
public sealed class SuccessiveHalving(int eta = 3, int maxRungs = 3) : ISearcher
{
    public string Name => "halving";
    public int Eta { get; } = eta >= 2 ? eta : throw new ArgumentException($"Successive halving needs eta of at least 2, not {eta}.");
    public int MaxRungs { get; } = maxRungs >= 0 ? maxRungs : throw new ArgumentException($"maxRungs must be at least 0, not {maxRungs}.");

    /// <summary>The number of rungs after the first for <paramref name="configurations"/> configurations: each rung keeps 1/eta.</summary>
    public int Rungs(int configurations) => Math.Min(MaxRungs, (int)Math.Floor(Math.Log(Math.Max(1, configurations)) / Math.Log(Eta) + 1e-9));

    public void Search(SearchSpace space, TrialRunner runner, int configurations, Random random, Func<double, double, bool> isBetter)
    {
        var survivors = Enumerable.Range(0, configurations).Select(i => new Candidate(i, space.Sample(random))).ToList();
        int top = Rungs(configurations);
        for (int rung = 0; rung <= top && survivors.Count > 0; rung++)
        {
            var results = runner.Run(survivors, Math.Pow(Eta, rung - top), rung);
            if (rung == top || runner.OutOfTime) break;
            var byConfig = survivors.ToDictionary(c => c.Config);
            survivors = Promote(results, Eta, isBetter).Select(t => byConfig[t.Config]).ToList();
        }
    }

    /// <summary>The best max(1, ⌊n/eta⌋) of a rung's <paramref name="results"/> (ties to the earlier configuration), in their rung order.</summary>
    public static IReadOnlyList<Trial> Promote(IReadOnlyList<Trial> results, int eta, Func<double, double, bool> isBetter)
    {
        var ranked = results.Where(t => !double.IsNaN(t.Value)).ToList();
        ranked.Sort((a, b) => isBetter(a.Value, b.Value) ? -1 : isBetter(b.Value, a.Value) ? 1 : a.Config.CompareTo(b.Config));
        int keep = Math.Max(1, results.Count / eta);
        return ranked.Take(keep).OrderBy(t => t.Config).ToList();
    }
}
