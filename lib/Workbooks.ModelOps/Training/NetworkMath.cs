using System.Numerics.Tensors;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// One row through a network on the CPU, vectorised with <see cref="TensorPrimitives"/>: the forward pass, the loss
/// and its gradient at the output, and the backward pass that adds the row's gradient to an accumulator. Works in
/// caller-owned buffers only (no allocation). The GPU kernels compute the same formulas.
/// </summary>
internal static class NetworkMath
{
    /// <summary>Activations of every layer for <paramref name="x"/>: <paramref name="acts"/>[l] holds layer l's
    /// output (l = 0 is the input copy); the last holds the raw outputs z.</summary>
    public static void Forward(NetworkShape shape, ReadOnlySpan<float> p, ReadOnlySpan<float> x, float[][] acts)
    {
        x.CopyTo(acts[0]);   // the backward pass reads layer 0's input from here
        for (int l = 0; l < shape.Layers; l++)
        {
            int inW = shape.Sizes[l], outW = shape.Sizes[l + 1];
            var input = l == 0 ? x : acts[l].AsSpan(0, inW); var output = acts[l + 1].AsSpan(0, outW);
            var w = p.Slice(shape.WeightOffset(l), inW * outW); var b = p.Slice(shape.BiasOffset(l), outW);
            for (int o = 0; o < outW; o++) output[o] = b[o] + TensorPrimitives.Dot(w.Slice(o * inW, inW), input);
            if (l < shape.Layers - 1)
            {
                if (shape.Activation == Activation.Relu) TensorPrimitives.Max(output, 0f, output);
                else TensorPrimitives.Tanh(output, output);
            }
        }
    }

    /// <summary>The row's loss from raw outputs <paramref name="z"/>; writes dLoss/dz into <paramref name="dz"/> when given.</summary>
    public static double Loss(LossKind kind, ReadOnlySpan<float> z, float target, Span<float> dz)
    {
        switch (kind)
        {
            case LossKind.Logistic:
            {
                float s = z[0];
                if (!dz.IsEmpty) { dz[0] = 1f / (1f + MathF.Exp(-s)) - target; return 0; }   // training needs only the gradient
                // softplus(s) − y·s, written so that neither exp overflows
                return Math.Max(s, 0) + Math.Log(1 + Math.Exp(-Math.Abs(s))) - target * s;
            }
            case LossKind.Squared:
            {
                float d = z[0] - target;
                if (!dz.IsEmpty) dz[0] = 2 * d;
                return (double)d * d;
            }
            default:
            {
                float max = TensorPrimitives.Max(z);
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k] - max);
                double lse = max + Math.Log(sum);
                int y = (int)target;
                if (!dz.IsEmpty)
                    for (int k = 0; k < z.Length; k++) dz[k] = (float)Math.Exp(z[k] - lse) - (k == y ? 1f : 0f);
                return lse - z[y];
            }
        }
    }

    /// <summary>Adds the row's gradient to <paramref name="grad"/>, given the forward activations and dLoss/dz in
    /// <paramref name="delta"/>[last]; <paramref name="delta"/> buffers are overwritten layer by layer.</summary>
    public static void Backward(NetworkShape shape, ReadOnlySpan<float> p, float[][] acts, float[][] delta, Span<float> grad)
    {
        for (int l = shape.Layers - 1; l >= 0; l--)
        {
            int inW = shape.Sizes[l], outW = shape.Sizes[l + 1];
            var d = delta[l + 1].AsSpan(0, outW); var input = acts[l].AsSpan(0, inW);
            var w = p.Slice(shape.WeightOffset(l), inW * outW);
            var gw = grad.Slice(shape.WeightOffset(l), inW * outW); var gb = grad.Slice(shape.BiasOffset(l), outW);
            TensorPrimitives.Add(gb, d, gb);
            for (int o = 0; o < outW; o++)
                if (d[o] != 0) TensorPrimitives.MultiplyAdd(input, d[o], gw.Slice(o * inW, inW), gw.Slice(o * inW, inW));
            if (l == 0) break;
            var back = delta[l].AsSpan(0, inW);
            back.Clear();
            for (int o = 0; o < outW; o++)
                if (d[o] != 0) TensorPrimitives.MultiplyAdd(w.Slice(o * inW, inW), d[o], back, back);
            // through the activation: ReLU passes where the unit was on, tanh scales by 1 − a²
            if (shape.Activation == Activation.Relu)
            {
                for (int i = 0; i < inW; i++) if (input[i] <= 0) back[i] = 0;
            }
            else
            {
                for (int i = 0; i < inW; i++) back[i] *= 1 - input[i] * input[i];
            }
        }
    }

    /// <summary>The optimizer step on the mean gradient <paramref name="grad"/> (already scaled by 1/batch): adds
    /// λ·W to the weights' gradient, then SGD with momentum or Adam (<paramref name="step"/> counts from 1).</summary>
    public static void Update(NetworkShape shape, NetworkOptions o, Span<float> p, Span<float> grad, Span<float> m, Span<float> v, float lr, int step)
    {
        float l2 = (float)o.L2Regularization;
        if (l2 > 0)
            for (int l = 0; l < shape.Layers; l++)
            {
                int n = shape.Sizes[l] * shape.Sizes[l + 1];
                var g = grad.Slice(shape.WeightOffset(l), n);
                TensorPrimitives.MultiplyAdd(p.Slice(shape.WeightOffset(l), n), l2, g, g);
            }
        if (o.Optimizer == Optimizer.Sgd)
        {
            // m ← μ·m + g; p ← p − lr·m
            TensorPrimitives.MultiplyAdd(m, (float)o.Momentum, grad, m);
            TensorPrimitives.MultiplyAdd(m, -lr, p, p);
            return;
        }
        const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        float c1 = 1 - MathF.Pow(b1, step), c2 = 1 - MathF.Pow(b2, step);
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= lr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
        }
    }
}
