namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// Rotating hyperplane (Hulten, Spencer and Domingos, KDD 2001): x uniform on [0, 1]^d; class 1 when
/// Σ wᵢxᵢ ≥ w₀ with w₀ = ½ Σ wᵢ, so the classes stay balanced as the plane turns. After
/// <see cref="DriftStart"/> the first <see cref="DriftingFeatures"/> weights move by <see cref="Magnitude"/> per
/// row, each direction reversing with probability 10% per row (the paper's setting), giving incremental drift;
/// labels are flipped with probability <see cref="Noise"/> (5% in the paper).
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new RotatingHyperplaneGenerator().DriftStart);
/// // prints: 5000
/// </code>
/// </example>
public sealed class RotatingHyperplaneGenerator(int rows = 10_000, int features = 5, int driftingFeatures = 2, double magnitude = 0.01, double noise = 0.05, ulong seed = 2001) : IScenarioGenerator
{
    public int DriftStart => rows / 2;
    public int DriftingFeatures => driftingFeatures;
    public double Magnitude => magnitude;
    public double Noise => noise;
    public string Name => "hyperplane_gradual_drift";
    public string Description => FormattableString.Invariant($"Rotating hyperplane in {features} dimensions: stationary for rows 0-{DriftStart - 1:N0}, then the weights of x1..x{driftingFeatures} move {magnitude} per row (direction flips with p = 0.1); {noise * 100}% label noise. P(x) is fixed: only the boundary turns.");
    public string Reference => "G. Hulten, L. Spencer and P. Domingos, \"Mining time-changing data streams\", KDD 2001.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<ChangePoint> ChangePoints =>
        [new ChangePoint(DriftStart + (rows - DriftStart) / 2, rows - DriftStart, FormattableString.Invariant($"weights of x1..x{driftingFeatures} rotate continuously from row {DriftStart:N0} to the end"))];

    /// <summary>The weights in force for the stationary first half (the first draws of the seeded stream).</summary>
    public double[] InitialWeights() => DrawWeights(new SeededRandom(seed));

    private double[] DrawWeights(SeededRandom random) => Enumerable.Range(0, features).Select(_ => random.NextDouble()).ToArray();

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        var x = Enumerable.Range(1, features).Select(i => columns.Numbers(FormattableString.Invariant($"x{i}"))).ToArray();
        var label = columns.Numbers("class");
        var weights = DrawWeights(random);
        var direction = Enumerable.Range(0, features).Select(_ => 1.0).ToArray();
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int f = 0; f < features; f++)
            {
                x[f][i] = Math.Round(random.NextDouble(), 4);
                sum += weights[f] * x[f][i];
            }
            int y = sum >= 0.5 * weights.Sum() ? 1 : 0;
            label[i] = random.Chance(noise) ? 1 - y : y;
            if (i + 1 < DriftStart) continue;
            for (int f = 0; f < driftingFeatures; f++)
            {
                weights[f] += direction[f] * magnitude;
                if (random.Chance(0.1)) direction[f] = -direction[f];
            }
        }
        return columns.Build(Name);
    }
}
