using ILGPU;
using ILGPU.Runtime;
using Workbooks.ModelOps.Training;

namespace Workbooks.ModelOps.Gpu;

/// <summary>
/// The GPU path of <see cref="NetworkTrainer"/>: ILGPU kernels (<see cref="NetworkKernels"/>) for the layer products,
/// activations, loss gradient, batch reductions and the optimizer update. The training and validation matrices and
/// the parameters are copied to the device once per run; per epoch only the shuffled row order goes up, and per
/// epoch only the validation rows' losses come back. On ILGPU's CPU accelerator the same kernels run emulated,
/// which is how the tests check them without a GPU.
/// </summary>
public sealed class GpuTrainingBackend(GpuDevice device) : ITrainingBackend
{
    private const int ValidationChunk = 8192;
    private Kernels? _kernels;

    public string Device => device.ToString();

    public ITrainingSession Start(NetworkShape shape, TrainingData train, TrainingData validation, ReadOnlySpan<float> parameters, NetworkOptions options)
    {
        _kernels ??= new Kernels(device.Accelerator);
        return new Session(device.Accelerator, _kernels, shape, train, validation, parameters, options);
    }

    private sealed class Kernels(Accelerator a)
    {
        public readonly Action<Index2D, ArrayView<float>, ArrayView<int>, RowSource, ArrayView<float>, ArrayView<float>, LayerInfo> Forward =
            a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<int>, RowSource, ArrayView<float>, ArrayView<float>, LayerInfo>(NetworkKernels.Forward);
        public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, RowSource, int, int, ArrayView<float>, ArrayView<double>, int> Output =
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, RowSource, int, int, ArrayView<float>, ArrayView<double>, int>(NetworkKernels.OutputGradient);
        public readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LayerInfo, int> Backward =
            a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LayerInfo, int>(NetworkKernels.Backward);
        public readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, RowSource, int, ArrayView<float>, ArrayView<float>, LayerInfo, float> WeightGradient =
            a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, RowSource, int, ArrayView<float>, ArrayView<float>, LayerInfo, float>(NetworkKernels.WeightGradient);
        public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, UpdateInfo> Update =
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, UpdateInfo>(NetworkKernels.Update);
    }

    private sealed class Session : ITrainingSession
    {
        private readonly Accelerator _a;
        private readonly Kernels _k;
        private readonly NetworkShape _shape;
        private readonly NetworkOptions _options;
        private readonly MemoryBuffer1D<float, Stride1D.Dense> _x, _y, _xv, _yv, _p, _grad, _m, _v;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _order;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _losses, _batchLosses;
        private readonly MemoryBuffer1D<float, Stride1D.Dense>[] _acts, _delta;   // per layer output (index l = layer l's output)
        private readonly LayerInfo[] _layers;
        private readonly int _validationRows;
        private readonly double[] _hostLosses;
        private int _step;

        public Session(Accelerator a, Kernels k, NetworkShape shape, TrainingData train, TrainingData validation, ReadOnlySpan<float> parameters, NetworkOptions options)
        {
            _a = a; _k = k; _shape = shape; _options = options;
            _x = Upload(train.Features); _y = Upload(train.Targets);
            _xv = Upload(validation.Features); _yv = Upload(validation.Targets);
            _p = Upload(parameters.ToArray());
            _grad = a.Allocate1D<float>(shape.ParameterCount); _m = a.Allocate1D<float>(shape.ParameterCount); _v = a.Allocate1D<float>(shape.ParameterCount);
            _m.MemSetToZero(); _v.MemSetToZero();
            _order = a.Allocate1D<int>(Math.Max(1, train.Rows));
            _validationRows = validation.Rows;
            _losses = a.Allocate1D<double>(Math.Max(1, validation.Rows));
            int rows = Math.Max(options.BatchSize, Math.Min(ValidationChunk, Math.Max(1, validation.Rows)));
            _batchLosses = a.Allocate1D<double>(rows);
            _hostLosses = new double[Math.Max(1, validation.Rows)];
            _acts = new MemoryBuffer1D<float, Stride1D.Dense>[shape.Layers];
            _delta = new MemoryBuffer1D<float, Stride1D.Dense>[shape.Layers];
            _layers = new LayerInfo[shape.Layers];
            for (int l = 0; l < shape.Layers; l++)
            {
                _acts[l] = a.Allocate1D<float>((long)rows * shape.Sizes[l + 1]);
                _delta[l] = a.Allocate1D<float>((long)rows * shape.Sizes[l + 1]);
                int act = l == shape.Layers - 1 ? 0 : shape.Activation == Activation.Relu ? 1 : 2;
                _layers[l] = new LayerInfo { In = shape.Sizes[l], Out = shape.Sizes[l + 1], Weights = shape.WeightOffset(l), Biases = shape.BiasOffset(l), Activation = act };
            }
            a.Synchronize();
        }

        private MemoryBuffer1D<float, Stride1D.Dense> Upload(float[] values)
        {
            var buffer = _a.Allocate1D<float>(Math.Max(1, values.Length));
            if (values.Length > 0) ((ArrayView<float>)buffer.View).SubView(0, values.Length).CopyFromCPU(values);
            return buffer;
        }

        public void SetOrder(ReadOnlySpan<int> order) => ((ArrayView<int>)_order.View).SubView(0, order.Length).CopyFromCPU(order.ToArray());

        // Forward through every layer for `count` rows read from `x` through `source`; the outputs' loss gradient into the last delta.
        private void Forward(ArrayView<float> x, ArrayView<float> y, RowSource source, int count, ArrayView<double> losses, int lossOffset)
        {
            for (int l = 0; l < _shape.Layers; l++)
            {
                ArrayView<float> input = l == 0 ? x : _acts[l - 1].View;
                var src = l == 0 ? source : default;
                _k.Forward(new Index2D(count, _layers[l].Out), input, _order.View, src, _p.View, _acts[l].View, _layers[l]);
            }
            int kind = _shape.Loss switch { LossKind.Logistic => 0, LossKind.Softmax => 1, _ => 2 };
            _k.Output(count, _acts[^1].View, y, _order.View, source, _shape.Outputs, kind, _delta[^1].View, losses, lossOffset);
        }

        public void Step(int start, int count, float learningRate)
        {
            var source = new RowSource { Mode = 1, Start = start };
            Forward(_x.View, _y.View, source, count, _batchLosses.View, 0);
            for (int l = _shape.Layers - 1; l >= 0; l--)
            {
                var info = _layers[l];
                ArrayView<float> input = l == 0 ? _x.View : _acts[l - 1].View;
                var src = l == 0 ? source : default;
                _k.WeightGradient(new Index2D(info.Out, info.In + 1), _delta[l].View, input, _order.View, src, count, _p.View, _grad.View, info, (float)_options.L2Regularization);
                if (l > 0) _k.Backward(new Index2D(count, info.In), _delta[l].View, _p.View, _acts[l - 1].View, _delta[l - 1].View, info, _layers[l - 1].Activation);
            }
            _step++;
            var update = new UpdateInfo
            {
                Adam = _options.Optimizer == Optimizer.Adam ? 1 : 0, LearningRate = learningRate, Momentum = (float)_options.Momentum,
                BiasCorrection1 = 1 - MathF.Pow(0.9f, _step), BiasCorrection2 = 1 - MathF.Pow(0.999f, _step),
            };
            _k.Update(_shape.ParameterCount, _p.View, _grad.View, _m.View, _v.View, update);
        }

        public double ValidationLoss()
        {
            if (_validationRows == 0) return double.NaN;
            int chunk = (int)Math.Min(_acts[0].Length / _shape.Sizes[1], ValidationChunk);
            for (int start = 0; start < _validationRows; start += chunk)
            {
                int count = Math.Min(chunk, _validationRows - start);
                Forward(_xv.View, _yv.View, new RowSource { Mode = 2, Start = start }, count, _losses.View, start);
            }
            ((ArrayView<double>)_losses.View).SubView(0, _validationRows).CopyToCPU(_hostLosses.AsSpan(0, _validationRows));
            double sum = 0;
            for (int i = 0; i < _validationRows; i++) sum += _hostLosses[i];
            return sum / _validationRows;
        }

        public void ReadParameters(Span<float> parameters) { _a.Synchronize(); ((ArrayView<float>)_p.View).CopyToCPU(parameters); }
        public void WriteParameters(ReadOnlySpan<float> parameters) => ((ArrayView<float>)_p.View).CopyFromCPU(parameters.ToArray());

        public void Dispose()
        {
            foreach (var b in new MemoryBuffer[] { _x, _y, _xv, _yv, _p, _grad, _m, _v, _order, _losses, _batchLosses }) b.Dispose();
            foreach (var b in _acts.Concat(_delta)) b.Dispose();
        }
    }
}
