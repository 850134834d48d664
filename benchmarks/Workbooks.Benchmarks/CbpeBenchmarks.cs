using BenchmarkDotNet.Attributes;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Windows;

namespace Workbooks.Benchmarks;

/// <summary>
/// CBPE on 100,000 analysis rows in 20 chunks of 5,000 (all six metrics) against the baseline of computing the
/// same six metrics with labels through the shared Metrics calculators; and fitting CBPE on 50,000 reference rows
/// (five-fold isotonic calibration check plus sampling-error model).
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*Cbpe*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class CbpeBenchmarks
{
    private double[] _refScores = [], _scores = [];
    private int[] _refPred = [], _refLabels = [], _pred = [], _labels = [];
    private IReadOnlyList<Chunk> _chunks = [];
    private BinaryCbpe _cbpe = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_refScores, _refPred, _refLabels) = Rows(50_000, 1);
        (_scores, _pred, _labels) = Rows(100_000, 2);
        _chunks = Chunker.BySize(_scores.Length, 5_000);
        _cbpe = BinaryCbpe.Fit(_refScores, _refPred, _refLabels);
    }

    private static (double[], int[], int[]) Rows(int n, int seed)
    {
        var rng = new Random(seed);
        var s = new double[n]; var p = new int[n]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            double truth = rng.NextDouble();
            s[i] = Math.Round(truth * truth, 3);   // miscalibrated, with ties, so calibration is chosen
            p[i] = s[i] >= 0.5 ? 1 : 0;
            y[i] = rng.NextDouble() < truth ? 1 : 0;
        }
        return (s, p, y);
    }

    [Benchmark(Baseline = true, Description = "realized metrics with labels (Metrics calculators)")]
    public double Realized()
    {
        double sum = 0;
        foreach (var c in _chunks)
        {
            var y = _labels.AsSpan(c.Start, c.Count);
            var cm = ClassificationMetrics.Confusion(y, _pred.AsSpan(c.Start, c.Count), 2);
            sum += cm.Accuracy + cm.Precision() + cm.Recall() + cm.F1() + ClassificationMetrics.RocAuc(y, _scores.AsSpan(c.Start, c.Count));
        }
        return sum;
    }

    [Benchmark(Description = "CBPE estimate, six metrics with bands")]
    public int Estimate() => _cbpe.Estimate(_scores, _pred, _chunks).Rows.Count;

    [Benchmark(Description = "CBPE fit on 50k reference rows")]
    public bool Fit() => BinaryCbpe.Fit(_refScores, _refPred, _refLabels).Calibration.Calibrated;
}
