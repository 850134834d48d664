namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// SEA concepts (Street and Kim, KDD 2001): three features uniform on [0, 10]; the class is 1 when
/// x1 + x2 &lt;= θ, with θ = 8, 9, 7 and 9.5 for the four concepts; x3 is irrelevant. Labels are flipped with
/// probability <see cref="Noise"/> (the paper used 10%). The concepts follow each other at evenly spaced change
/// points, abruptly or over <see cref="TransitionWidth"/> rows.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new SeaGenerator(gradual: true).ChangePoints[0]);
/// // prints: row 2,500 +/- 500 (gradual): θ 8 → 9
/// </code>
/// </example>
public sealed class SeaGenerator(bool gradual, int rows = 10_000, ulong seed = 2001, double noise = 0.10) : IScenarioGenerator
{
    /// <summary>θ per concept, from Street and Kim (2001).</summary>
    public static readonly double[] Thresholds = [8, 9, 7, 9.5];

    public int TransitionWidth => gradual ? Rows / 10 : 0;
    public double Noise => noise;
    public string Name => gradual ? "sea_gradual_drift" : "sea_abrupt_drift";
    public string Description => FormattableString.Invariant($"SEA concepts θ = 8 → 9 → 7 → 9.5 ({(gradual ? $"gradual, {TransitionWidth} rows wide" : "abrupt")}); class = 1 if x1 + x2 ≤ θ; x3 is noise; {Noise * 100}% label noise. Features keep their distribution: only P(y|x) drifts.");
    public string Reference => "W. N. Street and Y. Kim, \"A streaming ensemble algorithm (SEA) for large-scale classification\", KDD 2001.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<ChangePoint> ChangePoints => Concepts.Evenly(rows, Thresholds.Length, TransitionWidth,
        i => FormattableString.Invariant($"θ {Thresholds[i - 1]} → {Thresholds[i]}"));

    /// <summary>The noiseless SEA label of concept <paramref name="concept"/>.</summary>
    public static int Label(double x1, double x2, int concept) => x1 + x2 <= Thresholds[concept] ? 1 : 0;

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        var x1 = columns.Numbers("x1");
        var x2 = columns.Numbers("x2");
        var x3 = columns.Numbers("x3");
        var label = columns.Numbers("class");
        var changes = ChangePoints;
        for (int i = 0; i < rows; i++)
        {
            // Rounded before labelling, so the written values obey the rule exactly.
            x1[i] = Math.Round(random.Uniform(0, 10), 4);
            x2[i] = Math.Round(random.Uniform(0, 10), 4);
            x3[i] = Math.Round(random.Uniform(0, 10), 4);
            int y = Label(x1[i], x2[i], Concepts.At(i, changes, random));
            label[i] = random.Chance(noise) ? 1 - y : y;
        }
        return columns.Build(Name);
    }
}
