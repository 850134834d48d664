using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;

namespace Workbooks.GpuBench;

/// <summary>
/// Tree-ensemble batch scoring (FastTree, 100 trees x 20 leaves, 64 features): the compiled CPU ensemble on every core
/// against the GPU kernel (with and without transfers), the kernel's share of the device's peak memory bandwidth, and
/// how many scores differ beyond float precision.
/// </summary>
public static class TreeKernelRows
{
    public static void Run(int rows, int threads, GpuDevice? gpu)
    {
        var train = SyntheticTrainingData.Create(Math.Min(rows, 200_000), 64, regression: false);
        var ml = new MLContext(1);
        var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, train.Rows).Select(r => new Row { Label = train.Targets[r] == 1, Features = train.Features[(r * 64)..((r + 1) * 64)] }));
        var model = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 100, NumberOfLeaves = 20, NumberOfThreads = 1 }).Fit(view);
        var trees = TreeEnsembleArrays.From(model.Model.SubModel.TrainedTreeEnsemble.Trees);
        var ensemble = new CompiledEnsemble(ModelTask.Binary, 64, [trees], [new PlattScaling(model.Model.Calibrator.Slope, model.Model.Calibrator.Offset)]);
        var big = SyntheticTrainingData.Create(rows, 64, regression: false, seed: 7);
        var scores = new float[rows];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)rows * t / threads), to = (int)((long)rows * (t + 1) / threads);
            ensemble.ScoreBatch(big.Features.AsSpan(from * 64, (to - from) * 64), to - from, scores.AsSpan(from, to - from));
        });
        double compiled = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"\n## Tree-ensemble batch scoring (FastTree, 100 trees x 20 leaves), {rows:N0} rows x 64");
        Console.WriteLine("| path | seconds | rows/s | vs compiled CPU |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compiled ensemble, {threads} threads | {compiled:0.000} | {rows / compiled:N0} | 1.0x |"));
        if (gpu is null) return;
        using var kernel = new TreeScoringKernel(gpu, ensemble);
        kernel.Score(big.Features, Math.Min(1000, rows));   // compile
        clock.Restart();
        var gpuScores = kernel.Score(big.Features, rows);
        double total = clock.Elapsed.TotalSeconds;
        var (kernelSeconds, bandwidth) = kernel.TimeKernel(big.Features, rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GPU kernel incl. transfers | {total:0.000} | {rows / total:N0} | {compiled / total:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GPU kernel alone | {kernelSeconds:0.0000} | {rows / kernelSeconds:N0} | {compiled / kernelSeconds:0.0}x |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel reads {bandwidth.BytesPerSecond / 1e9:0.0} GB/s of features and nodes; device peak {bandwidth.PeakBytesPerSecond / 1e9:0.0} GB/s => {bandwidth.Fraction:P1} of peak"));
        int differ = 0;
        for (int i = 0; i < rows; i++) if (Math.Abs(scores[i] - gpuScores[i]) > 2.4e-7 * Math.Max(1e-3, Math.Abs(scores[i]))) differ++;
        Console.WriteLine($"GPU scores differing from the compiled CPU scores beyond float precision: {differ} of {rows:N0}");
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        [VectorType(64)] public float[] Features { get; set; } = [];
    }
}
