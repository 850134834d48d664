using System.Text.Json;
using Workbooks.ModelOps.Data;

namespace Workbooks.Tests.Drift.Multivariate;

/// <summary>Fixture files under Fixtures/multivariate and seeded synthetic tables for the multivariate tests.</summary>
internal static class MultivariateFixtures
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "multivariate", file);

    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(PathOf(file))).RootElement;

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>A table of numbers a, b (correlated with a), c (10% missing) and a category k (a/b/c, 5% missing);
    /// <paramref name="shiftB"/> moves b's mean, <paramref name="categoryMix"/> moves the category shares.</summary>
    public static Table Synthetic(int rows, int seed, double shiftB = 0, bool categoryMix = false, string name = "synthetic")
    {
        var rng = new Random(seed);
        var a = new double[rows]; var b = new double[rows]; var c = new double[rows]; var k = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            a[i] = Normal(rng);
            b[i] = 0.6 * a[i] + 0.8 * Normal(rng) + shiftB;
            c[i] = rng.NextDouble() < 0.1 ? double.NaN : 3 + 2 * Normal(rng);
            double u = rng.NextDouble();
            k[i] = rng.NextDouble() < 0.05 ? null
                : categoryMix ? (u < 0.2 ? "a" : u < 0.4 ? "b" : "c")
                : (u < 0.5 ? "a" : u < 0.8 ? "b" : "c");
        }
        return new Table([TableColumn.Numerical("a", a), TableColumn.Numerical("b", b), TableColumn.Numerical("c", c), TableColumn.Categorical("k", k)], name);
    }

    public static readonly string[] SyntheticColumns = ["a", "b", "c", "k"];

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
