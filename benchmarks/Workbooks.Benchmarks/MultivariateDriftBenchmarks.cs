using BenchmarkDotNet.Attributes;
using Workbooks.ModelOps.Drift.Multivariate;

namespace Workbooks.Benchmarks;

/// <summary>
/// MMD permutation test: the library (all permutations in one blocked pass over the packed kernel triangle) against the
/// textbook baseline (a loop over all pairs per permutation, summing each block by its labels).
/// Both build the same RBF kernel matrix first. Run:
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*MultivariateDriftBenchmarks*'
/// </summary>
[SimpleJob(iterationCount: 5, warmupCount: 1)]
[MemoryDiagnoser]
public class MultivariateDriftBenchmarks
{
    private const int Dims = 10, Permutations = 100;
    private double[] _x = [], _y = [];

    [Params(500, 1000)] public int RowsPerSide { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = Enumerable.Range(0, RowsPerSide * Dims).Select(_ => rng.NextDouble()).ToArray();
        _y = Enumerable.Range(0, RowsPerSide * Dims).Select(_ => rng.NextDouble() + 0.05).ToArray();
    }

    [Benchmark]
    public double Library() => MaximumMeanDiscrepancy.Test(_x, _y, Dims, new MmdOptions { Permutations = Permutations }).PValue;

    [Benchmark(Baseline = true)]
    public double PairLoopBaseline()
    {
        int m = _x.Length / Dims, n = _y.Length / Dims, total = m + n;
        var z = _x.Concat(_y).ToArray();
        var d2 = new double[total, total];
        var upper = new List<double>(total * (total - 1) / 2);
        for (int i = 0; i < total; i++)
            for (int j = i + 1; j < total; j++)
            {
                double s = 0;
                for (int f = 0; f < Dims; f++) { double d = z[i * Dims + f] - z[j * Dims + f]; s += d * d; }
                d2[i, j] = s; upper.Add(s);
            }
        upper.Sort();
        int h = upper.Count / 2;
        double median = upper.Count % 2 == 1 ? upper[h] : (upper[h - 1] + upper[h]) / 2;
        for (int i = 0; i < total; i++) for (int j = i + 1; j < total; j++) d2[i, j] = Math.Exp(-d2[i, j] / median);
        var inX = Enumerable.Range(0, total).Select(i => i < m).ToArray();
        double Statistic()
        {
            double sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < total; i++)
                for (int j = i + 1; j < total; j++)
                {
                    double k = d2[i, j];
                    if (inX[i] && inX[j]) sxx += k; else if (!inX[i] && !inX[j]) syy += k; else sxy += k;
                }
            return 2 * sxx / ((double)m * (m - 1)) + 2 * syy / ((double)n * (n - 1)) - 2 * sxy / ((double)m * n);
        }
        double observed = Statistic();
        var rng = new Random(42);
        int atLeast = 0;
        for (int b = 0; b < Permutations; b++) { rng.Shuffle(inX); if (Statistic() >= observed) atLeast++; }
        return (1.0 + atLeast) / (1.0 + Permutations);
    }
}
