using System.Globalization;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Tuning;

/// <summary>One hyperparameter of a <see cref="SearchSpace"/>: how a value is drawn.</summary>
public abstract record Parameter(string Name)
{
    /// <summary>A value drawn from <paramref name="random"/>.</summary>
    public abstract double Sample(Random random);
}

/// <summary>An integer drawn uniformly from [<paramref name="Min"/>, <paramref name="Max"/>], or log-uniformly
/// when <paramref name="Log"/> (so 8..16 is as likely as 64..128).</summary>
public sealed record IntParameter(string Name, int Min, int Max, bool Log = false) : Parameter(Name)
{
    public override double Sample(Random random) => Log
        ? Math.Clamp(Math.Round(Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max + 0.5) - Math.Log(Min)))), Min, Max)
        : random.Next(Min, Max + 1);

    public override string ToString() => $"{Name}: integer {Min}..{Max}{(Log ? " (log)" : "")}";
}

/// <summary>A real number drawn log-uniformly from [<paramref name="Min"/>, <paramref name="Max"/>]: learning rates and
/// regularization strengths matter by their order of magnitude.</summary>
public sealed record LogUniformParameter(string Name, double Min, double Max) : Parameter(Name)
{
    public override double Sample(Random random) => Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min)));

    public override string ToString() => FormattableString.Invariant($"{Name}: log-uniform {Min}..{Max}");
}

/// <summary>One of a few <paramref name="Choices"/>, each equally likely.</summary>
public sealed record CategoricalParameter(string Name, IReadOnlyList<double> Choices) : Parameter(Name)
{
    public override double Sample(Random random) => Choices[random.Next(Choices.Count)];

    public override string ToString() => $"{Name}: one of {string.Join(", ", Choices.Select(c => c.ToString(CultureInfo.InvariantCulture)))}";
}

/// <summary>
/// The hyperparameters a search may try for one trainer family, and how a drawn point becomes that family's
/// <see cref="TrainerOptions"/> record. <see cref="For"/> gives the built-in spaces of fasttree, lightgbm and linear.
/// </summary>
/// <example>
/// <code>
/// var space = SearchSpace.For("lightgbm");
/// var point = space.Sample(new SeededRandom(1));
/// Console.WriteLine(space.Options(point, seed: 1).Family + " " + string.Join(",", point.Keys));
/// // prints: lightgbm trees,leaves,min_rows_per_leaf,learning_rate
/// </code>
/// </example>
public sealed class SearchSpace
{
    private readonly Func<IReadOnlyDictionary<string, double>, TrainerOptions> _build;

    public SearchSpace(string family, IReadOnlyList<Parameter> parameters, TrainerOptions defaults, Func<IReadOnlyDictionary<string, double>, TrainerOptions> build)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Select(p => p.Name).Distinct().Count() != parameters.Count) throw new ArgumentException("Parameter names in a search space must be distinct.");
        Family = family; Parameters = parameters; Defaults = defaults; _build = build;
    }

    /// <summary>The trainer family: fasttree, lightgbm, linear.</summary>
    public string Family { get; }
    public IReadOnlyList<Parameter> Parameters { get; }
    /// <summary>The family's options with every hyperparameter at its default (the baseline a search must beat).</summary>
    public TrainerOptions Defaults { get; }
    /// <summary>Whether <c>trees</c> is a hyperparameter (successive halving can then use it as its budget).</summary>
    public bool HasTrees => Parameters.Any(p => p.Name == "trees");

    public static IReadOnlyList<string> Families { get; } = ["fasttree", "lightgbm", "linear"];

    /// <summary>A point drawn from every parameter in order (so one seed always gives the same points).</summary>
    public IReadOnlyDictionary<string, double> Sample(Random random)
    {
        var point = new Dictionary<string, double>();
        foreach (var p in Parameters) point[p.Name] = p.Sample(random);
        return point;
    }

    /// <summary>The options record of <paramref name="point"/> (missing names keep their defaults).</summary>
    public TrainerOptions Options(IReadOnlyDictionary<string, double> point, int seed) => _build(point) with { Seed = seed };

    /// <summary>The built-in space of <paramref name="family"/>; an <see cref="ArgumentException"/> names the families otherwise.</summary>
    public static SearchSpace For(string family) => family switch
    {
        "fasttree" => Trees(family, new FastTreeOptions(), p => Fill(new FastTreeOptions(), p)),
        "lightgbm" => Trees(family, new LightGbmOptions(), p => Fill(new LightGbmOptions(), p)),
        "linear" => new SearchSpace(family,
        [
            new LogUniformParameter("l1", 1e-4, 1), new LogUniformParameter("l2", 1e-4, 10), new CategoricalParameter("max_iterations", [50, 100, 200]),
        ], new LinearOptions(), p => new LinearOptions
        {
            L1Regularization = Get(p, "l1", 0), L2Regularization = Get(p, "l2", 0.01), MaximumIterations = (int)Get(p, "max_iterations", 100),
        }),
        _ => throw new ArgumentException($"No search space for trainer '{family}'; use one of {string.Join(", ", Families)}."),
    };

    // Trees from 20 to 400 and leaves from 4 to 128 on log scales, minimum rows per leaf from a few choices, learning rate 0.01..0.3.
    private static SearchSpace Trees(string family, TrainerOptions defaults, Func<IReadOnlyDictionary<string, double>, TrainerOptions> build) => new(family,
    [
        new IntParameter("trees", 20, 400, Log: true), new IntParameter("leaves", 4, 128, Log: true),
        new CategoricalParameter("min_rows_per_leaf", [1, 5, 10, 20, 50, 100]), new LogUniformParameter("learning_rate", 0.01, 0.3),
    ], defaults, build);

    private static T Fill<T>(T o, IReadOnlyDictionary<string, double> p) where T : TreeTrainerOptions => o with
    {
        Trees = (int)Get(p, "trees", o.Trees), Leaves = Math.Max(2, (int)Get(p, "leaves", o.Leaves)),
        MinimumRowsPerLeaf = (int)Get(p, "min_rows_per_leaf", o.MinimumRowsPerLeaf), LearningRate = Get(p, "learning_rate", o.LearningRate),
    };

    private static double Get(IReadOnlyDictionary<string, double> p, string name, double fallback) => p.TryGetValue(name, out var v) ? v : fallback;

    public override string ToString() => $"{Family}: {string.Join("; ", Parameters)}";
}
