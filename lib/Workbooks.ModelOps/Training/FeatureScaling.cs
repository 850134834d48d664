using System.Numerics.Tensors;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// Per-column centring and scaling of the training rows, and its exact fold into the first layer:
/// W·((x − μ)/σ) + b = (W/σ)·x + (b − Σ W·μ/σ).
/// </summary>
internal sealed class FeatureScaling
{
    private readonly double[] _mean, _scale;
    private readonly float[] _shift, _factor;

    private FeatureScaling(double[] mean, double[] scale)
    {
        _mean = mean; _scale = scale;
        // (x − μ)·(1/σ) in float: the fold uses μ and σ in double; the two agree to float rounding.
        _shift = mean.Select(m => (float)m).ToArray(); _factor = scale.Select(s => (float)(1 / s)).ToArray();
    }

    /// <summary>Mean and standard deviation per column over <paramref name="rows"/> of <paramref name="data"/>, read in place.</summary>
    public static FeatureScaling Fit(TrainingData data, int[] rows)
    {
        int d = data.Columns, n = rows.Length;
        // Sums per fixed block of rows (float SIMD within a block of 1024 rows, double across), in parallel, then the
        // blocks in order: the same result on any thread count.
        const int block = 1024;
        var f = data.Features;
        var partial = new double[(n + block - 1) / block][];
        Parallel.For(0, partial.Length, b =>
        {
            var sum = new float[d]; var square = new float[d];
            for (int i = b * block, end = Math.Min(n, i + block); i < end; i++)
            {
                var row = f.AsSpan((int)((long)rows[i] * d), d);
                TensorPrimitives.Add(sum, row, sum);
                TensorPrimitives.MultiplyAdd(row, row, square, square);
            }
            var sums = partial[b] = new double[2 * d];
            for (int c = 0; c < d; c++) { sums[c] = sum[c]; sums[d + c] = square[c]; }
        });
        var mean = new double[d]; var squares = new double[d];
        foreach (var sums in partial)
            for (int c = 0; c < d; c++) { mean[c] += sums[c]; squares[c] += sums[d + c]; }
        var scale = new double[d];
        for (int c = 0; c < d; c++)
        {
            mean[c] /= Math.Max(1, n);
            double sd = Math.Sqrt(Math.Max(0, squares[c] / Math.Max(1, n) - mean[c] * mean[c]));
            scale[c] = sd > 1e-12 ? sd : 1;
        }
        return new FeatureScaling(mean, scale);
    }

    /// <summary><paramref name="rows"/> of <paramref name="data"/>, copied and scaled (the caller's data are not touched).</summary>
    public TrainingData Copy(TrainingData data, int[] rows) => data.Take(rows, row =>
    {
        TensorPrimitives.Subtract(row, _shift, row);
        TensorPrimitives.Multiply(row, _factor, row);
    });

    /// <summary>λ/2·w_raw² = λ/(2σ²)·w_scaled²: the first layer's penalties as if on the weights of the raw features.</summary>
    public void PenaltyOnRawWeights(NetworkShape shape, double[] penalty)
    {
        int d = shape.Inputs;
        for (int o = 0; o < shape.Sizes[1]; o++)
            for (int c = 0; c < d; c++) penalty[shape.WeightOffset(0) + o * d + c] /= _scale[c] * _scale[c];
    }

    /// <summary>Rewrites the first layer of <paramref name="p"/> (trained on scaled features) to read raw features.</summary>
    public void Fold(NetworkShape shape, float[] p)
    {
        int d = shape.Inputs;
        for (int o = 0; o < shape.Sizes[1]; o++)
        {
            double shift = 0;
            for (int c = 0; c < d; c++)
            {
                int w = shape.WeightOffset(0) + o * d + c;
                shift += p[w] * _mean[c] / _scale[c];
                p[w] = (float)(p[w] / _scale[c]);
            }
            p[shape.BiasOffset(0) + o] = (float)(p[shape.BiasOffset(0) + o] - shift);
        }
    }
}
