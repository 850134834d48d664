using System.Globalization;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;

namespace Workbooks.GpuBench;

/// <summary>
/// Epochs per second of the same training run on the CPU path (every core) and on the GPU backend: seeded synthetic
/// rows x 64 features, batch 512, Adam with a cosine schedule, a fixed number of epochs (no early stop), so both
/// step through the same batches; their final validation losses are printed side by side as a check.
/// </summary>
public static class TrainingRows
{
    public static void Run(int rows, int epochs, int threads, GpuDevice? gpu)
    {
        var models = new (string Name, ModelTask Task, int[] Hidden)[] { ("logistic regression", ModelTask.Binary, []), ("linear regression", ModelTask.Regression, []), ("MLP 64-32", ModelTask.Binary, [64, 32]) };
        Console.WriteLine($"\n## Training, {rows:N0} x 64, {epochs} epochs, batch 512: epochs per second");
        Console.WriteLine("| model | backend | epochs/s | setup (s) | last validation loss | GPU vs CPU |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, task, hidden) in models)
        {
            var data = SyntheticTrainingData.Create(rows, 64, task == ModelTask.Regression);
            var small = SyntheticTrainingData.Create(5000, 64, task == ModelTask.Regression);
            var shape = NetworkShape.For(task, 64, hidden, 2, Activation.Relu);
            NetworkFit Fit(TrainingData d, ITrainingBackend backend, int n) => NetworkTrainer.Fit(d, shape, new NetworkOptions
            {
                Hidden = hidden, Epochs = n, BatchSize = 512, LearningRate = 0.02, Schedule = LearningRateSchedule.Cosine, L2Regularization = 1.0 / rows,
                Patience = n, Threads = threads, Backend = backend, Seed = 42,
            });
            Fit(small, new CpuTrainingBackend(threads), 1);   // warm-up: JIT
            var cpu = Fit(data, new CpuTrainingBackend(threads), epochs);
            Print(name, cpu, null);
            if (gpu is null) continue;
            Fit(small, new GpuTrainingBackend(gpu), 1);        // warm-up: kernel compilation
            Print(name, Fit(data, new GpuTrainingBackend(gpu), epochs), cpu);
        }
    }

    private static void Print(string name, NetworkFit fit, NetworkFit? cpu) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {fit.Device} | {fit.EpochsPerSecond:0.00} | {fit.SetupSeconds:0.00} | {fit.ValidationLoss[^1]:0.000000} | {(cpu is null ? "" : $"{fit.EpochsPerSecond / cpu.EpochsPerSecond:0.0}x")} |"));
}
