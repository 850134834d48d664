using ILGPU;
using ILGPU.Algorithms;

namespace Workbooks.ModelOps.Gpu;

/// <summary>One dense layer as the kernels see it: widths, where its weights and biases start in the flat parameter
/// array (<see cref="Training.NetworkShape"/>'s layout), and its activation (0 none, 1 ReLU, 2 tanh).</summary>
internal struct LayerInfo
{
    public int In, Out, Weights, Biases, Activation;
}

/// <summary>Where a layer's input rows come from: row r of the batch is row order[start + r] of the matrix
/// (<see cref="Mode"/> 1, a training batch), row start + r (2, a validation chunk), or row r of an activation buffer (0).</summary>
internal struct RowSource
{
    public int Mode, Start;
}

/// <summary>Scalars of the optimizer step.</summary>
internal struct UpdateInfo
{
    public int Adam;
    public float LearningRate, Momentum, BiasCorrection1, BiasCorrection2;
}

/// <summary>
/// The training kernels, in ILGPU's C# subset (no allocation, no spans): the same formulas as the CPU path's
/// <c>NetworkMath</c>, one thread per output value, each summing its own products in order (no atomics, so a run
/// is deterministic on a device). Gradient reductions over the batch run inside the weight-gradient kernel.
/// </summary>
internal static class NetworkKernels
{
    private static int Row(RowSource source, ArrayView<int> order, int r) =>
        source.Mode == 1 ? order[source.Start + r] : source.Mode == 2 ? source.Start + r : r;

    /// <summary>output[r, o] = act(b[o] + Σ_k W[o, k]·input[row(r), k]).</summary>
    public static void Forward(Index2D index, ArrayView<float> input, ArrayView<int> order, RowSource source, ArrayView<float> p, ArrayView<float> output, LayerInfo layer)
    {
        int r = index.X, o = index.Y;
        long row = Row(source, order, r);
        float s = p[layer.Biases + o];
        int w = layer.Weights + o * layer.In;
        for (int k = 0; k < layer.In; k++) s += p[w + k] * input[row * layer.In + k];
        if (layer.Activation == 1) s = s > 0 ? s : 0;
        else if (layer.Activation == 2) s = XMath.Tanh(s);
        output[(long)r * layer.Out + o] = s;
    }

    /// <summary>dLoss/dz per row into delta (the loss kind: 0 logistic, 1 softmax, 2 squared) and the row's loss into losses[lossOffset + r].</summary>
    public static void OutputGradient(Index1D r, ArrayView<float> z, ArrayView<float> targets, ArrayView<int> order, RowSource source, int outputs, int kind,
        ArrayView<float> delta, ArrayView<double> losses, int lossOffset)
    {
        float y = targets[Row(source, order, r)];
        long at = (long)(int)r * outputs;
        double loss;
        if (kind == 0)
        {
            float s = z[at];
            delta[at] = 1f / (1f + XMath.Exp(-s)) - y;
            double sd = s;
            loss = XMath.Max(sd, 0.0) + XMath.Log(1.0 + XMath.Exp(-XMath.Abs(sd))) - y * sd;
        }
        else if (kind == 2)
        {
            float d = z[at] - y;
            delta[at] = 2 * d;
            loss = (double)d * d;
        }
        else
        {
            float max = z[at];
            for (int k = 1; k < outputs; k++) max = XMath.Max(max, z[at + k]);
            double sum = 0;
            for (int k = 0; k < outputs; k++) sum += XMath.Exp((double)(z[at + k] - max));
            double lse = max + XMath.Log(sum);
            int label = (int)y;
            for (int k = 0; k < outputs; k++) delta[at + k] = (float)XMath.Exp(z[at + k] - lse) - (k == label ? 1f : 0f);
            loss = lse - z[at + label];
        }
        losses[lossOffset + r] = loss;
    }

    /// <summary>back[r, i] = (Σ_o W[o, i]·delta[r, o]) · act'(a[r, i]), a being the layer's input activations.</summary>
    public static void Backward(Index2D index, ArrayView<float> delta, ArrayView<float> p, ArrayView<float> inputActs, ArrayView<float> back, LayerInfo layer, int inputActivation)
    {
        int r = index.X, i = index.Y;
        float s = 0;
        for (int o = 0; o < layer.Out; o++) s += p[layer.Weights + o * layer.In + i] * delta[(long)r * layer.Out + o];
        float a = inputActs[(long)r * layer.In + i];
        if (inputActivation == 1) s = a > 0 ? s : 0;
        else s *= 1 - a * a;
        back[(long)r * layer.In + i] = s;
    }

    /// <summary>grad[W o,i] = (Σ_r delta[r, o]·input[row(r), i]) / count + λ·W[o, i]; the bias (i = In) without the input and penalty.</summary>
    public static void WeightGradient(Index2D index, ArrayView<float> delta, ArrayView<float> input, ArrayView<int> order, RowSource source, int count,
        ArrayView<float> p, ArrayView<float> grad, LayerInfo layer, float l2)
    {
        int o = index.X, i = index.Y;
        float s = 0;
        if (i == layer.In)
        {
            for (int r = 0; r < count; r++) s += delta[(long)r * layer.Out + o];
            grad[layer.Biases + o] = s * (1f / count);
            return;
        }
        for (int r = 0; r < count; r++) s += delta[(long)r * layer.Out + o] * input[(long)Row(source, order, r) * layer.In + i];
        int w = layer.Weights + o * layer.In + i;
        grad[w] = s * (1f / count) + l2 * p[w];
    }

    /// <summary>SGD with momentum (m ← μm + g; p ← p − lr·m) or Adam, per parameter.</summary>
    public static void Update(Index1D i, ArrayView<float> p, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, UpdateInfo u)
    {
        float g = grad[i];
        if (u.Adam == 0)
        {
            m[i] = m[i] * u.Momentum + g;
            p[i] = m[i] * -u.LearningRate + p[i];
            return;
        }
        m[i] = 0.9f * m[i] + (1 - 0.9f) * g;
        v[i] = 0.999f * v[i] + (1 - 0.999f) * g * g;
        p[i] -= u.LearningRate * (m[i] / u.BiasCorrection1) / (XMath.Sqrt(v[i] / u.BiasCorrection2) + 1e-8f);
    }
}
