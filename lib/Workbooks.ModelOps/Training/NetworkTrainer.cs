using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.ModelOps.Training;

/// <summary>What a training run did: the device, the kept parameters, and per epoch the validation loss and time.</summary>
/// <param name="Device">Where it ran (<see cref="ITrainingBackend.Device"/>).</param>
/// <param name="Shape">The network trained.</param>
/// <param name="Parameters">The parameters of the best epoch (the last when there is no validation split).</param>
/// <param name="ValidationLoss">Mean validation loss after each epoch run.</param>
/// <param name="EpochSeconds">Wall time of each epoch (steps and the validation pass).</param>
/// <param name="BestEpoch">The epoch (1-based) whose parameters were kept.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run before the last epoch.</param>
/// <param name="TrainingRows">Rows stepped on.</param>
/// <param name="ValidationRows">Rows held out for early stopping.</param>
/// <param name="SetupSeconds">Time to split the data and start the backend (moving the data to the device).</param>
/// <param name="FullBatchIterations">Full-batch iterations run after the epochs (<see cref="NetworkOptions.FullBatchIterations"/>);
/// their losses and times follow the epochs' in <paramref name="ValidationLoss"/> and <paramref name="EpochSeconds"/>.</param>
public sealed record NetworkFit(string Device, NetworkShape Shape, float[] Parameters, IReadOnlyList<double> ValidationLoss,
    IReadOnlyList<double> EpochSeconds, int BestEpoch, bool StoppedEarly, int TrainingRows, int ValidationRows, double SetupSeconds,
    int FullBatchIterations = 0)
{
    /// <summary>Minibatch epochs run (full-batch iterations not counted).</summary>
    public int Epochs => EpochSeconds.Count - FullBatchIterations;
    public double BestValidationLoss => ValidationLoss.Count == 0 ? double.NaN : ValidationLoss[BestEpoch - 1];
    public double TotalSeconds => SetupSeconds + EpochSeconds.Sum();
    public double EpochsPerSecond => Epochs / EpochSeconds.Take(Epochs).Sum();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Shape} on {Device}: {Epochs} epochs ({EpochsPerSecond:0.##}/s){(FullBatchIterations > 0 ? $" + {FullBatchIterations} full-batch iterations" : "")}, best validation loss {BestValidationLoss:0.#####} at {(BestEpoch > Epochs ? $"full-batch iteration {BestEpoch - Epochs}" : $"epoch {BestEpoch}")}{(StoppedEarly ? " (stopped early)" : "")}");
}

/// <summary>
/// Trains a <see cref="NetworkShape"/> on a dense matrix with any <see cref="ITrainingBackend"/>: seeded
/// validation split, seeded initialisation, a seeded shuffle each epoch, the learning-rate schedule, and early
/// stopping that keeps the best epoch's parameters. The backend only does arithmetic, so the same seed gives the
/// same sequence of batches on every backend.
/// </summary>
/// <example>
/// <code>
/// var x = new float[200]; var y = new float[100];
/// for (int i = 0; i &lt; 100; i++) { x[2 * i] = i / 100f; x[2 * i + 1] = 1; y[i] = i &gt;= 50 ? 1 : 0; }
/// var fit = NetworkTrainer.Fit(new TrainingData(x, y, 2), NetworkShape.For(ModelTask.Binary, 2, [], 2, Activation.Relu),
///     new NetworkOptions { Epochs = 50, BatchSize = 10, LearningRate = 0.1, Patience = 50, L2Regularization = 0 });
/// Console.WriteLine(fit.BestValidationLoss &lt; 0.4);
/// // prints: True
/// </code>
/// </example>
public static class NetworkTrainer
{
    public static NetworkFit Fit(TrainingData data, NetworkShape shape, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(data); ArgumentNullException.ThrowIfNull(shape); ArgumentNullException.ThrowIfNull(options);
        options.Check();
        if (data.Columns != shape.Inputs) throw new ArgumentException($"The data have {data.Columns} features; the network reads {shape.Inputs}.");
        if (data.Rows < 2) throw new ArgumentException($"Training needs at least 2 rows, not {data.Rows}.");
        var setup = Stopwatch.StartNew();
        var (train, validation) = Split(data, options.ValidationFraction, options.Seed);
        // Full-batch iterations run on standardized features either way (a change of variables: far better conditioned);
        // without Standardize their penalty is put back on the raw weights (below), so the objective is the one asked for.
        var scaling = options.Standardize || options.FullBatchIterations > 0 ? Scaling.Fit(train) : null;
        if (scaling is not null)
        {
            if (ReferenceEquals(train, data)) train = train with { Features = (float[])train.Features.Clone() };
            scaling.Apply(train); scaling.Apply(validation);
        }
        var backend = options.Backend ?? new CpuTrainingBackend(options.Threads);
        var best = shape.Initialize(options.Seed);
        using var session = backend.Start(shape, train, validation, best, options);
        double setupSeconds = setup.Elapsed.TotalSeconds;

        var order = Enumerable.Range(0, train.Rows).ToArray();
        var shuffle = new SeededRandom(options.Seed + 1);
        var losses = new List<double>(); var times = new List<double>();
        int batches = (train.Rows + options.BatchSize - 1) / options.BatchSize, bestEpoch = 0, stale = 0;
        double bestLoss = double.PositiveInfinity;
        bool stopped = false;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            shuffle.Shuffle(order);
            session.SetOrder(order);
            float lr = Rate(options, epoch);
            for (int b = 0; b < batches; b++)
            {
                int start = b * options.BatchSize;
                session.Step(start, Math.Min(options.BatchSize, train.Rows - start), lr);
            }
            double loss = validation.Rows > 0 ? session.ValidationLoss() : double.NaN;
            times.Add(clock.Elapsed.TotalSeconds);
            losses.Add(loss);
            if (!double.IsFinite(loss) && validation.Rows > 0)
                throw new ArithmeticException($"The validation loss became {loss} at epoch {epoch + 1}; lower the learning rate ({options.LearningRate}).");
            if (validation.Rows == 0 || loss < bestLoss)
            {
                bestLoss = loss; bestEpoch = epoch + 1; stale = 0;
                session.ReadParameters(best);
            }
            else if (++stale >= options.Patience) { stopped = epoch + 1 < options.Epochs; break; }
            if (options.StopAtValidationLoss is { } target && loss <= target) { stopped = epoch + 1 < options.Epochs; break; }
        }
        int fullBatch = 0;
        if (options.FullBatchIterations > 0 && !(options.StopAtValidationLoss is { } goal && bestLoss <= goal))
        {
            var clock = Stopwatch.StartNew();
            var penalty = FullBatchPolish.UniformPenalty(shape, options.L2Regularization);
            if (!options.Standardize) scaling!.PenaltyOnRawWeights(shape, penalty);
            var polish = new FullBatchPolish(shape, train, penalty, options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
            foreach (var p in polish.Iterate(best, options.FullBatchIterations))
            {
                session.WriteParameters(p);
                double loss = validation.Rows > 0 ? session.ValidationLoss() : double.NaN;
                times.Add(clock.Elapsed.TotalSeconds); clock.Restart();
                losses.Add(loss); fullBatch++;
                if (validation.Rows == 0 || loss < bestLoss) { bestLoss = loss; bestEpoch = losses.Count; p.CopyTo(best, 0); }
                if (options.StopAtValidationLoss is { } target && loss <= target) break;
            }
        }
        scaling?.Fold(shape, best);
        var fit = new NetworkFit(backend.Device, shape, best, losses, times, bestEpoch, stopped, train.Rows, validation.Rows, setupSeconds, fullBatch);
        options.Fitted?.Invoke(fit);
        return fit;
    }

    // Per-column centring and scaling of the training rows, and its exact fold into the first layer:
    // W·((x − μ)/σ) + b = (W/σ)·x + (b − Σ W·μ/σ).
    private sealed class Scaling(double[] mean, double[] scale)
    {
        public static Scaling Fit(TrainingData train)
        {
            int d = train.Columns;
            // Sums per fixed block of rows (float SIMD within a block of 1024 rows, double across), in parallel, then the
            // blocks in order: the same result on any thread count.
            const int block = 1024;
            var f = train.Features;
            int rows = train.Rows;
            var partial = new double[(rows + block - 1) / block][];
            Parallel.For(0, partial.Length, b =>
            {
                var sum = new float[d]; var square = new float[d];
                for (int r = b * block, end = Math.Min(rows, r + block); r < end; r++)
                {
                    var row = f.AsSpan((int)((long)r * d), d);
                    TensorPrimitives.Add(sum, row, sum);
                    TensorPrimitives.MultiplyAdd(row, row, square, square);
                }
                var sums = partial[b] = new double[2 * d];
                for (int c = 0; c < d; c++) { sums[c] = sum[c]; sums[d + c] = square[c]; }
            });
            var mean = new double[d]; var square = new double[d];
            foreach (var sums in partial)
                for (int c = 0; c < d; c++) { mean[c] += sums[c]; square[c] += sums[d + c]; }
            var scale = new double[d];
            for (int c = 0; c < d; c++)
            {
                mean[c] /= Math.Max(1, train.Rows);
                double sd = Math.Sqrt(Math.Max(0, square[c] / Math.Max(1, train.Rows) - mean[c] * mean[c]));
                scale[c] = sd > 1e-12 ? sd : 1;
            }
            return new Scaling(mean, scale);
        }

        public void Apply(TrainingData data)
        {
            int d = data.Columns, rows = data.Rows;
            var f = data.Features;
            // (x − μ)·(1/σ) in float, SIMD, blocks of rows in parallel: at a million rows the scalar double division per
            // value was most of the setup. The fold uses μ and σ in double; the two agree to float rounding.
            var shift = mean.Select(m => (float)m).ToArray(); var factor = scale.Select(s => (float)(1 / s)).ToArray();
            const int block = 8192;
            Parallel.For(0, (rows + block - 1) / block, b =>
            {
                for (int r = b * block, end = Math.Min(rows, r + block); r < end; r++)
                {
                    var row = f.AsSpan((int)((long)r * d), d);
                    TensorPrimitives.Subtract(row, shift, row);
                    TensorPrimitives.Multiply(row, factor, row);
                }
            });
        }

        /// <summary>λ/2·w_raw² = λ/(2σ²)·w_scaled²: the first layer's penalties as if on the weights of the raw features.</summary>
        public void PenaltyOnRawWeights(NetworkShape shape, double[] penalty)
        {
            int d = shape.Inputs;
            for (int o = 0; o < shape.Sizes[1]; o++)
                for (int c = 0; c < d; c++) penalty[shape.WeightOffset(0) + o * d + c] /= scale[c] * scale[c];
        }

        public void Fold(NetworkShape shape, float[] p)
        {
            int d = shape.Inputs;
            for (int o = 0; o < shape.Sizes[1]; o++)
            {
                double shift = 0;
                for (int c = 0; c < d; c++)
                {
                    int w = shape.WeightOffset(0) + o * d + c;
                    shift += p[w] * mean[c] / scale[c];
                    p[w] = (float)(p[w] / scale[c]);
                }
                p[shape.BiasOffset(0) + o] = (float)(p[shape.BiasOffset(0) + o] - shift);
            }
        }
    }

    /// <summary>The learning rate of <paramref name="epoch"/> (0-based) under the schedule.</summary>
    public static float Rate(NetworkOptions options, int epoch) => options.Schedule switch
    {
        LearningRateSchedule.Cosine => (float)(options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs))),
        _ => (float)options.LearningRate,
    };

    /// <summary>A seeded split into training and validation rows (validation rows in their original order).</summary>
    public static (TrainingData Train, TrainingData Validation) Split(TrainingData data, double fraction, int seed)
    {
        int holdout = fraction > 0 ? Math.Clamp((int)Math.Round(data.Rows * fraction), 1, data.Rows - 1) : 0;
        if (holdout == 0) return (data, new TrainingData([], [], data.Columns));
        var rows = Enumerable.Range(0, data.Rows).ToArray();
        new SeededRandom(seed).Shuffle(rows);
        var held = rows[..holdout]; var kept = rows[holdout..];
        Array.Sort(held); Array.Sort(kept);
        return (data.Take(kept), data.Take(held));
    }

    /// <summary>Raw outputs z for every row of <paramref name="features"/> (row-major, <see cref="NetworkShape.Inputs"/> each).</summary>
    public static float[] Outputs(NetworkShape shape, ReadOnlySpan<float> parameters, ReadOnlySpan<float> features)
    {
        int rows = features.Length / shape.Inputs;
        var result = new float[(long)rows * shape.Outputs];
        var acts = shape.Sizes.Select(s => new float[s]).ToArray();
        for (int r = 0; r < rows; r++)
        {
            NetworkMath.Forward(shape, parameters, features.Slice(r * shape.Inputs, shape.Inputs), acts);
            acts[^1].CopyTo(result.AsSpan(r * shape.Outputs, shape.Outputs));
        }
        return result;
    }

    /// <summary>Mean loss of <paramref name="parameters"/> on <paramref name="data"/> (plus λ/2·‖W‖² when <paramref name="l2"/> &gt; 0).</summary>
    public static double Loss(NetworkShape shape, ReadOnlySpan<float> parameters, TrainingData data, double l2 = 0)
    {
        var z = Outputs(shape, parameters, data.Features);
        double sum = 0;
        for (int r = 0; r < data.Rows; r++) sum += NetworkMath.Loss(shape.Loss, z.AsSpan(r * shape.Outputs, shape.Outputs), data.Targets[r], default);
        double penalty = 0;
        for (int l = 0; l < shape.Layers; l++)
            foreach (var w in parameters.Slice(shape.WeightOffset(l), shape.Sizes[l] * shape.Sizes[l + 1])) penalty += (double)w * w;
        return sum / data.Rows + l2 / 2 * penalty;
    }

    /// <summary>The exact mean gradient of <see cref="Loss"/> (what a full-batch step uses), for checks against finite differences.</summary>
    public static float[] Gradient(NetworkShape shape, ReadOnlySpan<float> parameters, TrainingData data, double l2 = 0)
    {
        var grad = new float[shape.ParameterCount];
        var acts = shape.Sizes.Select(s => new float[s]).ToArray(); var delta = shape.Sizes.Select(s => new float[s]).ToArray();
        for (int r = 0; r < data.Rows; r++)
        {
            NetworkMath.Forward(shape, parameters, data.Features.AsSpan(r * data.Columns, data.Columns), acts);
            NetworkMath.Loss(shape.Loss, acts[^1], data.Targets[r], delta[^1]);
            NetworkMath.Backward(shape, parameters, acts, delta, grad);
        }
        for (int i = 0; i < grad.Length; i++) grad[i] /= data.Rows;
        for (int l = 0; l < shape.Layers; l++)
            for (int i = shape.WeightOffset(l); i < shape.BiasOffset(l); i++) grad[i] += (float)(l2 * parameters[i]);
        return grad;
    }
}
