namespace Workbooks.Walkthroughs;

/// <summary>
/// A labelled monitoring setup to check an estimator against: a reference table and an analysis table that
/// both carry the monitored model's output and the truth, and the chunks of the analysis table. Built by
/// <see cref="EstimationScenarios"/> from real datasets.
/// </summary>
/// <param name="Name">Short name, e.g. <c>adult-by-age</c>.</param>
/// <param name="Description">How the data was split and what shift the analysis period holds.</param>
/// <param name="Reference">Reference rows: features, model output and truth.</param>
/// <param name="Analysis">Analysis rows in monitoring order.</param>
/// <param name="Features">The model's input columns.</param>
/// <param name="Chunks">Chunks of <paramref name="Analysis"/>.</param>
public abstract record EstimationScenario(string Name, string Description, Table Reference, Table Analysis,
    IReadOnlyList<string> Features, IReadOnlyList<Chunk> Chunks)
{
    /// <summary>Runs the scenario's estimator with labels, so every chunk has estimated and realized values.</summary>
    public abstract PerformanceEstimate Run();
}

/// <summary>A binary classifier scenario: columns <see cref="Score"/> (P(positive)), <see cref="Prediction"/> and <see cref="Label"/> (0/1).</summary>
public sealed record ClassificationScenario(string Name, string Description, Table Reference, Table Analysis,
    IReadOnlyList<string> Features, IReadOnlyList<Chunk> Chunks) : EstimationScenario(Name, Description, Reference, Analysis, Features, Chunks)
{
    public const string Score = "score", Prediction = "prediction", Label = "label";

    /// <summary>CBPE fitted on the reference rows (with the given options).</summary>
    public BinaryCbpe FitCbpe(CbpeOptions? options = null) =>
        BinaryCbpe.Fit(BinaryColumns.Scores(Reference, Score), BinaryColumns.Classes(Reference, Prediction), BinaryColumns.Classes(Reference, Label), options);

    /// <summary>The estimates of a fitted CBPE on the analysis chunks, with the realized values filled in.</summary>
    public PerformanceEstimate Estimate(BinaryCbpe cbpe) =>
        cbpe.Estimate(BinaryColumns.Scores(Analysis, Score), BinaryColumns.Classes(Analysis, Prediction), Chunks, BinaryColumns.Classes(Analysis, Label));

    /// <summary>CBPE fitted on the reference with <paramref name="options"/>, then <see cref="Estimate"/>.</summary>
    public PerformanceEstimate Run(CbpeOptions? options) => Estimate(FitCbpe(options));

    public override PerformanceEstimate Run() => Run(null);
}

/// <summary>A regression scenario: columns <see cref="Prediction"/> and <see cref="Target"/>.</summary>
public sealed record RegressionScenario(string Name, string Description, Table Reference, Table Analysis,
    IReadOnlyList<string> Features, IReadOnlyList<Chunk> Chunks) : EstimationScenario(Name, Description, Reference, Analysis, Features, Chunks)
{
    public const string Prediction = "prediction", Target = "target";

    /// <summary>DLE fitted on the reference rows and run on the analysis chunks, with realized values.</summary>
    public PerformanceEstimate Run(DleOptions? options) =>
        Dle.Fit(Reference, Features, Prediction, Target, options).Estimate(Analysis, Chunks, Target);

    public override PerformanceEstimate Run() => Run(null);
}
