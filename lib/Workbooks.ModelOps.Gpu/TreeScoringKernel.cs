using ILGPU;
using ILGPU.Runtime;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Gpu;

/// <summary>
/// Batch scoring of a FastTree or LightGBM model on a GPU: the model's trees, read from ML.NET's own tree parameters
/// by <see cref="TreeModelReader"/>, laid out as flat node arrays on the device (leaves numbered after the splits, so
/// one comparison tells a leaf), and one thread per row walks every tree in order, summing in double as ML.NET does;
/// the Platt calibration of a binary model is applied on the host. Scores equal ML.NET's to float precision. For
/// backfills, CBPE/DLE over large logs and backtests. Regression and binary models with numerical splits.
/// </summary>
public sealed class TreeScoringKernel : IDisposable
{
    private readonly GpuDevice _device;
    private readonly CompiledEnsemble _ensemble;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _feature, _children, _roots;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _threshold;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _value;
    private readonly int _splits;
    private readonly Action<Index1D, ArrayView<float>, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, int, ArrayView<double>> _kernel;

    public TreeScoringKernel(GpuDevice device, CompiledEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(device); ArgumentNullException.ThrowIfNull(ensemble);
        if (ensemble.Task == ModelTask.Multiclass) throw new NotSupportedException("GPU tree scoring takes regression and binary models; a multiclass model scores on the CPU (CompiledEnsemble).");
        var trees = ensemble.Outputs[0];
        if (trees.Feature.Any(f => f < 0)) throw new NotSupportedException("The model has categorical splits; GPU tree scoring takes numerical splits only.");
        _device = device; _ensemble = ensemble;
        _splits = trees.NodeCount;
        int Index(int child) => child >= 0 ? child : _splits + ~child;
        var children = new int[2 * _splits];
        for (int n = 0; n < _splits; n++) { children[2 * n] = Index(trees.Left[n]); children[2 * n + 1] = Index(trees.Right[n]); }
        var value = new double[_splits + trees.LeafCount];
        trees.Leaf.CopyTo(value, _splits);
        var a = device.Accelerator;
        _feature = a.Allocate1D(Pad(trees.Feature)); _threshold = a.Allocate1D(trees.Threshold.Length == 0 ? [0f] : trees.Threshold);
        _children = a.Allocate1D(Pad(children)); _value = a.Allocate1D(value);
        _roots = a.Allocate1D(trees.Roots.Select(Index).ToArray());
        _kernel = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, int, ArrayView<double>>(Walk);
    }

    private static int[] Pad(int[] values) => values.Length == 0 ? [0] : values;

    /// <summary>Length of the prepared feature vector a row has.</summary>
    public int FeatureCount => _ensemble.FeatureCount;

    /// <summary>Scores <paramref name="rows"/> prepared feature vectors (row-major, <see cref="FeatureCount"/> each):
    /// P(positive) for a calibrated binary model, the value for regression, as <see cref="CompiledEnsemble.Score(ReadOnlySpan{float})"/>.</summary>
    public float[] Score(float[] features, int rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length < (long)rows * FeatureCount) throw new ArgumentException($"{features.Length} feature values for {rows} rows of {FeatureCount}.", nameof(features));
        var raw = Raw(features, rows);
        var scores = new float[rows];
        var platt = _ensemble.Task == ModelTask.Binary ? _ensemble.Calibration[0] : null;
        for (int r = 0; r < rows; r++) scores[r] = platt is null ? (float)raw[r] : platt.Probability((float)raw[r]);
        return scores;
    }

    /// <summary>The trees' summed outputs per row, in double, before calibration.</summary>
    public double[] Raw(float[] features, int rows)
    {
        var a = _device.Accelerator;
        using var x = a.Allocate1D<float>(Math.Max(1, (long)rows * FeatureCount));
        if (rows > 0) ((ArrayView<float>)x.View).SubView(0, (long)rows * FeatureCount).CopyFromCPU(features.AsSpan(0, rows * FeatureCount));
        using var output = a.Allocate1D<double>(Math.Max(1, rows));
        if (rows > 0) _kernel(rows, x.View, FeatureCount, _feature.View, _threshold.View, _children.View, _value.View, _roots.View, _splits, output.View);
        a.Synchronize();
        var result = new double[rows];
        if (rows > 0) ((ArrayView<double>)output.View).SubView(0, rows).CopyToCPU(result);
        return result;
    }

    /// <summary>Times the kernel alone (features already on the device, best of 5 launches) and the memory traffic it
    /// needs at least: every row's features read once and its sum written, against the device's peak bandwidth
    /// (2 × memory clock × bus width, from the driver; 0 on the CPU accelerator).</summary>
    public (double Seconds, Bandwidth Bandwidth) TimeKernel(float[] features, int rows)
    {
        var a = _device.Accelerator;
        using var x = a.Allocate1D<float>(Math.Max(1, (long)rows * FeatureCount));
        ((ArrayView<float>)x.View).SubView(0, (long)rows * FeatureCount).CopyFromCPU(features.AsSpan(0, rows * FeatureCount));
        using var output = a.Allocate1D<double>(Math.Max(1, rows));
        double best = double.PositiveInfinity;
        for (int i = 0; i < 5; i++)
        {
            a.Synchronize();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            _kernel(rows, x.View, FeatureCount, _feature.View, _threshold.View, _children.View, _value.View, _roots.View, _splits, output.View);
            a.Synchronize();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        double bytes = (double)rows * (FeatureCount * 4 + 8);
        double peak = a is ILGPU.Runtime.Cuda.CudaAccelerator cuda ? 2.0 * cuda.MemoryClockRate * 1000 * cuda.MemoryBusWidth / 8 : 0;
        return (best, new Bandwidth(bytes / best, peak));
    }

    // One row: every tree from its root until a leaf (index ≥ splits); left when the feature is ≤ the threshold, so NaN goes right as in ML.NET.
    private static void Walk(Index1D r, ArrayView<float> x, int features, ArrayView<int> feature, ArrayView<float> threshold, ArrayView<int> children,
        ArrayView<double> value, ArrayView<int> roots, int splits, ArrayView<double> output)
    {
        long row = (long)(int)r * features;
        double sum = 0;
        for (int t = 0; t < roots.IntLength; t++)
        {
            int n = roots[t];
            while (n < splits) n = children[2 * n + (x[row + feature[n]] <= threshold[n] ? 0 : 1)];
            sum += value[n];
        }
        output[r] = sum;
    }

    public void Dispose()
    {
        _feature.Dispose(); _threshold.Dispose(); _children.Dispose(); _value.Dispose(); _roots.Dispose();
    }
}

/// <summary>Memory traffic reached against the device's peak.</summary>
public sealed record Bandwidth(double BytesPerSecond, double PeakBytesPerSecond)
{
    public double Fraction => PeakBytesPerSecond > 0 ? BytesPerSecond / PeakBytesPerSecond : double.NaN;
}
