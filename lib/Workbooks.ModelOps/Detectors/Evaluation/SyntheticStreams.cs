using Workbooks.ModelOps.Data.Generators;
namespace Workbooks.ModelOps.Detectors.Evaluation;

/// <summary>
/// Synthetic Bernoulli error streams with known changes: each value is 1 (an error) with a rate that is
/// constant, jumps (abrupt) or moves linearly over a ramp (gradual). Seeded, so runs repeat.
/// </summary>
/// <example>
/// <code>
/// var s = SyntheticStreams.Abrupt(seed: 1);
/// Console.WriteLine($"{s.Values.Length} [{string.Join(", ", s.ChangePoints)}]");
/// // prints: 40000 [10000, 20000, 30000]
/// </code>
/// </example>
public static class SyntheticStreams
{
    /// <summary>Stream length of every synthetic scenario.</summary>
    public const int Length = 40_000;
    /// <summary>Where the changes start (as in SEA and STAGGER).</summary>
    public static IReadOnlyList<int> ChangePoints { get; } = [10_000, 20_000, 30_000];
    /// <summary>Error rates of the four concepts: up, back down, up higher.</summary>
    public static IReadOnlyList<double> Rates { get; } = [0.1, 0.25, 0.1, 0.3];
    /// <summary>Width of each gradual transition.</summary>
    public const int RampWidth = 2_000;
    /// <summary>Detection window after an abrupt change.</summary>
    public const int AbruptWindow = 2_000;

    /// <summary>Error rate 0.1 → 0.25 at 10k, → 0.1 at 20k, → 0.3 at 30k, each change instant.</summary>
    public static ChangeStream Abrupt(int seed) =>
        Make("bernoulli_abrupt", seed, 0, AbruptWindow, "Bernoulli errors, rate 0.1 → 0.25 → 0.1 → 0.3, abrupt at 10k/20k/30k");

    /// <summary>The same rates, each change a linear ramp of 2,000 values starting at 10k/20k/30k.</summary>
    public static ChangeStream Gradual(int seed) =>
        Make("bernoulli_gradual", seed, RampWidth, RampWidth + AbruptWindow,
            "Bernoulli errors, rate 0.1 → 0.25 → 0.1 → 0.3, linear 2,000-value ramps from 10k/20k/30k");

    /// <summary>A constant error rate of 0.2: every detection is a false alarm.</summary>
    public static ChangeStream NoChange(int seed)
    {
        var rng = new SeededRandom(seed);
        var values = new double[Length];
        for (int i = 0; i < Length; i++) values[i] = rng.NextDouble() < 0.2 ? 1 : 0;
        return new ChangeStream("bernoulli_no_change", values, [], 0, "Bernoulli errors, constant rate 0.2");
    }

    private static ChangeStream Make(string scenario, int seed, int ramp, int window, string description)
    {
        var rng = new SeededRandom(seed);
        var values = new double[Length];
        for (int i = 0; i < Length; i++)
            values[i] = rng.NextDouble() < RateAt(i, ramp) ? 1 : 0;
        return new ChangeStream(scenario, values, ChangePoints, window, description);
    }

    /// <summary>The error rate at index i when each change takes <paramref name="ramp"/> values (0: abrupt).</summary>
    public static double RateAt(int i, int ramp)
    {
        double rate = Rates[0];
        for (int k = 0; k < ChangePoints.Count; k++)
        {
            int start = ChangePoints[k];
            if (i < start) break;
            double progress = ramp == 0 ? 1.0 : Math.Min(1.0, (i - start + 1) / (double)ramp);
            rate = Rates[k] + (Rates[k + 1] - Rates[k]) * progress;
        }
        return rate;
    }
}
