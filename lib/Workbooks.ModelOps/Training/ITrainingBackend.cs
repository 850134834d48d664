namespace Workbooks.ModelOps.Training;

/// <summary>
/// Where a network's arithmetic runs: the multi-core CPU path (<see cref="CpuTrainingBackend"/>) or a GPU (the
/// ILGPU backend of Workbooks.ModelOps.Gpu). The trainer (<see cref="NetworkTrainer"/>) owns epochs, shuffling,
/// the learning-rate schedule and early stopping; a backend only steps on batches and measures the validation
/// loss, so every backend trains the same model up to float rounding.
/// </summary>
public interface ITrainingBackend
{
    /// <summary>The device in words (what a report or the CLI shows), e.g. "CPU (2 threads, AVX2)".</summary>
    string Device { get; }

    /// <summary>Copies the data and the initial parameters to the device once; every later step reads them there.</summary>
    ITrainingSession Start(NetworkShape shape, TrainingData train, TrainingData validation, ReadOnlySpan<float> parameters, NetworkOptions options);
}

/// <summary>One training run on a backend: the data, parameters and optimizer state live on its device.</summary>
public interface ITrainingSession : IDisposable
{
    /// <summary>The order in which this epoch visits the training rows (a permutation of them).</summary>
    void SetOrder(ReadOnlySpan<int> order);
    /// <summary>One optimizer step on the rows order[start .. start+count).</summary>
    void Step(int start, int count, float learningRate);
    /// <summary>Mean loss over the validation rows (no penalty).</summary>
    double ValidationLoss();
    void ReadParameters(Span<float> parameters);
    void WriteParameters(ReadOnlySpan<float> parameters);
}

/// <summary>A dense row-major feature matrix and its targets (0/1, a class index, or a value per row).</summary>
public sealed record TrainingData(float[] Features, float[] Targets, int Columns)
{
    public int Rows => Targets.Length;

    /// <summary>The rows at <paramref name="rows"/>, copied.</summary>
    public TrainingData Take(int[] rows) => Take(rows, null);

    /// <summary>The rows at <paramref name="rows"/>, copied in parallel blocks; <paramref name="transform"/>, when
    /// given, rewrites each copied row in place while it is still in cache.</summary>
    internal TrainingData Take(int[] rows, SpanAction? transform)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = Columns;
        // Uninitialised: every value is written below, and zeroing 230 MB first was a pass of its own.
        var x = GC.AllocateUninitializedArray<float>(checked(rows.Length * d));
        var y = new float[rows.Length];
        var source = Features; var targets = Targets;
        const int block = 8192;
        Parallel.For(0, (rows.Length + block - 1) / block, b =>
        {
            for (int i = b * block, end = Math.Min(rows.Length, i + block); i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                source.AsSpan(rows[i] * d, d).CopyTo(row);
                transform?.Invoke(row);
                y[i] = targets[rows[i]];
            }
        });
        return new TrainingData(x, y, Columns);
    }

    internal delegate void SpanAction(Span<float> row);
}
