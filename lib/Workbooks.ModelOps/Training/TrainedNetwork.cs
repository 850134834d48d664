using System.Buffers.Binary;
using System.IO.Compression;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// A trained feed-forward network as a model holds it: its <see cref="NetworkShape"/>, its parameters in the shape's
/// flat layout, and for a multiclass network the class of each output. It scores prepared feature vectors with the
/// same forward pass as <see cref="NetworkTrainer.Outputs"/>, so the two agree bit for bit. Inside a model zip it is
/// two entries: <see cref="ShapeEntry"/> (JSON: format, sizes, loss, activation, classes, parameter count) and
/// <see cref="WeightsEntry"/> (every parameter as a little-endian float32, in <see cref="NetworkShape"/>'s layout).
/// </summary>
/// <example>
/// <code>
/// var shape = new NetworkShape(2, [3], 1, LossKind.Squared, Activation.Relu);
/// var network = new TrainedNetwork(shape, shape.Initialize(seed: 1), []);
/// var z = new float[1];
/// network.Outputs([0.5f, -1f], z);
/// Console.WriteLine($"{network.Layers.Count} {network.Layers[0].Activation} {z[0] == NetworkTrainer.Outputs(shape, network.Parameters, [0.5f, -1f])[0]}");
/// // prints: 2 relu True
/// </code>
/// </example>
public sealed class TrainedNetwork : IDenseNetwork
{
    /// <summary>Entries of the network inside a model zip, beside ML.NET's feature preparation.</summary>
    public const string ShapeEntry = "workbooks/network.json", WeightsEntry = "workbooks/network.bin";

    private sealed record ShapeJson(int Format, int[] Sizes, LossKind Loss, Activation Activation, IReadOnlyList<string> Classes, int Parameters);

    private readonly ThreadLocal<float[][]> _activations;   // one set of layer buffers per scoring thread
    private IReadOnlyList<DenseLayer>? _layers;

    /// <param name="shape">The layer widths, loss and activation.</param>
    /// <param name="parameters">Every weight and bias in <paramref name="shape"/>'s layout.</param>
    /// <param name="classes">The class of each output of a softmax network; empty otherwise.</param>
    public TrainedNetwork(NetworkShape shape, float[] parameters, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(shape); ArgumentNullException.ThrowIfNull(parameters); ArgumentNullException.ThrowIfNull(classes);
        if (parameters.Length != shape.ParameterCount)
            throw new ArgumentException($"{parameters.Length} parameters; the network {shape} has {shape.ParameterCount}.", nameof(parameters));
        if (shape.Loss == LossKind.Softmax ? classes.Count != shape.Outputs : classes.Count != 0)
            throw new ArgumentException($"{classes.Count} class names for a {shape.Loss} network of {shape.Outputs} outputs.", nameof(classes));
        Shape = shape; Parameters = parameters; Classes = classes;
        _activations = new(() => shape.Sizes.Select(s => new float[s]).ToArray());
    }

    public NetworkShape Shape { get; }
    public float[] Parameters { get; }
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The layers as compression reads them: weights (outputs × inputs) and biases copied out of
    /// <see cref="Parameters"/>, the hidden activation after each but the last.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers ??= Enumerable.Range(0, Shape.Layers).Select(l =>
    {
        int inputs = Shape.Sizes[l], outputs = Shape.Sizes[l + 1];
        string activation = l == Shape.Layers - 1 ? "identity" : Shape.Activation == Activation.Relu ? "relu" : "tanh";
        return new DenseLayer(outputs, inputs, Parameters[Shape.WeightOffset(l)..(Shape.WeightOffset(l) + outputs * inputs)],
            Parameters[Shape.BiasOffset(l)..(Shape.BiasOffset(l) + outputs)], activation);
    }).ToList();

    /// <summary>Writes the raw outputs z of one prepared feature vector into <paramref name="z"/> (thread-safe).</summary>
    public void Outputs(ReadOnlySpan<float> features, Span<float> z)
    {
        if (features.Length != Shape.Inputs) throw new ArgumentException($"A feature vector of {features.Length} values; the network reads {Shape.Inputs}.", nameof(features));
        var acts = _activations.Value!;
        NetworkMath.Forward(Shape, Parameters, features, acts);
        acts[^1].AsSpan(0, Shape.Outputs).CopyTo(z);
    }

    /// <summary>Raw outputs to what a model reports, in place: P(positive) = σ(z) for the logistic loss, the softmax
    /// (shifted by the largest output, so no exponential overflows) for softmax, z itself for squared error.</summary>
    public static void Probabilities(LossKind loss, Span<float> z)
    {
        if (loss == LossKind.Logistic) { z[0] = Sigmoid.Probability(z[0]); return; }
        if (loss != LossKind.Softmax) return;
        float max = System.Numerics.Tensors.TensorPrimitives.Max(z);
        double sum = 0;
        for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k] - max);
        for (int k = 0; k < z.Length; k++) z[k] = (float)(Math.Exp(z[k] - max) / sum);
    }

    // σ(z) through the Platt form the compressed scorers share: 1 / (1 + exp(−z)).
    private static readonly PlattScaling Sigmoid = new(-1, 0);

    /// <summary>Adds <see cref="ShapeEntry"/> and <see cref="WeightsEntry"/> to <paramref name="zip"/>.</summary>
    internal void Write(ZipArchive zip)
    {
        using (var shape = zip.CreateEntry(ShapeEntry).Open())
            shape.Write(TrainedModel.ManifestBytes(new ShapeJson(1, Shape.Sizes, Shape.Loss, Shape.Activation, Classes, Shape.ParameterCount)));
        var bytes = new byte[Parameters.Length * sizeof(float)];
        for (int i = 0; i < Parameters.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), Parameters[i]);
        using var weights = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open();
        weights.Write(bytes);
    }

    /// <summary>The network saved in <paramref name="zip"/>, or null when it holds none. A damaged entry is an
    /// <see cref="InvalidDataException"/> naming <paramref name="path"/>, the entry and what is wrong.</summary>
    internal static TrainedNetwork? Read(ZipArchive zip, string path)
    {
        if (zip.GetEntry(ShapeEntry) is not { } shapeEntry) return null;
        var json = TrainedModel.ReadManifest<ShapeJson>(shapeEntry);
        string where = $"'{path}' entry {ShapeEntry}";
        if (json.Format != 1) throw new InvalidDataException($"{where}: format {json.Format}; this version reads format 1.");
        if (json.Sizes is not { Length: >= 2 and <= 5 } || json.Sizes.Any(s => s < 1))
            throw new InvalidDataException($"{where}: sizes [{string.Join(",", json.Sizes ?? [])}] are not 2 to 5 positive widths.");
        NetworkShape shape;
        try { shape = new NetworkShape(json.Sizes[0], json.Sizes[1..^1], json.Sizes[^1], json.Loss, json.Activation); }
        catch (ArgumentException e) { throw new InvalidDataException($"{where}: {e.Message}", e); }
        if (json.Parameters != shape.ParameterCount)
            throw new InvalidDataException($"{where}: parameters is {json.Parameters}; sizes [{string.Join(",", json.Sizes)}] need {shape.ParameterCount}.");
        var weightsEntry = zip.GetEntry(WeightsEntry) ?? throw new InvalidDataException($"'{path}' has {ShapeEntry} but no {WeightsEntry}.");
        if (weightsEntry.Length != (long)shape.ParameterCount * sizeof(float))
            throw new InvalidDataException($"'{path}' entry {WeightsEntry}: {weightsEntry.Length} bytes; {shape.ParameterCount} float32 parameters need {shape.ParameterCount * sizeof(float)}.");
        var bytes = new byte[weightsEntry.Length];
        using (var s = weightsEntry.Open()) s.ReadExactly(bytes);
        var parameters = new float[shape.ParameterCount];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            if (!float.IsFinite(parameters[i])) throw new InvalidDataException($"'{path}' entry {WeightsEntry}: parameter {i} is {parameters[i]}.");
        }
        try { return new TrainedNetwork(shape, parameters, json.Classes ?? []); }
        catch (ArgumentException e) { throw new InvalidDataException($"{where}: {e.Message}", e); }
    }
}
