using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Training;

namespace Workbooks.ModelOps.Compression;

/// <summary>One layer of a <see cref="NetworkScorer"/>: weights in any <see cref="LayerWeights"/> form, bias, and the activation after it.</summary>
public sealed record ScorerLayer(LayerWeights Weights, float[] Bias, string Activation);

/// <summary>
/// A feed-forward network's scoring after its feature preparation, layer by layer: y = act(W·x + b), each W a
/// <see cref="LayerWeights"/> (plain, 8-bit, pruned or low-rank), then σ (binary), softmax (multiclass) or nothing
/// (regression) as <see cref="TrainedNetwork.Probabilities"/>. Built from any <see cref="IDenseNetwork"/>
/// (<see cref="FromNetwork"/>); the compression techniques swap the weights of every layer (<see cref="With"/>).
/// </summary>
/// <example>
/// <code>
/// var shape = new NetworkShape(3, [4], 1, LossKind.Logistic, Activation.Tanh);
/// var network = new TrainedNetwork(shape, shape.Initialize(seed: 2), []);
/// var scorer = NetworkScorer.FromNetwork(ModelTask.Binary, network);
/// var half = scorer.With((l, layer) => SparseWeights.Prune(layer.Outputs, layer.Inputs, layer.Weights, 0.5));
/// var p = new float[1];
/// half.Score([0.1f, 0.2f, 0.3f], p);
/// Console.WriteLine($"{scorer.Layers.Count} {p[0] is &gt; 0 and &lt; 1}");
/// // prints: 2 True
/// </code>
/// </example>
public sealed class NetworkScorer : IPreparedScorer
{
    /// <summary>The kind saved in a file.</summary>
    public const string KindName = "network";
    private static readonly string[] Activations = ["identity", "relu", "tanh"];

    public NetworkScorer(ModelTask task, IReadOnlyList<ScorerLayer> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            var (w, b, a) = (layers[l].Weights, layers[l].Bias, layers[l].Activation);
            if (b.Length != w.Outputs) throw new ArgumentException($"Layer {l}: {b.Length} biases for {w.Outputs} outputs.", nameof(layers));
            if (l > 0 && w.Inputs != layers[l - 1].Weights.Outputs) throw new ArgumentException($"Layer {l} reads {w.Inputs} values; layer {l - 1} gives {layers[l - 1].Weights.Outputs}.", nameof(layers));
            if (!Activations.Contains(a)) throw new ArgumentException($"Layer {l}: activation '{a}' is not one of {string.Join(", ", Activations)}.", nameof(layers));
        }
        int outputs = layers[^1].Weights.Outputs;
        if (task != ModelTask.Multiclass && outputs != 1) throw new ArgumentException($"A {task.Name()} network has one output, not {outputs}.", nameof(layers));
        Task = task; Layers = layers;
        _width = layers.Max(l => Math.Max(l.Weights.Inputs, l.Weights.Outputs));
    }

    private readonly int _width;

    public string Kind => KindName;
    public ModelTask Task { get; }
    public IReadOnlyList<ScorerLayer> Layers { get; }
    public int FeatureCount => Layers[0].Weights.Inputs;
    public int ScoreCount => Layers[^1].Weights.Outputs;
    /// <summary>Binary scores are σ(z), so the raw score 0 is the probability ½.</summary>
    public float BinaryThreshold => Task == ModelTask.Binary ? 0.5f : 0f;

    /// <summary>The float scorer of <paramref name="network"/>'s layers.</summary>
    public static NetworkScorer FromNetwork(ModelTask task, IDenseNetwork network) =>
        new(task, network.Layers.Select(l => new ScorerLayer(new DenseWeights(l.Outputs, l.Inputs, l.Weights), l.Bias, l.Activation)).ToList());

    /// <summary>The same network with each layer's weights replaced by <paramref name="weights"/>(index, the layer
    /// as plain floats); a layer it returns null for keeps its weights. Every layer must be plain floats.</summary>
    public NetworkScorer With(Func<int, DenseLayer, LayerWeights?> weights) => new(Task, Layers.Select((layer, l) =>
    {
        var dense = layer.Weights as DenseWeights ?? throw new InvalidOperationException($"Layer {l} is already {layer.Weights.GetType().Name}; compress the float network.");
        var replaced = weights(l, new DenseLayer(dense.Outputs, dense.Inputs, dense.Values, layer.Bias, layer.Activation)) ?? dense;
        return replaced.Outputs == dense.Outputs && replaced.Inputs == dense.Inputs
            ? layer with { Weights = replaced }
            : throw new ArgumentException($"Layer {l}: weights of {replaced.Outputs}×{replaced.Inputs}; the layer has {dense.Outputs}×{dense.Inputs}.");
    }).ToList());

    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"A feature vector of {features.Length} values; the network reads {FeatureCount}.", nameof(features));
        Span<float> a = stackalloc float[_width], b = stackalloc float[_width];
        scoped ReadOnlySpan<float> x = features[..FeatureCount];
        for (int l = 0; l < Layers.Count; l++)
        {
            var y = (l % 2 == 0 ? a : b)[..Layers[l].Weights.Outputs];
            Forward(Layers[l], x, y);
            x = y;
        }
        x.CopyTo(scores);
        TrainedNetwork.Probabilities(Task switch { ModelTask.Binary => LossKind.Logistic, ModelTask.Multiclass => LossKind.Softmax, _ => LossKind.Squared }, scores[..ScoreCount]);
    }

    /// <summary>Each layer's input for every row of <paramref name="rows"/> (prepared features, row-major), through
    /// this network: what 8-bit quantisation calibrates each layer's input scale on.</summary>
    public float[][] LayerInputs(ReadOnlySpan<float> rows)
    {
        int n = rows.Length / FeatureCount;
        var inputs = Layers.Select(l => new float[(long)n * l.Weights.Inputs]).ToArray();
        rows[..(n * FeatureCount)].CopyTo(inputs[0]);
        for (int l = 0; l + 1 < Layers.Count; l++)
        {
            int i = Layers[l].Weights.Inputs, o = Layers[l].Weights.Outputs;
            for (int r = 0; r < n; r++) Forward(Layers[l], inputs[l].AsSpan(r * i, i), inputs[l + 1].AsSpan(r * o, o));
        }
        return inputs;
    }

    private static void Forward(ScorerLayer layer, ReadOnlySpan<float> x, Span<float> y)
    {
        layer.Weights.Multiply(x, y);
        System.Numerics.Tensors.TensorPrimitives.Add(y, layer.Bias, y);
        if (layer.Activation == "relu") System.Numerics.Tensors.TensorPrimitives.Max(y, 0f, y);
        else if (layer.Activation == "tanh") System.Numerics.Tensors.TensorPrimitives.Tanh(y, y);
    }

    public void Write(BinaryWriter w)
    {
        w.Write((int)Task); w.Write(Layers.Count);
        foreach (var layer in Layers)
        {
            w.Write(layer.Activation);
            LayerWeights.Floats(w, layer.Bias);
            layer.Weights.Write(w);
        }
    }

    public static NetworkScorer Read(BinaryReader r)
    {
        var task = (ModelTask)r.ReadInt32();
        int count = r.ReadInt32();
        if (count is < 1 or > 16) throw new InvalidDataException($"A network of {count} layers.");
        var layers = new ScorerLayer[count];
        for (int l = 0; l < count; l++)
        {
            var activation = r.ReadString();
            var bias = LayerWeights.Floats(r);
            layers[l] = new ScorerLayer(LayerWeights.Read(r), bias, activation);
        }
        try { return new NetworkScorer(task, layers); }
        catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
    }
}
