using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// The full-batch finish of a training run (<see cref="NetworkOptions.FullBatchIterations"/>): L-BFGS (Nocedal and
/// Wright, Numerical Optimization, 2nd ed., algorithm 7.4, memory 10, backtracking Armijo line search) on the exact
/// training objective, mean loss + λ/2·‖W‖², from the minibatch run's best parameters. Minibatch steps end at a noise
/// floor above the optimum (each step's gradient is a sample); a few quasi-Newton steps on every row remove it.
/// Hand-written rather than MathNet's LimitedMemoryBfgsMinimizer because the trainer needs each iterate: it measures
/// the validation loss after every one, keeps the best and stops at a target loss. The objective is summed per
/// fixed chunk of rows (float within a chunk, as the minibatch path, then double), chunks spread over the cores
/// and added in chunk order, so the result does not depend on the thread count. Runs on the CPU for every backend:
/// each iteration is one or two passes over the training rows.
/// </summary>
internal sealed class FullBatchPolish
{
    private const int ChunkRows = 4096, Memory = 10;
    private readonly NetworkShape _shape;
    private readonly TrainingData _train;
    private readonly double[] _penalty;
    private readonly int _threads;
    private readonly double[] _chunkLoss;
    private readonly double[][] _chunkGrad;

    /// <param name="shape">The network.</param>
    /// <param name="train">The training rows, as the minibatch steps see them.</param>
    /// <param name="penalty">Per parameter, λ of its λ/2·p² term (0 for biases; see <see cref="UniformPenalty"/>).</param>
    /// <param name="threads">Cores to spread the rows over.</param>
    public FullBatchPolish(NetworkShape shape, TrainingData train, double[] penalty, int threads)
    {
        _shape = shape; _train = train; _penalty = penalty; _threads = Math.Max(1, threads);
        int chunks = (train.Rows + ChunkRows - 1) / ChunkRows;
        _chunkLoss = new double[chunks];
        _chunkGrad = Enumerable.Range(0, chunks).Select(_ => new double[shape.ParameterCount]).ToArray();
    }

    /// <summary>The objective at <paramref name="p"/> and its gradient (written into <paramref name="grad"/>).</summary>
    public double Evaluate(float[] p, double[] grad)
    {
        Parallel.For(0, _chunkLoss.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            () => (Acts: _shape.Sizes.Select(s => new float[s]).ToArray(), Delta: _shape.Sizes.Select(s => new float[s]).ToArray(), Grad: new float[p.Length]),
            (c, _, buffers) =>
            {
                Array.Clear(buffers.Grad);
                int from = c * ChunkRows, to = Math.Min(_train.Rows, from + ChunkRows), cols = _train.Columns;
                double loss = 0;
                if (_shape.Layers == 1 && _shape.Outputs == 1)
                {
                    // A linear model with one output (logistic or linear regression): the same formulas without copying
                    // each row into the activation buffers; these passes are most of the finish's time.
                    var w = p.AsSpan(_shape.WeightOffset(0), cols); var gw = buffers.Grad.AsSpan(_shape.WeightOffset(0), cols);
                    float b = p[_shape.BiasOffset(0)];
                    Span<float> z = stackalloc float[1], dz = stackalloc float[1];
                    float gb = 0;
                    for (int row = from; row < to; row++)
                    {
                        var x = _train.Features.AsSpan(row * cols, cols);
                        z[0] = b + System.Numerics.Tensors.TensorPrimitives.Dot(w, x);
                        loss += NetworkMath.Loss(_shape.Loss, z, _train.Targets[row], default);
                        NetworkMath.Loss(_shape.Loss, z, _train.Targets[row], dz);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, dz[0], gw, gw);
                        gb += dz[0];
                    }
                    buffers.Grad[_shape.BiasOffset(0)] = gb;
                }
                else for (int row = from; row < to; row++)
                {
                    NetworkMath.Forward(_shape, p, _train.Features.AsSpan(row * cols, cols), buffers.Acts);
                    loss += NetworkMath.Loss(_shape.Loss, buffers.Acts[^1], _train.Targets[row], default);
                    NetworkMath.Loss(_shape.Loss, buffers.Acts[^1], _train.Targets[row], buffers.Delta[^1]);
                    NetworkMath.Backward(_shape, p, buffers.Acts, buffers.Delta, buffers.Grad);
                }
                _chunkLoss[c] = loss;
                for (int i = 0; i < p.Length; i++) _chunkGrad[c][i] = buffers.Grad[i];
                return buffers;
            },
            _ => { });
        double value = 0;
        Array.Clear(grad);
        for (int c = 0; c < _chunkLoss.Length; c++)
        {
            value += _chunkLoss[c];
            for (int i = 0; i < grad.Length; i++) grad[i] += _chunkGrad[c][i];
        }
        value /= _train.Rows;
        for (int i = 0; i < grad.Length; i++) grad[i] /= _train.Rows;
        double penalty = 0;
        for (int i = 0; i < grad.Length; i++) { penalty += _penalty[i] * p[i] * p[i]; grad[i] += _penalty[i] * p[i]; }
        return value + penalty / 2;
    }

    /// <summary>Rows of the sampled start (<see cref="SampledStart"/>): at least this many, and a sixteenth of the training rows.</summary>
    public const int MinimumSampleRows = 16_384;

    /// <summary>
    /// A start for the finish from a seeded sample of the training rows (a sixteenth, at least
    /// <see cref="MinimumSampleRows"/>): L-BFGS on the sample's objective until it stops improving (relative decrease
    /// under 1e-9, or 50 iterations), from <paramref name="start"/>. The sample's optimum is within sampling error of
    /// the full one, so the full-data iterations that follow start close to it, and each sample iteration costs a
    /// sixteenth of a full one (the idea of dynamic sample sizes: Byrd, Chin, Nocedal and Wu, Mathematical
    /// Programming 134, 2012). Returns <paramref name="start"/> itself when the data are too small to gain from it.
    /// </summary>
    public static float[] SampledStart(NetworkShape shape, TrainingData train, double[] penalty, int threads, float[] start, int seed)
    {
        int n = Math.Max(MinimumSampleRows, train.Rows / 16);
        if (train.Rows < 4 * n) return start;
        var random = new SeededRandom(seed);
        var rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = random.Next(train.Rows);   // with replacement: no n-of-N shuffle to pay for
        Array.Sort(rows);   // read in row order
        var coarse = new FullBatchPolish(shape, train.Take(rows), penalty, threads);
        var best = start;
        double previous = double.PositiveInfinity;
        foreach (var p in coarse.Iterate(start, 50))
        {
            best = p;
            if (previous - coarse.Value <= 1e-9 * Math.Abs(coarse.Value)) break;
            previous = coarse.Value;
        }
        return best;
    }

    /// <summary>The objective at the last iterate <see cref="Iterate"/> returned (or at its start).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>λ on every weight, 0 on the biases: the trainer's penalty λ/2·‖W‖².</summary>
    public static double[] UniformPenalty(NetworkShape shape, double l2)
    {
        var penalty = new double[shape.ParameterCount];
        for (int l = 0; l < shape.Layers; l++) penalty.AsSpan(shape.WeightOffset(l), shape.BiasOffset(l) - shape.WeightOffset(l)).Fill(l2);
        return penalty;
    }

    /// <summary>Up to <paramref name="iterations"/> L-BFGS iterates from <paramref name="start"/>, each returned as it is
    /// accepted (a fresh array); ends early when no step along the search direction lowers the objective or moves a
    /// parameter at float precision.</summary>
    public IEnumerable<float[]> Iterate(float[] start, int iterations)
    {
        int n = start.Length;
        var x = start.Select(v => (double)v).ToArray();
        var g = new double[n]; var trialGrad = new double[n]; var direction = new double[n];
        var trial = new float[n];
        double f = Value = Evaluate(start, g);
        var s = new List<double[]>(); var y = new List<double[]>(); var rho = new List<double>();
        var alpha = new double[Memory];
        for (int k = 0; k < iterations; k++)
        {
            // Two-loop recursion: direction = −H·g, with H₀ = (sᵀy / yᵀy)·I from the newest pair (a plain gradient step first).
            Array.Copy(g, direction, n);
            for (int j = s.Count - 1; j >= 0; j--)
            {
                alpha[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alpha[j], y[j], direction);
            }
            double gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1.0;
            for (int i = 0; i < n; i++) direction[i] *= gamma;
            for (int j = 0; j < s.Count; j++) Axpy(alpha[j] - rho[j] * Dot(y[j], direction), s[j], direction);
            for (int i = 0; i < n; i++) direction[i] = -direction[i];
            double slope = Dot(g, direction);
            if (!(slope < 0)) yield break;   // not a descent direction: at the optimum to rounding

            double step = 1, trialValue = double.NaN;
            bool accepted = false;
            for (int halvings = 0; halvings < 20 && !accepted; halvings++, step /= 2)
            {
                bool moved = false;
                for (int i = 0; i < n; i++) { trial[i] = (float)(x[i] + step * direction[i]); moved |= trial[i] != (float)x[i]; }
                if (!moved) yield break;   // the step is below float resolution: converged as far as the parameters can say
                trialValue = Evaluate(trial, trialGrad);
                accepted = trialValue <= f + 1e-4 * step * slope;
            }
            if (!accepted) yield break;
            var sk = new double[n]; var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = trial[i] - x[i]; yk[i] = trialGrad[i] - g[i]; x[i] = trial[i]; }
            (g, trialGrad) = (trialGrad, g);
            f = Value = trialValue;
            double sy = Dot(sk, yk);
            if (sy > 1e-16 * Math.Sqrt(Dot(sk, sk) * Dot(yk, yk)))   // keep only pairs that carry curvature
            {
                if (s.Count == Memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1 / sy);
            }
            yield return (float[])trial.Clone();
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }
}
