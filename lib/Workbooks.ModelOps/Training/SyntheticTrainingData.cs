using Workbooks.ModelOps.Data.Generators;
namespace Workbooks.ModelOps.Training;

/// <summary>
/// Seeded synthetic training data of known form for benchmarks and walkthroughs: features uniform in [0, 1) and a
/// label from a logistic model with centred weights (about a 55/45 class balance, Bayes log-loss near 0.4), or,
/// for regression, the same linear score plus uniform noise (noise variance 1/12).
/// </summary>
/// <example>
/// <code>
/// var d = SyntheticTrainingData.Create(1000, 8, regression: false);
/// Console.WriteLine($"{d.Rows} {d.Columns} {d.Targets.Average() is > 0.3f and &lt; 0.8f}");
/// // prints: 1000 8 True
/// </code>
/// </example>
public static class SyntheticTrainingData
{
    public static TrainingData Create(int rows, int columns, bool regression, int seed = 42)
    {
        var random = new SeededRandom(seed);
        var w = Enumerable.Range(0, columns).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var x = new float[(long)rows * columns]; var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = 0.3;
            for (int c = 0; c < columns; c++) { float v = (float)random.NextDouble(); x[(long)r * columns + c] = v; s += 1.5 * w[c] * (v - 0.5); }
            y[r] = regression ? (float)(s + random.NextDouble() - 0.5) : random.NextDouble() < 1 / (1 + Math.Exp(-s)) ? 1 : 0;
        }
        return new TrainingData(x, y, columns);
    }
}
