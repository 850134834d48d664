using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;

namespace Workbooks.Benchmarks;

/// <summary>
/// BenchmarkDotNet: one epoch-bounded training on synthetic 64-feature logistic data, the CPU path (Adam, batch
/// 512, 2 epochs) against ML.NET's L-BFGS and SDCA logistic regression (baseline: L-BFGS), all on every core.
/// Few iterations, as each run is seconds. The time-to-the-same-loss figures are the <c>training</c> command's.
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*TrainingBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class TrainingBenchmarks
{
    private TrainingBenchmarkData _data = null!;
    private IDataView _view = null!;
    private MLContext _ml = null!;

    [Params(1_000_000)] public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new TrainingBenchmarkData(Rows, 64, regression: false);
        _ml = new MLContext(1);
        _view = _data.View(_ml, _data.Train);
    }

    [Benchmark(Baseline = true)]
    public float MlNetLbfgs() => _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
    { L2Regularization = 1, NumberOfThreads = Environment.ProcessorCount }).Fit(_view).Model.SubModel.Bias;

    [Benchmark]
    public float MlNetSdca() => _ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
    { NumberOfThreads = Environment.ProcessorCount }).Fit(_view).Model.SubModel.Bias;

    [Benchmark]
    public double CpuPathTwoEpochs() => NetworkTrainer.Fit(_data.All, NetworkShape.For(ModelTask.Binary, 64, [], 2, Activation.Relu),
        new NetworkOptions { Epochs = 2, BatchSize = 512, L2Regularization = 1.0 / Rows, ValidationFraction = TrainingBenchmarkData.ValidationFraction, Seed = 42 }).BestValidationLoss;
}
