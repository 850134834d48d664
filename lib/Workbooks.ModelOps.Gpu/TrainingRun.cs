using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Training;
using Workbooks.ModelOps.Tuning;

namespace Workbooks.ModelOps.Gpu;

/// <summary>A training run on a catalog dataset: where it ran, the fit, the model and its metric on held-out rows.</summary>
public sealed record TrainingRun(string Dataset, string Trainer, NetworkFit Fit, TrainedModel Model, string Metric, double HeldOutMetric, int HeldOutRows)
{
    /// <summary>What <c>workbooks train --json</c> writes: the run, its fit and timings; a metric or loss that is not
    /// finite is null.</summary>
    public string ToJson(bool indented = false) => JsonText.Serialize(new RunJson(Dataset, Trainer, Fit.Device, Fit.Shape.ToString(), Fit.Epochs,
        Fit.BestEpoch, Fit.StoppedEarly, Fit.TotalSeconds, Fit.SetupSeconds, Fit.EpochsPerSecond, Fit.TrainingRows, Fit.ValidationRows,
        Fit.BestValidationLoss, HeldOutRows, Metric, HeldOutMetric, Fit.ValidationLoss, Fit.EpochSeconds), indented);

    private sealed record RunJson(string Dataset, string Trainer, string Device, string Network, int Epochs, int BestEpoch, bool StoppedEarly,
        double Seconds, double SetupSeconds, double EpochsPerSecond, int TrainingRows, int ValidationRows, double ValidationLoss, int HeldOutRows,
        string Metric, double HeldOutMetric, IReadOnlyList<double> ValidationLossByEpoch, IReadOnlyList<double> EpochSeconds);

    public override string ToString() =>
        FormattableString.Invariant($"{Trainer} ({Fit.Shape}) on {Dataset}: device {Fit.Device}; {Fit.Epochs} epochs in {Fit.TotalSeconds:0.###} s ({Fit.EpochsPerSecond:0.##} epochs/s), ") +
        FormattableString.Invariant($"validation loss {Fit.BestValidationLoss:0.#####} (epoch {Fit.BestEpoch})") +
        FormattableString.Invariant($", held-out {Metric} {HeldOutMetric:0.####} on {HeldOutRows} rows");
}

/// <summary>
/// The one entry point for the gradient trainers: pick a backend (<see cref="Backend"/>: CUDA when found, else the
/// CPU path; overridable) and train a dataset's label and features (a <see cref="TuningData"/>, for example
/// <c>TuningData.ForCatalog("adult")</c> from the walkthrough project) with the library's feature preparation,
/// measuring the result on held-out rows (what <c>workbooks train</c> and notebook 12 call).
/// </summary>
public static class GradientTraining
{
    /// <summary>Trainer names and the task each takes (mlp takes any).</summary>
    public static readonly IReadOnlyList<string> Trainers = ["logistic", "softmax", "linear", "mlp"];

    /// <summary>The backend for <paramref name="choice"/>: Auto is CUDA when <see cref="GpuDevice.CudaAvailable"/>, else the CPU path.</summary>
    public static ITrainingBackend Backend(DeviceChoice choice, int threads = 0) => choice switch
    {
        DeviceChoice.Cpu => new CpuTrainingBackend(threads),
        DeviceChoice.Auto => GpuDevice.CudaAvailable() ? new GpuTrainingBackend(GpuDevice.Open(DeviceChoice.Gpu)) : new CpuTrainingBackend(threads),
        _ => new GpuTrainingBackend(GpuDevice.Open(choice)),
    };

    /// <summary>Trains <paramref name="trainer"/> on <paramref name="data"/> (named <paramref name="dataset"/> in the result).</summary>
    public static TrainingRun Train(TuningData data, string dataset, string trainer, NetworkOptions options)
    {
        if (!Trainers.Contains(trainer)) throw new ArgumentException($"--trainer: '{trainer}' is not one of {string.Join(", ", Trainers)}.");
        var expected = trainer switch { "logistic" => ModelTask.Binary, "softmax" => ModelTask.Multiclass, "linear" => ModelTask.Regression, _ => data.Data.Task };
        if (data.Data.Task != expected)
            throw new ArgumentException($"--trainer {trainer} trains a {expected.Name()} model; {dataset} is a {data.Data.Task.Name()} dataset (use {TrainerFor(data.Data.Task)} or mlp).");
        if (trainer == "mlp" && options.Hidden.Length == 0) options = options with { Hidden = [64] };
        if (trainer != "mlp" && options.Hidden.Length > 0) throw new ArgumentException($"--hidden is for --trainer mlp; {trainer} is a linear model.");
        var (search, holdout) = data.Split(0.2, options.Seed);
        NetworkFit? fit = null;
        var reporting = options with { Fitted = f => { fit = f; options.Fitted?.Invoke(f); } };
        var model = data.Train(search, reporting);
        double metric = data.Score(model, holdout);
        return new TrainingRun(dataset, trainer, fit!, model, data.Metric, metric, holdout.Length);
    }

    private static string TrainerFor(ModelTask task) => task switch { ModelTask.Binary => "logistic", ModelTask.Multiclass => "softmax", _ => "linear" };
}
