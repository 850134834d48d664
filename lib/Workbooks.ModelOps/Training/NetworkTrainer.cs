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
    public double BestValidationLoss => BestEpoch == 0 ? double.NaN : ValidationLoss[BestEpoch - 1];
    public double TotalSeconds => SetupSeconds + EpochSeconds.Sum();
    /// <summary>Minibatch epochs per second of their wall time (0 when none ran).</summary>
    public double EpochsPerSecond => Epochs == 0 ? 0 : Epochs / EpochSeconds.Take(Epochs).Sum();

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
        var (kept, held) = SplitRows(data.Rows, options.ValidationFraction, options.Seed);
        // Full-batch iterations run on standardized features either way (a change of variables: far better conditioned);
        // without Standardize their penalty is put back on the raw weights (below), so the objective is the one asked for.
        // The statistics come from the training rows in place, and each row is copied out already scaled: one pass
        // that writes, where splitting, then scaling the copies took three (most of the setup at a million rows).
        var scaling = options.Standardize || options.FullBatchIterations > 0 ? FeatureScaling.Fit(data, kept) : null;
        var train = scaling is not null ? scaling.Copy(data, kept) : held.Length == 0 ? data : data.Take(kept);
        var validation = scaling is not null ? scaling.Copy(data, held) : data.Take(held);
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
            int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
            var start = FullBatchPolish.SampledStart(shape, train, penalty, threads, best, options.Seed + 2);
            var polish = new FullBatchPolish(shape, train, penalty, threads);
            foreach (var p in polish.Iterate(start, options.FullBatchIterations))
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

    /// <summary>The learning rate of <paramref name="epoch"/> (0-based) under the schedule.</summary>
    public static float Rate(NetworkOptions options, int epoch) => options.Schedule switch
    {
        LearningRateSchedule.Cosine => (float)(options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs))),
        _ => (float)options.LearningRate,
    };

    /// <summary>A seeded split into training and validation rows (validation rows in their original order).</summary>
    public static (TrainingData Train, TrainingData Validation) Split(TrainingData data, double fraction, int seed)
    {
        var (kept, held) = SplitRows(data.Rows, fraction, seed);
        return held.Length == 0 ? (data, data.Take(held)) : (data.Take(kept), data.Take(held));
    }

    /// <summary>The rows <see cref="Split"/> keeps for training and holds out, each in ascending order: the first
    /// round(rows·fraction) of a seeded shuffle are held out (at least one and one left, when the fraction is above 0).</summary>
    internal static (int[] Kept, int[] Held) SplitRows(int rows, double fraction, int seed)
    {
        int holdout = fraction > 0 ? Math.Clamp((int)Math.Round(rows * fraction), 1, rows - 1) : 0;
        var order = Enumerable.Range(0, rows).ToArray();
        if (holdout > 0) new SeededRandom(seed).Shuffle(order);
        // Marking then one ordered sweep gives both sets sorted in linear time (sorting 900k rows cost ~60 ms).
        var isHeld = new bool[rows];
        for (int i = 0; i < holdout; i++) isHeld[order[i]] = true;
        var kept = new int[rows - holdout]; var held = new int[holdout];
        for (int r = 0, k = 0, h = 0; r < rows; r++)
            if (isHeld[r]) held[h++] = r; else kept[k++] = r;
        return (kept, held);
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
