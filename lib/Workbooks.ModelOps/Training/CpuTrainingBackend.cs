using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// The CPU path: each minibatch is split into one contiguous slice per worker thread; every worker runs its rows
/// forward and backward (<see cref="NetworkMath"/>, SIMD through <see cref="TensorPrimitives"/>) into its own
/// gradient buffer, the buffers are added in worker order and the optimizer steps (small steps run on one thread: see
/// <see cref="MinimumWorkPerThread"/>). All buffers are made once per
/// run, so a step allocates nothing; with the same thread count the same seed gives the same model bit for bit.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new CpuTrainingBackend(threads: 1).Device.StartsWith("CPU (1 thread"));
/// // prints: True
/// </code>
/// </example>
public sealed class CpuTrainingBackend(int threads = 0) : ITrainingBackend
{
    private readonly int _threads = threads > 0 ? threads : Environment.ProcessorCount;

    public string Device => $"CPU ({_threads} thread{(_threads == 1 ? "" : "s")}, {Vector<float>.Count * 32}-bit SIMD{(Avx512F.IsSupported ? ", AVX-512" : Avx2.IsSupported ? ", AVX2" : "")})";

    public ITrainingSession Start(NetworkShape shape, TrainingData train, TrainingData validation, ReadOnlySpan<float> parameters, NetworkOptions options) =>
        new Session(shape, train, validation, parameters, options, options.Threads > 0 ? options.Threads : _threads);

    /// <summary>Multiply-adds a step must have per worker thread before it is split.</summary>
    public const long MinimumWorkPerThread = 1 << 19;

    private sealed class Session : ITrainingSession
    {
        private readonly NetworkShape _shape;
        private readonly TrainingData _train, _validation;
        private readonly NetworkOptions _options;
        private readonly float[] _p, _m, _v, _grad;
        private readonly float[][] _workerGrad;
        private readonly float[][][] _acts, _delta;
        private readonly double[] _workerLoss;
        private readonly int[] _order;
        private readonly WorkerPool _pool;
        private readonly Action<int> _stepWork, _lossWork;
        private int _start, _count, _step;

        public Session(NetworkShape shape, TrainingData train, TrainingData validation, ReadOnlySpan<float> parameters, NetworkOptions options, int threads)
        {
            _shape = shape; _train = train; _validation = validation; _options = options;
            _p = parameters.ToArray(); _m = new float[_p.Length]; _v = new float[_p.Length]; _grad = new float[_p.Length];
            // A step is split over threads only when it is worth a hand-off: a linear model's 512-row step is ~30k
            // multiply-adds (microseconds), less than waking a second thread costs on a busy machine.
            long work = (long)options.BatchSize * shape.ParameterCount;
            _pool = new WorkerPool(work < MinimumWorkPerThread ? 1 : (int)Math.Min(threads, work / MinimumWorkPerThread));
            int w = _pool.Workers;
            _workerGrad = new float[w][]; _acts = new float[w][][]; _delta = new float[w][][]; _workerLoss = new double[w];
            for (int t = 0; t < w; t++)
            {
                _workerGrad[t] = new float[_p.Length];
                _acts[t] = shape.Sizes.Select(s => new float[s]).ToArray();
                _delta[t] = shape.Sizes.Select(s => new float[s]).ToArray();
            }
            _order = new int[train.Rows];
            _stepWork = StepWorker; _lossWork = LossWorker;
        }

        public void SetOrder(ReadOnlySpan<int> order) => order.CopyTo(_order);

        public void Step(int start, int count, float learningRate)
        {
            _start = start; _count = count;
            _pool.Run(_stepWork);
            _grad.AsSpan().Clear();
            foreach (var g in _workerGrad) TensorPrimitives.Add(_grad, g, _grad);
            TensorPrimitives.Multiply(_grad, 1f / count, _grad);
            NetworkMath.Update(_shape, _options, _p, _grad, _m, _v, learningRate, ++_step);
        }

        private void StepWorker(int t)
        {
            var grad = _workerGrad[t];
            Array.Clear(grad);
            var (from, to) = WorkerPool.Slice(_count, t, _pool.Workers);
            var acts = _acts[t]; var delta = _delta[t];
            int cols = _train.Columns;
            for (int i = _start + from; i < _start + to; i++)
            {
                int row = _order[i];
                NetworkMath.Forward(_shape, _p, _train.Features.AsSpan(row * cols, cols), acts);
                NetworkMath.Loss(_shape.Loss, acts[^1], _train.Targets[row], delta[^1]);
                NetworkMath.Backward(_shape, _p, acts, delta, grad);
            }
        }

        public double ValidationLoss()
        {
            if (_validation.Rows == 0) return double.NaN;
            _pool.Run(_lossWork);
            double sum = 0;
            foreach (var l in _workerLoss) sum += l;
            return sum / _validation.Rows;
        }

        private void LossWorker(int t)
        {
            var (from, to) = WorkerPool.Slice(_validation.Rows, t, _pool.Workers);
            var acts = _acts[t];
            int cols = _validation.Columns;
            double sum = 0;
            for (int row = from; row < to; row++)
            {
                NetworkMath.Forward(_shape, _p, _validation.Features.AsSpan(row * cols, cols), acts);
                sum += NetworkMath.Loss(_shape.Loss, acts[^1], _validation.Targets[row], default);
            }
            _workerLoss[t] = sum;
        }

        public void ReadParameters(Span<float> parameters) => _p.CopyTo(parameters);
        public void WriteParameters(ReadOnlySpan<float> parameters) => parameters.CopyTo(_p);
        public void Dispose() => _pool.Dispose();
    }
}
