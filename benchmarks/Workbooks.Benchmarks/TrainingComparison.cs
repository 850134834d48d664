using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;

namespace Workbooks.Benchmarks;

/// <summary>
/// The GPU-training issue's figures in one run, each measured once after a warm-up on small data (BenchmarkDotNet's
/// repeated runs of minute-long trainings do not fit the shared machine; <see cref="TrainingBenchmarks"/> has them):
/// time to ML.NET's validation loss (logistic: L-BFGS and SDCA; regression: SDCA), epochs per second, tree-ensemble
/// batch scoring against ML.NET's Transform, and MMD with permutations. With a CUDA device (or --gpu) the GPU rows
/// are added; the same binary runs on the device machine (benchmarks/gpu/run.sh).
/// Against L-BFGS (and SDCA regression) ours runs twice: up to <c>--full-batch</c> full-batch L-BFGS iterations
/// (NetworkOptions.FullBatchIterations) from the initial parameters, and <c>--epochs</c> minibatch epochs (cosine
/// schedule) before them; against SDCA (logistic) up to 8 minibatch epochs; all stop at ML.NET's loss.
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- training [ROWS] [--mmd ROWS_PER_SIDE (0: skip)] [--mmd-dims 8,64] [--threads N] [--lr-per-mille N] [--epochs N] [--full-batch N] [--skip-scoring] [--no-gpu]
/// </summary>
public static class TrainingComparison
{
    private static double _learningRate = 0.05;
    private static int _epochs = 1, _fullBatch = 30;

    public static void Run(string[] args)
    {
        int rows = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 1_000_000;
        int mmdRows = Option(args, "--mmd", 5000), threads = Option(args, "--threads", Environment.ProcessorCount);
        _learningRate = Option(args, "--lr-per-mille", 50) / 1000.0;
        _epochs = Option(args, "--epochs", 1); _fullBatch = Option(args, "--full-batch", 30);
        int i = Array.IndexOf(args, "--mmd-dims");
        var mmdDims = i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(int.Parse).ToArray() : [10];
        GpuDevice? gpu = args.Contains("--no-gpu") ? null : GpuDevice.CudaAvailable() ? GpuDevice.Open(DeviceChoice.Gpu) : null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {threads} threads for the CPU path; GPU: {gpu?.ToString() ?? "none found (CPU figures only)"}");
        Warm(threads, gpu);
        Logistic(rows, threads, gpu);
        Regression(rows, threads, gpu);
        if (!args.Contains("--skip-scoring")) Scoring(rows, threads, gpu);
        if (mmdRows >= 2) Workbooks.GpuBench.MmdRows.Run(mmdRows, mmdDims, gpu);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    // Every timed run starts after a full collection and a pause, as BenchmarkDotNet's iterations do: a background
    // collection of the previous trainer's garbage, still sweeping, slowed whichever run came next by up to 0.2 s.
    private static void Quiet()
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        Thread.Sleep(200);
    }

    // JIT and first-use costs out of every timed run, ML.NET's trainers' included: three rounds with pauses, so that
    // tiered compilation has promoted the hot loops (a single warm-up left ours at tier 0 for its first 0.3 s).
    private static void Warm(int threads, GpuDevice? gpu)
    {
        for (int round = 0; round < 3; round++) { WarmOnce(threads, gpu); Thread.Sleep(300); }
    }

    private static void WarmOnce(int threads, GpuDevice? gpu)
    {
        var small = new TrainingBenchmarkData(20_000, 64, regression: false);
        var ml = new MLContext(1);
        ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = 1, NumberOfThreads = threads }).Fit(small.View(ml, small.Train));
        ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = threads }).Fit(small.View(ml, small.Train));
        var smallRegression = new TrainingBenchmarkData(20_000, 64, regression: true);
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads }).Fit(smallRegression.View(ml, smallRegression.Train));
        Ours(small, threads, null, null, 1, fullBatch: 2);
        Ours(smallRegression, threads, null, null, 1, fullBatch: 2);
        if (gpu is not null) Ours(small, threads, gpu, null, 1);
    }

    // The trainer splits data.All with the same seed and fraction as the data did, so it validates on the rows ML.NET's models are measured on.
    // With full-batch iterations the features are not standardized, so the penalty is on the raw weights and ours
    // minimises exactly ML.NET L-BFGS's objective (standardizing moves the optimum by more than L-BFGS's tolerance).
    private static NetworkFit Ours(TrainingBenchmarkData data, int threads, GpuDevice? gpu, double? target, int epochs, int batch = 512, int fullBatch = 0) =>
        NetworkTrainer.Fit(data.All, NetworkShape.For(data.Regression ? ModelTask.Regression : ModelTask.Binary, data.Train.Columns, [], 2, Activation.Relu),
            new NetworkOptions
            {
                Epochs = epochs, BatchSize = batch, LearningRate = _learningRate, Schedule = LearningRateSchedule.Cosine, L2Regularization = 1.0 / data.Train.Rows, Threads = threads, Patience = 3,
                StopAtValidationLoss = target, ValidationFraction = TrainingBenchmarkData.ValidationFraction, FullBatchIterations = fullBatch, Standardize = fullBatch == 0,
                Backend = gpu is null ? new CpuTrainingBackend(threads) : new GpuTrainingBackend(gpu), Seed = 42,
            });

    private static double LossOf(TrainingBenchmarkData data, float[] weights, float bias)
    {
        var shape = NetworkShape.For(data.Regression ? ModelTask.Regression : ModelTask.Binary, data.Train.Columns, [], 2, Activation.Relu);
        return NetworkTrainer.Loss(shape, [.. weights, bias], data.Validation);
    }

    private static void Logistic(int rows, int threads, GpuDevice? gpu)
    {
        var data = new TrainingBenchmarkData(rows, 64, regression: false);
        var ml = new MLContext(1);
        var train = data.View(ml, data.Train);
        Quiet();
        var clock = Stopwatch.StartNew();
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = 1, NumberOfThreads = threads }).Fit(train).Model.SubModel;
        double lbfgsSeconds = clock.Elapsed.TotalSeconds, lbfgsLoss = LossOf(data, lbfgs.Weights.ToArray(), lbfgs.Bias);
        Quiet();
        clock.Restart();
        var sdca = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = threads }).Fit(train).Model.SubModel;
        double sdcaSeconds = clock.Elapsed.TotalSeconds, sdcaLoss = LossOf(data, sdca.Weights.ToArray(), sdca.Bias);
        Console.WriteLine($"\n## Logistic regression, {rows:N0} x 64 ({data.Train.Rows:N0} training rows), validation log-loss");
        Header();
        var details = new List<string>();
        // L-BFGS's exact optimum is the full-batch finish's work, from the initial parameters or after an Adam epoch;
        // SDCA's looser loss is a minibatch epoch's.
        foreach (var (name, seconds, loss, epochs, fullBatch) in new[] { ("ML.NET L-BFGS", lbfgsSeconds, lbfgsLoss, 0, _fullBatch), ("ML.NET L-BFGS", lbfgsSeconds, lbfgsLoss, _epochs, _fullBatch), ("ML.NET SDCA", sdcaSeconds, sdcaLoss, 8, 0) })
        {
            Quiet();
            Line(name, seconds, loss, Ours(data, threads, null, loss, epochs, fullBatch: fullBatch), details);
            if (gpu is not null && epochs > 0) { Quiet(); Line(name, seconds, loss, Ours(data, threads, gpu, loss, epochs, fullBatch: fullBatch), details); }
        }
        Details(details);
    }

    private static void Header()
    {
        Console.WriteLine("| ML.NET trainer | seconds | validation loss | ours | device | ours to the same loss (s) | speed-up | epochs/s |");
        Console.WriteLine("|---|---:|---:|---|---|---:|---:|---:|");
    }

    private static void Line(string name, double seconds, double loss, NetworkFit fit, List<string> details)
    {
        bool reached = fit.ValidationLoss.Min() <= loss;
        string ours = fit.Epochs == 0 ? $"{fit.FullBatchIterations} full-batch iterations, sampled start"
            : $"{fit.Epochs} Adam epoch{(fit.Epochs == 1 ? "" : "s")}{(fit.FullBatchIterations > 0 ? $" + {fit.FullBatchIterations} full-batch" : "")}";
        string device = fit.Device.StartsWith("CPU", StringComparison.Ordinal) ? "CPU" : "GPU";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {seconds:0.00} | {loss:0.000000} | {ours} | {device} | {(reached ? $"{fit.TotalSeconds:0.00}" : $"not reached ({fit.ValidationLoss.Min():0.000000} after {fit.TotalSeconds:0.00})")} | {(reached ? $"{seconds / fit.TotalSeconds:0.0}x" : "-")} | {(fit.Epochs > 0 ? fit.EpochsPerSecond.ToString("0.00", CultureInfo.InvariantCulture) : "-")} |"));
        details.Add(string.Create(CultureInfo.InvariantCulture,
            $"- against {name}, {ours} on the {device}: setup {fit.SetupSeconds:0.000} s, then {string.Join(", ", fit.EpochSeconds.Zip(fit.ValidationLoss, (t, l) => $"{t:0.000} s ({l:0.000000})"))}"));
    }

    private static void Details(List<string> details)
    {
        Console.WriteLine("\nEach run's setup (split, scaling), then each epoch's or full-batch iteration's time and validation loss:");
        foreach (var line in details) Console.WriteLine(line);
    }

    private static void Regression(int rows, int threads, GpuDevice? gpu)
    {
        var data = new TrainingBenchmarkData(rows, 64, regression: true);
        var ml = new MLContext(1);
        Quiet();
        var clock = Stopwatch.StartNew();
        var sdca = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads }).Fit(data.View(ml, data.Train)).Model;
        double seconds = clock.Elapsed.TotalSeconds, loss = LossOf(data, sdca.Weights.ToArray(), sdca.Bias);
        Console.WriteLine($"\n## Linear regression, {rows:N0} x 64, validation MSE");
        Header();
        // Least squares is where the full-batch finish shines: SDCA's MSE is near the exact optimum, which minibatch
        // epochs approach only slowly (six epochs at 1M rows) and L-BFGS reaches in a few iterations.
        var details = new List<string>();
        foreach (int epochs in new[] { 0, _epochs })
        {
            Quiet();
            Line("ML.NET SDCA", seconds, loss, Ours(data, threads, null, loss, epochs, fullBatch: _fullBatch), details);
            if (gpu is not null && epochs > 0) { Quiet(); Line("ML.NET SDCA", seconds, loss, Ours(data, threads, gpu, loss, epochs, fullBatch: _fullBatch), details); }
        }
        Details(details);
    }

    /// <summary>The tree-scoring part alone: ... -- tree-scoring [ROWS] [--threads N].</summary>
    internal static void Scoring(int rows, int threads, GpuDevice? gpu)
    {
        var data = new TrainingBenchmarkData(Math.Min(rows, 200_000), 64, regression: false);
        var ml = new MLContext(1);
        var model = ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options { NumberOfTrees = 100, NumberOfLeaves = 20, NumberOfThreads = 1 })
            .Fit(data.View(ml, data.Train));
        var big = new TrainingBenchmarkData(rows, 64, regression: false, seed: 7).Train;
        var view = data.View(ml, big);
        var clock = Stopwatch.StartNew();
        var scored = model.Transform(view);
        var column = scored.Schema["Probability"];
        float sink = 0;
        using (var cursor = scored.GetRowCursor([column]))
        {
            var get = cursor.GetGetter<float>(column);
            float p = 0;
            while (cursor.MoveNext()) { get(ref p); sink += p; }
        }
        double mlnet = clock.Elapsed.TotalSeconds;
        var trees = TreeEnsembleArrays.From(model.Model.SubModel.TrainedTreeEnsemble.Trees);
        var ensemble = new CompiledEnsemble(ModelTask.Binary, 64, [trees], [new PlattScaling(model.Model.Calibrator.Slope, model.Model.Calibrator.Offset)]);
        var scores = new float[big.Rows];
        var plain = ensemble.With(TreeTraversal.Plain);   // row by row, one tree at a time: ML.NET's own walk
        ensemble.ScoreBatch(big.Features, Math.Min(10_000, big.Rows), scores, threads);   // JIT before timing
        plain.ScoreBatch(big.Features, Math.Min(10_000, big.Rows), scores, threads);
        clock.Restart();
        plain.ScoreBatch(big.Features, big.Rows, scores, threads);
        double walked = clock.Elapsed.TotalSeconds;
        clock.Restart();
        ensemble.ScoreBatch(big.Features, big.Rows, scores, 1);
        double oneThread = clock.Elapsed.TotalSeconds;
        clock.Restart();
        ensemble.ScoreBatch(big.Features, big.Rows, scores, threads);
        double compiled = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"\n## Tree-ensemble batch scoring (FastTree, 100 trees x 20 leaves), {big.Rows:N0} rows x 64");
        Console.WriteLine("| path | seconds | rows/s | vs ML.NET Transform |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ML.NET Transform (IDataView cursor) | {mlnet:0.000} | {big.Rows / mlnet:N0} | 1.0x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compiled arrays, plain walk row by row, {threads} threads | {walked:0.000} | {big.Rows / walked:N0} | {mlnet / walked:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compiled ensemble, {CompiledEnsemble.WalkBlockRows}-row blocks tree by tree, 1 thread | {oneThread:0.000} | {big.Rows / oneThread:N0} | {mlnet / oneThread:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compiled ensemble, {CompiledEnsemble.WalkBlockRows}-row blocks tree by tree, {threads} threads | {compiled:0.000} | {big.Rows / compiled:N0} | {mlnet / compiled:0.0}x |"));
        if (gpu is null) return;
        using var kernel = new TreeScoringKernel(gpu, ensemble);
        kernel.Score(big.Features, Math.Min(1000, big.Rows));   // compile
        clock.Restart();
        var gpuScores = kernel.Score(big.Features, big.Rows);
        double total = clock.Elapsed.TotalSeconds;
        var (kernelSeconds, bandwidth) = kernel.TimeKernel(big.Features, big.Rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GPU kernel incl. transfers | {total:0.000} | {big.Rows / total:N0} | {mlnet / total:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GPU kernel alone | {kernelSeconds:0.0000} | {big.Rows / kernelSeconds:N0} | {mlnet / kernelSeconds:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel reads {bandwidth.BytesPerSecond / 1e9:0.0} GB/s of features and nodes; device peak {bandwidth.PeakBytesPerSecond / 1e9:0.0} GB/s => {bandwidth.Fraction:P1} of peak"));
        int differ = 0;
        for (int i = 0; i < scores.Length; i++) if (Math.Abs(scores[i] - gpuScores[i]) > 2.4e-7 * Math.Max(1e-3, Math.Abs(scores[i]))) differ++;
        Console.WriteLine($"GPU scores differing from the compiled CPU scores beyond float precision: {differ} of {scores.Length:N0}");
        Console.WriteLine($"(sink {sink})");
    }
}
