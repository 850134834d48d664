namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// Covariate shift: at the change point the input distribution P(x) moves (x1's mean from 0 to
/// <see cref="MeanShift"/>, the channel mix from 60/30/10 to 20/30/50 web/app/store) while the labelling rule
/// P(y|x) stays the same: y = 1 when x1 + 0.5·[channel = app] + ε &gt; 0.5, ε ~ N(0, 0.5²). x3 ~ N(0, 1) never
/// changes, a control that a drift test must leave alone.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new CovariateShiftGenerator().ChangePoints[0]);
/// // prints: row 5,000 (abrupt): x1 mean 0 → 1; channel mix 60/30/10 → 20/30/50
/// </code>
/// </example>
public sealed class CovariateShiftGenerator(int rows = 10_000, double meanShift = 1.0, ulong seed = 11) : IScenarioGenerator
{
    private static readonly string[] Channels = ["web", "app", "store"];
    private static readonly double[] Before = [0.6, 0.3, 0.1], After = [0.2, 0.3, 0.5];

    public double MeanShift => meanShift;
    public string Name => "covariate_shift";
    public string Description => FormattableString.Invariant($"x1 ~ N(0,1) → N({meanShift},1) and channel web/app/store 60/30/10% → 20/30/50% at row {rows / 2:N0}; x3 ~ N(0,1) unchanged; label rule unchanged (y = 1 if x1 + 0.5·[app] + N(0,0.5²) > 0.5).");
    public string Reference => "Covariate shift as defined by H. Shimodaira, \"Improving predictive inference under covariate shift by weighting the log-likelihood function\", J. Stat. Planning and Inference 90(2), 2000.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<ChangePoint> ChangePoints => [new(rows / 2, 0, FormattableString.Invariant($"x1 mean 0 → {meanShift}; channel mix 60/30/10 → 20/30/50"))];

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        var x1 = columns.Numbers("x1");
        var channel = columns.Labels("channel");
        var x3 = columns.Numbers("x3");
        var label = columns.Numbers("label");
        for (int i = 0; i < rows; i++)
        {
            bool after = i >= rows / 2;
            x1[i] = Math.Round(random.Normal(after ? meanShift : 0, 1), 4);
            channel[i] = Channels[Pick(random.NextDouble(), after ? After : Before)];
            x3[i] = Math.Round(random.Normal(), 4);
            double score = x1[i] + (channel[i] == "app" ? 0.5 : 0) + random.Normal(0, 0.5);
            label[i] = score > 0.5 ? 1 : 0;
        }
        return columns.Build(Name);
    }

    /// <summary>The index whose cumulative probability first exceeds <paramref name="u"/>.</summary>
    internal static int Pick(double u, double[] probabilities)
    {
        double cumulative = 0;
        for (int k = 0; k < probabilities.Length - 1; k++)
            if (u < (cumulative += probabilities[k])) return k;
        return probabilities.Length - 1;
    }
}
