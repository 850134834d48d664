using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;
using Xunit;

namespace Workbooks.Tests.Training;

public class NetworkTrainerTests
{
    [Theory]
    [InlineData("binary", new int[0])]
    [InlineData("multiclass", new[] { 8, 4 })]
    [InlineData("regression", new[] { 6 })]
    public void The_same_seed_gives_the_same_model_run_to_run_on_the_CPU_path(string task, int[] hidden)
    {
        var data = TrainingFixtures.Synthetic(600, 5, task);
        var shape = NetworkShape.For(Task(task), 5, hidden, 3, Activation.Relu);
        var options = new NetworkOptions { Hidden = hidden, Epochs = 5, BatchSize = 32, Seed = 11, Threads = 2 };
        var a = NetworkTrainer.Fit(data, shape, options);
        var b = NetworkTrainer.Fit(data, shape, options);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.ValidationLoss, b.ValidationLoss);
        var other = NetworkTrainer.Fit(data, shape, options with { Seed = 12 });
        Assert.NotEqual(a.Parameters, other.Parameters);
    }

    // The GPU kernels (run emulated on ILGPU's CPU accelerator) and the CPU path see the same batches in the same
    // order; they differ only in float summation order, so the final validation losses agree to 1e-4 relative.
    [Theory]
    [InlineData("binary", new int[0], Optimizer.Sgd)]
    [InlineData("multiclass", new[] { 6 }, Optimizer.Adam)]
    [InlineData("regression", new[] { 5, 4 }, Optimizer.Adam)]
    public void GPU_kernels_on_the_CPU_accelerator_agree_with_the_CPU_path(string task, int[] hidden, Optimizer optimizer)
    {
        var data = TrainingFixtures.Synthetic(300, 4, task);
        var shape = NetworkShape.For(Task(task), 4, hidden, 3, Activation.Tanh);
        var options = new NetworkOptions { Hidden = hidden, Activation = Activation.Tanh, Optimizer = optimizer, Epochs = 4, Standardize = task != "binary", BatchSize = 25, Seed = 5, LearningRate = 0.05, Patience = 10 };
        var cpu = NetworkTrainer.Fit(data, shape, options with { Threads = 2 });
        var gpu = NetworkTrainer.Fit(data, shape, options with { Backend = new GpuTrainingBackend(TrainingFixtures.CpuAccelerator) });
        Assert.StartsWith("CPU ", gpu.Device);
        Assert.Equal(cpu.Epochs, gpu.Epochs);
        for (int e = 0; e < cpu.Epochs; e++)
            Assert.True(Math.Abs(cpu.ValidationLoss[e] - gpu.ValidationLoss[e]) <= 1e-4 * cpu.ValidationLoss[e],
                $"epoch {e + 1}: CPU {cpu.ValidationLoss[e]:R}, GPU kernels {gpu.ValidationLoss[e]:R}");
        for (int i = 0; i < cpu.Parameters.Length; i++) Assert.Equal(cpu.Parameters[i], gpu.Parameters[i], 1e-3f);
    }

    // Central differences in double around float parameters: a step of 1e-3 and a tolerance of 2e-3 (absolute, or
    // relative for large gradients) cover the float rounding of the loss.
    [Theory]
    [InlineData("binary", new int[0], Activation.Relu)]
    [InlineData("multiclass", new[] { 5, 3 }, Activation.Tanh)]
    [InlineData("regression", new[] { 4 }, Activation.Tanh)]
    public void Gradients_equal_finite_differences(string task, int[] hidden, Activation activation)
    {
        var data = TrainingFixtures.Synthetic(40, 3, task);
        var shape = NetworkShape.For(Task(task), 3, hidden, 3, activation);
        var p = shape.Initialize(3);
        const double l2 = 0.01, h = 1e-3;
        var grad = NetworkTrainer.Gradient(shape, p, data, l2);
        for (int i = 0; i < p.Length; i++)
        {
            var plus = (float[])p.Clone(); plus[i] += (float)h;
            var minus = (float[])p.Clone(); minus[i] -= (float)h;
            double numeric = (NetworkTrainer.Loss(shape, plus, data, l2) - NetworkTrainer.Loss(shape, minus, data, l2)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(numeric - grad[i]) <= 2e-3 * Math.Max(1, Math.Abs(numeric)), $"parameter {i}: analytic {grad[i]:R}, numeric {numeric:R}");
        }
    }

    // ML.NET's L-BFGS minimises (Σ loss + c/2·‖w‖²)/N; with λ = c/N ours is the same objective. Full-batch Adam with a
    // cosine schedule reaches its optimum: every coefficient and the bias within 5e-3.
    [Fact]
    public void Logistic_regression_converges_to_MLNETs_LBFGS_optimum()
    {
        var data = TrainingFixtures.Synthetic(500, 4, "binary");
        const float c = 1f;
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, data.Rows).Select(r => new Row { Label = data.Targets[r] == 1, Features = data.Features[(r * 4)..((r + 1) * 4)] });
        var view = ml.Data.LoadFromEnumerable(rows);
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = c, L1Regularization = 0, OptimizationTolerance = 1e-10f, MaximumNumberOfIterations = 1000, NumberOfThreads = 1,
        }).Fit(view).Model.SubModel;
        var ours = NetworkTrainer.Fit(data, NetworkShape.For(ModelTask.Binary, 4, [], 2, Activation.Relu), new NetworkOptions
        {
            L2Regularization = c / data.Rows, Optimizer = Optimizer.Adam, LearningRate = 0.05, BatchSize = data.Rows, Epochs = 3000,
            ValidationFraction = 0, Schedule = LearningRateSchedule.Cosine, Seed = 1, Standardize = false,
        });
        var weights = lbfgs.Weights.ToArray();
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(weights[i] - ours.Parameters[i]) < 5e-3, $"w{i}: L-BFGS {weights[i]:R}, ours {ours.Parameters[i]:R}");
        Assert.True(Math.Abs(lbfgs.Bias - ours.Parameters[4]) < 5e-3, $"bias: L-BFGS {lbfgs.Bias:R}, ours {ours.Parameters[4]:R}");
    }

    // Two noisy minibatch epochs and then full-batch L-BFGS land on ML.NET L-BFGS's optimum (run to 1e-10) far
    // closer than minibatch steps alone can: every coefficient and the bias within 2e-4, and the exact gradient of
    // the objective at the result below 1e-5, where the minibatch epochs alone leave it above 1e-3.
    [Fact]
    public void Full_batch_iterations_reach_MLNETs_LBFGS_optimum()
    {
        var data = TrainingFixtures.Synthetic(500, 4, "binary");
        const float c = 1f;
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, data.Rows).Select(r => new Row { Label = data.Targets[r] == 1, Features = data.Features[(r * 4)..((r + 1) * 4)] });
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = c, L1Regularization = 0, OptimizationTolerance = 1e-10f, MaximumNumberOfIterations = 1000, NumberOfThreads = 1,
        }).Fit(ml.Data.LoadFromEnumerable(rows)).Model.SubModel;
        var shape = NetworkShape.For(ModelTask.Binary, 4, [], 2, Activation.Relu);
        var options = new NetworkOptions
        {
            L2Regularization = c / data.Rows, LearningRate = 0.05, BatchSize = 16, Epochs = 2, ValidationFraction = 0, Seed = 1, Standardize = false,
        };
        var sgd = NetworkTrainer.Fit(data, shape, options);
        var ours = NetworkTrainer.Fit(data, shape, options with { FullBatchIterations = 100 });
        double Steepest(float[] p) => NetworkTrainer.Gradient(shape, p, data, c / data.Rows).Max(Math.Abs);
        Assert.True(Steepest(sgd.Parameters) > 1e-3, $"minibatch gradient {Steepest(sgd.Parameters):E2}");
        Assert.True(Steepest(ours.Parameters) < 1e-5, $"full-batch gradient {Steepest(ours.Parameters):E2}");
        Assert.Equal(2, ours.Epochs);
        Assert.InRange(ours.FullBatchIterations, 1, 100);
        var weights = lbfgs.Weights.ToArray();
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(weights[i] - ours.Parameters[i]) < 2e-4, $"w{i}: L-BFGS {weights[i]:R}, ours {ours.Parameters[i]:R}");
        Assert.True(Math.Abs(lbfgs.Bias - ours.Parameters[4]) < 2e-4, $"bias: L-BFGS {lbfgs.Bias:R}, ours {ours.Parameters[4]:R}");
    }

    // On 65,536 rows or more the full-batch finish starts from L-BFGS on a sixteenth of the rows: with no minibatch
    // epoch at all it lands on the same optimum as after two epochs (exact gradient below 1e-5, parameters within
    // 1e-4), the sampled start's full objective is within 1e-3 of the optimum's (sampling error) and far below the initial one's, and
    // the same seed gives the same bits. Epochs = 0 is refused without full-batch iterations.
    [Fact]
    public void Full_batch_from_a_sampled_start_needs_no_minibatch_epoch()
    {
        var data = TrainingFixtures.Synthetic(80_000, 6, "binary");
        var shape = NetworkShape.For(ModelTask.Binary, 6, [], 2, Activation.Relu);
        const double l2 = 1e-4;
        var options = new NetworkOptions
        {
            L2Regularization = l2, LearningRate = 0.05, BatchSize = 256, Epochs = 0, ValidationFraction = 0, Seed = 3, Standardize = false, FullBatchIterations = 100,
        };
        var direct = NetworkTrainer.Fit(data, shape, options);
        var afterEpochs = NetworkTrainer.Fit(data, shape, options with { Epochs = 2 });
        Assert.Equal(0, direct.Epochs);
        Assert.Equal(0, direct.EpochsPerSecond);
        double Steepest(float[] p) => NetworkTrainer.Gradient(shape, p, data, l2).Max(Math.Abs);
        Assert.True(Steepest(direct.Parameters) < 1e-5, $"gradient {Steepest(direct.Parameters):E2}");
        for (int i = 0; i < direct.Parameters.Length; i++)
            Assert.True(Math.Abs(direct.Parameters[i] - afterEpochs.Parameters[i]) < 1e-4, $"parameter {i}: direct {direct.Parameters[i]:R}, after epochs {afterEpochs.Parameters[i]:R}");
        Assert.Equal(direct.Parameters, NetworkTrainer.Fit(data, shape, options).Parameters);

        var penalty = FullBatchPolish.UniformPenalty(shape, l2);
        var initial = shape.Initialize(3);
        var start = FullBatchPolish.SampledStart(shape, data, penalty, 2, initial, 5);
        double Objective(float[] p) => NetworkTrainer.Loss(shape, p, data, l2);
        // A sample optimum's expected excess loss is about parameters / (2 · sample rows) = 7 / 32,768 ≈ 2e-4.
        Assert.True(Objective(start) - Objective(direct.Parameters) < 1e-3, $"sampled start {Objective(start):R}, optimum {Objective(direct.Parameters):R}");
        Assert.True(Objective(initial) - Objective(direct.Parameters) > 1e-2, $"initial {Objective(initial):R}");
        Assert.Same(initial, FullBatchPolish.SampledStart(shape, TrainingFixtures.Synthetic(60_000, 6, "binary"), penalty, 2, initial, 5));   // too few rows: no sample
        var refused = Assert.Throws<ArgumentException>(() => NetworkTrainer.Fit(data, shape, options with { FullBatchIterations = 0 }));
        Assert.Contains("epochs must be at least 1", refused.Message);
    }

    // The full-batch objective is the trainer's Loss and Gradient (the reference, one row at a time) and is summed per
    // fixed chunk of rows, so one thread and four give the same bits.
    [Theory]
    [InlineData("multiclass", new[] { 6 })]
    [InlineData("binary", new int[0])]
    [InlineData("regression", new int[0])]
    public void Full_batch_objective_is_the_exact_loss_and_does_not_depend_on_threads(string task, int[] hidden)
    {
        var data = TrainingFixtures.Synthetic(10_000, 5, task);
        var shape = NetworkShape.For(Task(task), 5, hidden, 3, Activation.Tanh);
        var p = shape.Initialize(5);
        const double l2 = 0.01;
        var one = new double[p.Length]; var four = new double[p.Length];
        double f1 = new FullBatchPolish(shape, data, FullBatchPolish.UniformPenalty(shape, l2), 1).Evaluate(p, one);
        double f4 = new FullBatchPolish(shape, data, FullBatchPolish.UniformPenalty(shape, l2), 4).Evaluate(p, four);
        Assert.Equal(f1, f4);
        Assert.Equal(one, four);
        Assert.Equal(NetworkTrainer.Loss(shape, p, data, l2), f1, 1e-9);
        var reference = NetworkTrainer.Gradient(shape, p, data, l2);
        for (int i = 0; i < p.Length; i++) Assert.True(Math.Abs(reference[i] - one[i]) <= 1e-5, $"parameter {i}: reference {reference[i]:R}, full batch {one[i]:R}");
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        [VectorType(4)] public float[] Features { get; set; } = [];
    }

    // Standardizing is folded back exactly: the kept parameters, applied to the raw features, give the loss the
    // trainer measured on the scaled ones (to float rounding).
    [Fact]
    public void Standardized_training_is_folded_back_into_the_first_layer()
    {
        var data = TrainingFixtures.Synthetic(300, 4, "multiclass");
        var shape = NetworkShape.For(ModelTask.Multiclass, 4, [5], 3, Activation.Tanh);
        var fit = NetworkTrainer.Fit(data, shape, new NetworkOptions { Hidden = [5], Activation = Activation.Tanh, Epochs = 5, ValidationFraction = 0.2, Seed = 4 });
        var (_, validation) = NetworkTrainer.Split(data, 0.2, 4);
        Assert.Equal(fit.BestValidationLoss, NetworkTrainer.Loss(shape, fit.Parameters, validation), 1e-4);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_and_stops_after_the_patience()
    {
        var data = TrainingFixtures.Synthetic(400, 4, "regression");
        var fit = NetworkTrainer.Fit(data, NetworkShape.For(ModelTask.Regression, 4, [16], 1, Activation.Relu),
            new NetworkOptions { Hidden = [16], LearningRate = 0.05, Optimizer = Optimizer.Adam, Epochs = 40, Patience = 2, BatchSize = 8, Seed = 2 });
        Assert.Equal(fit.ValidationLoss.Min(), fit.BestValidationLoss);
        if (fit.StoppedEarly) Assert.Equal(fit.BestEpoch + 2, fit.Epochs);
        Assert.True(fit.Epochs <= 40);
    }

    [Fact]
    public void Bad_options_are_named()
    {
        var data = TrainingFixtures.Synthetic(50, 2, "binary");
        var shape = NetworkShape.For(ModelTask.Binary, 2, [], 2, Activation.Relu);
        Assert.Contains("hidden", Assert.Throws<ArgumentException>(() => NetworkTrainer.Fit(data, shape, new NetworkOptions { Hidden = [1, 2, 3, 4] })).Message);
        Assert.Contains("batch", Assert.Throws<ArgumentException>(() => NetworkTrainer.Fit(data, shape, new NetworkOptions { BatchSize = 0 })).Message);
        Assert.Contains("reads 3", Assert.Throws<ArgumentException>(() => NetworkTrainer.Fit(data, NetworkShape.For(ModelTask.Binary, 3, [], 2, Activation.Relu), new NetworkOptions())).Message);
    }

    private static ModelTask Task(string name) => name switch { "binary" => ModelTask.Binary, "multiclass" => ModelTask.Multiclass, _ => ModelTask.Regression };
}
