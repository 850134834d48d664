using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>The loss a network's output is trained on.</summary>
public enum LossKind
{
    /// <summary>Binary cross-entropy of σ(z): one output, target 0 or 1.</summary>
    Logistic,
    /// <summary>Cross-entropy of softmax(z): one output per class, target the class index.</summary>
    Softmax,
    /// <summary>Squared error (z − y)²: one output, target the value (validation loss is then the MSE).</summary>
    Squared,
}

/// <summary>
/// The layout of a network: layer widths from inputs to outputs, and every parameter in one flat float array,
/// layer by layer, each layer's weights (row-major, one row per output unit: W[o·in + i]) then its biases. Every
/// backend reads and writes this layout, so parameters move between them unchanged.
/// </summary>
/// <example>
/// <code>
/// var s = new NetworkShape(4, [3], 2, LossKind.Softmax, Activation.Relu);
/// Console.WriteLine($"{s.ParameterCount} {s.WeightOffset(1)} {s.BiasOffset(1)}");
/// // prints: 23 15 21
/// </code>
/// </example>
public sealed class NetworkShape
{
    public NetworkShape(int inputs, IReadOnlyList<int> hidden, int outputs, LossKind loss, Activation activation)
    {
        if (inputs < 1) throw new ArgumentException($"A network needs at least one input feature, not {inputs}.");
        if (outputs < 1) throw new ArgumentException($"A network needs at least one output, not {outputs}.");
        Sizes = [inputs, .. hidden, outputs];
        Loss = loss; Activation = activation;
        _weightOffset = new int[Layers]; _biasOffset = new int[Layers];
        int at = 0;
        for (int l = 0; l < Layers; l++)
        {
            _weightOffset[l] = at; at += Sizes[l] * Sizes[l + 1];
            _biasOffset[l] = at; at += Sizes[l + 1];
        }
        ParameterCount = at;
    }

    private readonly int[] _weightOffset, _biasOffset;

    /// <summary>Widths: inputs, each hidden layer, outputs.</summary>
    public int[] Sizes { get; }
    public LossKind Loss { get; }
    public Activation Activation { get; }
    public int Layers => Sizes.Length - 1;
    public int Inputs => Sizes[0];
    public int Outputs => Sizes[^1];
    public int ParameterCount { get; }
    /// <summary>The widest layer (buffer sizes).</summary>
    public int MaxWidth => Sizes.Max();
    public int WeightOffset(int layer) => _weightOffset[layer];
    public int BiasOffset(int layer) => _biasOffset[layer];

    /// <summary>The loss and output width a task trains on (a binary model has one logit; multiclass one per class).</summary>
    public static NetworkShape For(ModelTask task, int inputs, IReadOnlyList<int> hidden, int classes, Activation activation) => task switch
    {
        ModelTask.Binary => new(inputs, hidden, 1, LossKind.Logistic, activation),
        ModelTask.Regression => new(inputs, hidden, 1, LossKind.Squared, activation),
        _ => new(inputs, hidden, classes, LossKind.Softmax, activation),
    };

    /// <summary>Seeded initial parameters: weights uniform in ±√(6/(in+out)) (Glorot) for tanh and linear models,
    /// ±√(6/in) (He) before ReLU; biases zero.</summary>
    public float[] Initialize(int seed)
    {
        var p = new float[ParameterCount];
        var random = new SeededRandom(seed);
        for (int l = 0; l < Layers; l++)
        {
            int fanIn = Sizes[l], fanOut = Sizes[l + 1];
            bool relu = Activation == Activation.Relu && l < Layers - 1;
            double limit = relu ? Math.Sqrt(6.0 / fanIn) : Math.Sqrt(6.0 / (fanIn + fanOut));
            var w = p.AsSpan(WeightOffset(l), fanIn * fanOut);
            for (int i = 0; i < w.Length; i++) w[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }
        return p;
    }

    public override string ToString() => string.Join("→", Sizes) + $" {Loss.ToString().ToLowerInvariant()}";
}
