using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// The weight matrix of one dense layer (outputs × inputs), stored one of four ways: plain floats, 8-bit integers
/// quantised per output row with calibrated 8-bit inputs, sparse after magnitude pruning, or a low-rank product.
/// A linear model is one such layer; the feed-forward networks of GPU training are a list of them with
/// activations between, so these forms serve both (<see cref="DenseLayer"/> is the shared description).
/// </summary>
public abstract class LayerWeights
{
    public abstract int Outputs { get; }
    public abstract int Inputs { get; }
    /// <summary>y = W·x (no bias). Allocates nothing.</summary>
    public abstract void Multiply(ReadOnlySpan<float> x, Span<float> y);
    /// <summary>Writes the kind byte, then the weights.</summary>
    public abstract void Write(BinaryWriter w);

    public static LayerWeights Read(BinaryReader r) => r.ReadByte() switch
    {
        DenseWeights.Kind => DenseWeights.ReadBody(r),
        Int8Weights.Kind => Int8Weights.ReadBody(r),
        SparseWeights.Kind => SparseWeights.ReadBody(r),
        LowRankWeights.Kind => LowRankWeights.ReadBody(r),
        var k => throw new InvalidDataException($"Unknown layer weight kind {k}."),
    };

    internal static float[] Floats(BinaryReader r) { var a = new float[r.ReadInt32()]; for (int i = 0; i < a.Length; i++) a[i] = r.ReadSingle(); return a; }
    internal static void Floats(BinaryWriter w, float[] a) { w.Write(a.Length); foreach (var v in a) w.Write(v); }
}

/// <summary>One dense layer of a network: weights (outputs × inputs, row-major), bias, and the activation after it
/// (<c>identity</c>, <c>relu</c>, <c>tanh</c>, <c>sigmoid</c>). What a network hands to compression.</summary>
public sealed record DenseLayer(int Outputs, int Inputs, float[] Weights, float[] Bias, string Activation = "identity");

/// <summary>A network of dense layers that compression can read and rebuild (the GPU-trained networks implement it).</summary>
public interface IDenseNetwork
{
    IReadOnlyList<DenseLayer> Layers { get; }
}

/// <summary>Plain float weights, row-major.</summary>
public sealed class DenseWeights(int outputs, int inputs, float[] w) : LayerWeights
{
    internal const byte Kind = 0;
    public override int Outputs => outputs;
    public override int Inputs => inputs;
    public float[] Values => w;
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Multiply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < outputs; o++) y[o] = System.Numerics.Tensors.TensorPrimitives.Dot(w.AsSpan(o * inputs, inputs), x[..inputs]);
    }
    public override void Write(BinaryWriter b) { b.Write(Kind); b.Write(outputs); b.Write(inputs); Floats(b, w); }
    internal static DenseWeights ReadBody(BinaryReader r) { int o = r.ReadInt32(), i = r.ReadInt32(); return new(o, i, Floats(r)); }
}

/// <summary>
/// 8-bit post-training quantisation: each output row's weights scaled by its own max |w| / 127 (per channel), and
/// the input quantised to 8 bits with one scale calibrated on sample rows (their max |x|, values beyond it
/// clamped). The dot product runs in 32-bit integers and is rescaled once per output.
/// </summary>
public sealed class Int8Weights : LayerWeights
{
    internal const byte Kind = 1;
    private readonly int _outputs, _inputs;
    private readonly sbyte[] _q; private readonly float[] _rowScale; private readonly float _inputScale;

    private Int8Weights(int outputs, int inputs, sbyte[] q, float[] rowScale, float inputScale)
    { _outputs = outputs; _inputs = inputs; _q = q; _rowScale = rowScale; _inputScale = inputScale; }

    public override int Outputs => _outputs;
    public override int Inputs => _inputs;

    /// <summary>Quantises <paramref name="w"/> (row-major) with the input range of <paramref name="calibration"/> (row-major input vectors).</summary>
    public static Int8Weights Quantize(int outputs, int inputs, float[] w, ReadOnlySpan<float> calibration)
    {
        var q = new sbyte[w.Length]; var scale = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            var row = w.AsSpan(o * inputs, inputs);
            float max = MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(row));   // MaxMagnitude keeps the sign
            scale[o] = max > 0 ? max / 127 : 1;
            for (int i = 0; i < inputs; i++) q[o * inputs + i] = (sbyte)Math.Clamp(MathF.Round(row[i] / scale[o]), -127, 127);
        }
        float xmax = calibration.IsEmpty ? 1 : MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(calibration));
        return new(outputs, inputs, q, scale, xmax > 0 && float.IsFinite(xmax) ? xmax / 127 : 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Multiply(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<sbyte> xq = _inputs <= 4096 ? stackalloc sbyte[_inputs] : new sbyte[_inputs];
        for (int i = 0; i < _inputs; i++) xq[i] = (sbyte)Math.Clamp(MathF.Round(x[i] / _inputScale), -127, 127);
        for (int o = 0; o < _outputs; o++)
        {
            int acc = 0;
            var row = _q.AsSpan(o * _inputs, _inputs);
            for (int i = 0; i < row.Length; i++) acc += row[i] * xq[i];
            y[o] = acc * _rowScale[o] * _inputScale;
        }
    }

    public override void Write(BinaryWriter b)
    {
        b.Write(Kind); b.Write(_outputs); b.Write(_inputs); b.Write(_inputScale);
        foreach (var v in _rowScale) b.Write(v);
        foreach (var v in _q) b.Write(v);
    }

    internal static Int8Weights ReadBody(BinaryReader r)
    {
        int o = r.ReadInt32(), i = r.ReadInt32(); float xs = r.ReadSingle();
        var scale = new float[o]; for (int k = 0; k < o; k++) scale[k] = r.ReadSingle();
        var q = new sbyte[o * i]; for (int k = 0; k < q.Length; k++) q[k] = r.ReadSByte();
        return new(o, i, q, scale, xs);
    }
}

/// <summary>Magnitude pruning: the smallest |w| set to zero until <c>sparsity</c> of the weights are, the rest kept
/// as (input index, value) pairs per output row.</summary>
public sealed class SparseWeights : LayerWeights
{
    internal const byte Kind = 2;
    private readonly int _outputs, _inputs;
    private readonly int[] _rowStart; private readonly ushort[] _index; private readonly float[] _value;

    private SparseWeights(int outputs, int inputs, int[] rowStart, ushort[] index, float[] value)
    { _outputs = outputs; _inputs = inputs; _rowStart = rowStart; _index = index; _value = value; }

    public override int Outputs => _outputs;
    public override int Inputs => _inputs;
    public int NonZeros => _value.Length;

    public static SparseWeights Prune(int outputs, int inputs, float[] w, double sparsity)
    {
        if (inputs > ushort.MaxValue) throw new NotSupportedException($"{inputs} inputs; sparse weights index at most {ushort.MaxValue}.");
        int drop = (int)Math.Floor(Math.Clamp(sparsity, 0, 1) * w.Length);
        var cut = drop == 0 ? -1f : w.Select(MathF.Abs).Order().ElementAt(drop - 1);
        var rowStart = new int[outputs + 1]; var index = new List<ushort>(); var value = new List<float>();
        int dropped = 0;
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                float v = w[o * inputs + i];
                if (MathF.Abs(v) < cut || (MathF.Abs(v) == cut && dropped < drop)) { dropped++; continue; }
                index.Add((ushort)i); value.Add(v);
            }
            rowStart[o + 1] = value.Count;
        }
        return new(outputs, inputs, rowStart, [.. index], [.. value]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Multiply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < _outputs; o++)
        {
            float acc = 0;
            for (int k = _rowStart[o]; k < _rowStart[o + 1]; k++) acc += _value[k] * x[_index[k]];
            y[o] = acc;
        }
    }

    public override void Write(BinaryWriter b)
    {
        b.Write(Kind); b.Write(_outputs); b.Write(_inputs);
        foreach (var s in _rowStart) b.Write(s);
        foreach (var i in _index) b.Write(i);
        foreach (var v in _value) b.Write(v);
    }

    internal static SparseWeights ReadBody(BinaryReader r)
    {
        int o = r.ReadInt32(), i = r.ReadInt32();
        var rowStart = new int[o + 1]; for (int k = 0; k <= o; k++) rowStart[k] = r.ReadInt32();
        var index = new ushort[rowStart[o]]; for (int k = 0; k < index.Length; k++) index[k] = r.ReadUInt16();
        var value = new float[rowStart[o]]; for (int k = 0; k < value.Length; k++) value[k] = r.ReadSingle();
        return new(o, i, rowStart, index, value);
    }
}

/// <summary>Low-rank factorisation by truncated SVD (MathNet): W ≈ A·B with A = U_r·Σ_r (outputs × r) and B = V_rᵀ
/// (r × inputs): (outputs + inputs)·r weights instead of outputs·inputs, the best rank-r approximation in Frobenius norm.</summary>
public sealed class LowRankWeights : LayerWeights
{
    internal const byte Kind = 3;
    private readonly DenseWeights _a, _b;   // a: outputs × r, b: r × inputs

    private LowRankWeights(DenseWeights a, DenseWeights b) { _a = a; _b = b; }

    public override int Outputs => _a.Outputs;
    public override int Inputs => _b.Inputs;
    public int Rank => _b.Outputs;

    public static LowRankWeights Factorize(int outputs, int inputs, float[] w, int rank)
    {
        if (rank < 1 || rank > Math.Min(outputs, inputs)) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"A rank between 1 and {Math.Min(outputs, inputs)}.");
        var m = Matrix<double>.Build.Dense(outputs, inputs, (o, i) => w[o * inputs + i]);
        var svd = m.Svd(computeVectors: true);
        var a = new float[outputs * rank]; var b = new float[rank * inputs];
        for (int o = 0; o < outputs; o++) for (int k = 0; k < rank; k++) a[o * rank + k] = (float)(svd.U[o, k] * svd.S[k]);
        for (int k = 0; k < rank; k++) for (int i = 0; i < inputs; i++) b[k * inputs + i] = (float)svd.VT[k, i];
        return new(new DenseWeights(outputs, rank, a), new DenseWeights(rank, inputs, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Multiply(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> h = stackalloc float[Rank];
        _b.Multiply(x, h);
        _a.Multiply(h, y);
    }

    public override void Write(BinaryWriter w) { w.Write(Kind); _a.Write(w); _b.Write(w); }

    internal static LowRankWeights ReadBody(BinaryReader r) => new((DenseWeights)Read(r), (DenseWeights)Read(r));
}
