using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>Seconds per epoch and the validation loss reached at one batch size on one backend.</summary>
public sealed record EpochTiming(string Device, int BatchSize, double SecondsPerEpoch, double ValidationLoss);

/// <summary>
/// Trains the same logistic model at several batch sizes on each backend and times the epochs: small batches pay a
/// fixed cost per step (a thread hand-off on the CPU, kernel launches on a GPU), large ones amortise it. What
/// notebook 12 charts.
/// </summary>
public static class BatchSizeSweep
{
    public static IReadOnlyList<EpochTiming> Run(TrainingData data, IEnumerable<int> batchSizes, IEnumerable<ITrainingBackend> backends, int epochs = 2, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = NetworkShape.For(ModelTask.Binary, data.Columns, [], 2, Activation.Relu);
        var result = new List<EpochTiming>();
        foreach (var backend in backends)
            foreach (int batch in batchSizes)
            {
                var fit = NetworkTrainer.Fit(data, shape, new NetworkOptions { Epochs = epochs, BatchSize = batch, Backend = backend, Seed = seed, Patience = epochs });
                // the first epoch carries one-time costs (a GPU compiles its kernels): time the later ones when there are any
                var times = fit.EpochSeconds.Count > 1 ? fit.EpochSeconds.Skip(1) : fit.EpochSeconds;
                result.Add(new EpochTiming(backend.Device, batch, times.Average(), fit.BestValidationLoss));
            }
        return result;
    }
}
