using System.Text.Json.Serialization;
using Microsoft.ML;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>Hidden-layer activation of a <see cref="NetworkOptions"/> network.</summary>
public enum Activation { Relu, Tanh }

/// <summary>How <see cref="NetworkOptions"/> steps: SGD with momentum, or Adam (Kingma and Ba, 2015).</summary>
public enum Optimizer { Sgd, Adam }

/// <summary>Learning rate over the epochs: constant, or cosine decay to zero at the last epoch.</summary>
public enum LearningRateSchedule { Constant, Cosine }

/// <summary>
/// A gradient-trained model: with no <see cref="Hidden"/> layers a linear model (logistic regression for a binary
/// task, softmax regression for multiclass, linear regression), otherwise a feed-forward network of 1 to 3 hidden
/// layers. Minibatch <see cref="Optimizer"/> on the mean loss plus <see cref="L2Regularization"/>/2·‖W‖² (weights,
/// not biases), early stopping on a seeded validation split, seeded initialisation and shuffling. Runs on a
/// <see cref="ITrainingBackend"/>: the multi-core CPU path unless <see cref="Backend"/> names another (the GPU
/// backend lives in Workbooks.ModelOps.Gpu, so embedding the library never pulls in a GPU compiler).
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new NetworkOptions { Hidden = [32] });
/// // prints: network hidden=1 width=32 activation=0 optimizer=1 learning_rate=0.01 momentum=0.9 batch=256 epochs=20 l2=0.0001 validation=0.1 patience=3 schedule=0 standardize=1 seed=1 full_batch=0
/// </code>
/// </example>
public sealed record NetworkOptions : TrainerOptions
{
    /// <summary>Widths of the hidden layers (empty: a linear model). At most 3.</summary>
    public int[] Hidden { get; init; } = [];
    public Activation Activation { get; init; } = Activation.Relu;
    public Optimizer Optimizer { get; init; } = Optimizer.Adam;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Momentum of <see cref="Optimizer.Sgd"/> (Adam uses β1 = 0.9, β2 = 0.999).</summary>
    public double Momentum { get; init; } = 0.9;
    public int BatchSize { get; init; } = 256;
    /// <summary>Minibatch epochs; 0 is allowed with <see cref="FullBatchIterations"/>, which then start from the
    /// initial parameters (for a linear model on many rows the quickest way to the exact optimum).</summary>
    public int Epochs { get; init; } = 20;
    /// <summary>λ of the penalty λ/2·‖W‖² added to the mean loss. ML.NET's L-BFGS adds L2/2·‖W‖² to the summed loss,
    /// so its <c>L2Regularization</c> c equals λ = c / rows here.</summary>
    public double L2Regularization { get; init; } = 1e-4;
    /// <summary>Share of the rows held out (seeded) for early stopping; 0 trains on every row for all epochs.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Epochs without a better validation loss before stopping; the best epoch's parameters are kept.</summary>
    public int Patience { get; init; } = 3;
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Train on features centred and scaled to unit variance (statistics of the training rows), folded back
    /// into the first layer's weights and biases afterwards, so the model reads the features as given. First-order
    /// steps converge several times faster on centred features; the L2 penalty then applies to the scaled weights,
    /// so turn it off to minimise exactly ML.NET L-BFGS's objective.</summary>
    public bool Standardize { get; init; } = true;
    /// <summary>Full-batch L-BFGS iterations on the exact training objective after the epochs, from the best epoch's
    /// parameters (0: none). Minibatch steps stop at a noise floor above the optimum; a few quasi-Newton steps on every
    /// row remove it (each is one or two passes over the training rows, on the CPU whatever the backend). The
    /// validation loss is measured after each, and the best parameters are kept as for epochs. On 65,536 training rows
    /// or more they start from L-BFGS on a sixteenth of the rows (<c>FullBatchPolish.SampledStart</c>). With full-batch
    /// iterations the epochs run on standardized features even when <see cref="Standardize"/> is off (a warm start;
    /// their penalty is on the scaled weights), and the iterations then minimise the penalty on the raw weights.</summary>
    public int FullBatchIterations { get; init; }
    /// <summary>Stop once the validation loss is at or below this (a benchmark's "time to the same loss"); null: never.</summary>
    public double? StopAtValidationLoss { get; init; }
    /// <summary>Worker threads of the CPU path (0: every core).</summary>
    public int Threads { get; init; }

    /// <summary>Where the arithmetic runs; null is the CPU path. Not saved: a model is the same wherever it trained.</summary>
    [JsonIgnore] public ITrainingBackend? Backend { get; init; }
    /// <summary>Called with the training record (device, epochs, losses, times) when a fit ends.</summary>
    [JsonIgnore] public Action<NetworkFit>? Fitted { get; init; }

    [JsonIgnore] public override string Family => "network";

    public override IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["hidden"] = Hidden.Length, ["width"] = Hidden.Length == 0 ? 0 : Hidden[0], ["activation"] = (int)Activation, ["optimizer"] = (int)Optimizer,
        ["learning_rate"] = LearningRate, ["momentum"] = Momentum, ["batch"] = BatchSize, ["epochs"] = Epochs, ["l2"] = L2Regularization,
        ["validation"] = ValidationFraction, ["patience"] = Patience, ["schedule"] = (int)Schedule, ["standardize"] = Standardize ? 1 : 0, ["seed"] = Seed,
        ["full_batch"] = FullBatchIterations,
    };

    /// <summary>Min-max scaled features, as the other linear trainers.</summary>
    internal override bool NeedsNormalizedFeatures => true;

    internal override IEstimator<ITransformer> Create(MLContext ml, ModelTask task, string label, string features) =>
        new NetworkEstimator(ml, this, task, label, features);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Check()
    {
        if (Hidden.Length > 3) throw new ArgumentException($"hidden: at most 3 hidden layers, not {Hidden.Length}.");
        if (Hidden.Any(h => h < 1)) throw new ArgumentException($"hidden: every layer needs at least one unit ({string.Join(",", Hidden)}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning_rate must be positive, not {LearningRate}.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentException($"momentum must be in [0, 1), not {Momentum}.");
        if (BatchSize < 1) throw new ArgumentException($"batch must be at least 1, not {BatchSize}.");
        if (Epochs < (FullBatchIterations > 0 ? 0 : 1)) throw new ArgumentException($"epochs must be at least {(FullBatchIterations > 0 ? 0 : 1)}, not {Epochs}.");
        if (!(L2Regularization >= 0)) throw new ArgumentException($"l2 must be 0 or more, not {L2Regularization}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentException($"validation must be in [0, 1), not {ValidationFraction}.");
        if (FullBatchIterations < 0) throw new ArgumentException($"full_batch must be 0 or more, not {FullBatchIterations}.");
        if (Patience < 1) throw new ArgumentException($"patience must be at least 1, not {Patience}.");
    }
}
