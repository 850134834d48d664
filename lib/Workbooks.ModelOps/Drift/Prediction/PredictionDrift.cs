using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift.Prediction;

/// <summary>
/// Prediction drift: has the distribution of a model's outputs changed? The outputs (scores, probabilities,
/// regression values, predicted classes) are one column, tested with the same registry and automatic choice
/// as any input column (<see cref="DataDrift.CompareColumn"/>): numbers get KS or normed Wasserstein,
/// classes chi-square, Z or Jensen-Shannon, unless <see cref="DriftOptions"/> names a test. A drifting
/// output is the earliest label-free sign that the model now sees a different world.
/// </summary>
/// <example>
/// <code>
/// var r = PredictionDrift.Compare(new double[] { 1, 2, 3, 4, 5, 6, 7 }, new double[] { 11, 12, 13, 14, 15, 16, 17 });
/// Console.WriteLine($"{r.Column.Test} {r.DriftDetected}");
/// // prints: ks True
/// </code>
/// </example>
public static class PredictionDrift
{
    /// <summary>Numerical outputs: scores, probabilities or regression values (NaN = missing).</summary>
    public static PredictionDriftResult Compare(IReadOnlyList<double> reference, IReadOnlyList<double> current,
        DriftOptions? options = null, string name = "prediction") =>
        Compare(TableColumn.Numerical(name, reference.ToArray()), TableColumn.Numerical(name, current.ToArray()), options);

    /// <summary>Predicted classes (null = missing).</summary>
    public static PredictionDriftResult Compare(IReadOnlyList<string?> reference, IReadOnlyList<string?> current,
        DriftOptions? options = null, string name = "predicted class") =>
        Compare(TableColumn.Categorical(name, reference.ToArray()), TableColumn.Categorical(name, current.ToArray()), options);

    /// <summary>The output column <paramref name="column"/> of two tables (for example scored logs).</summary>
    public static PredictionDriftResult Compare(Table reference, Table current, string column, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        return Compare(reference[column], current[column], options);
    }

    /// <summary>An output column of two scored ML.NET data views, for example <c>model.Transform(data)</c>:
    /// <c>Score</c>, <c>Probability</c> (numbers), <c>PredictedLabel</c> (booleans, keys or text: classes).</summary>
    public static PredictionDriftResult Compare(IDataView reference, IDataView current, string column = "Score", DriftOptions? options = null) =>
        Compare(ReadOutput(reference, column, "reference"), ReadOutput(current, column, "current"), options);

    /// <summary>A model's numerical outputs on two sets of inputs: <paramref name="predict"/> is called once per input.</summary>
    public static PredictionDriftResult Compare<TInput>(IEnumerable<TInput> reference, IEnumerable<TInput> current, Func<TInput, double> predict,
        DriftOptions? options = null, string name = "prediction")
    {
        ArgumentNullException.ThrowIfNull(predict);
        return Compare(reference.Select(predict).ToArray(), current.Select(predict).ToArray(), options, name);
    }

    /// <summary>Prediction drift of each chunk of <paramref name="current"/> (for example each month, from
    /// <see cref="Windows.Chunker"/>) against all of <paramref name="reference"/>.</summary>
    public static PredictionDriftTimeline OverTime(IReadOnlyList<double> reference, IReadOnlyList<double> current,
        IReadOnlyList<Windows.Chunk> chunks, DriftOptions? options = null, string name = "prediction")
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var refColumn = TableColumn.Numerical(name, reference.ToArray());
        var results = chunks.Select(c => new PredictionDriftChunk(c, Compare(refColumn, Slice(current, c, name, "current"), options).Column)).ToArray();
        return new PredictionDriftTimeline(name, results);
    }

    /// <summary>Prediction drift of each current chunk against its matching reference chunk (the i-th with
    /// the i-th): for seasonal data, each month against the same month a year before, so the season itself
    /// is not mistaken for drift.</summary>
    public static PredictionDriftTimeline OverTime(IReadOnlyList<double> reference, IReadOnlyList<Windows.Chunk> referenceChunks,
        IReadOnlyList<double> current, IReadOnlyList<Windows.Chunk> currentChunks, DriftOptions? options = null, string name = "prediction")
    {
        ArgumentNullException.ThrowIfNull(referenceChunks); ArgumentNullException.ThrowIfNull(currentChunks);
        if (referenceChunks.Count != currentChunks.Count)
            throw new ArgumentException($"{referenceChunks.Count} reference chunks but {currentChunks.Count} current chunks; pair them one to one.");
        var results = currentChunks.Select((c, i) => new PredictionDriftChunk(c,
            Compare(Slice(reference, referenceChunks[i], name, "reference"), Slice(current, c, name, "current"), options).Column)).ToArray();
        return new PredictionDriftTimeline(name, results);
    }

    private static TableColumn Slice(IReadOnlyList<double> values, Windows.Chunk c, string name, string side)
    {
        if (c.Start < 0 || c.End > values.Count || c.Count <= 0)
            throw new ArgumentException($"Chunk {c.Key} is empty or outside the {values.Count} {side} predictions.");
        return TableColumn.Numerical(name, Enumerable.Range(c.Start, c.Count).Select(i => values[i]).ToArray());
    }

    /// <summary>Two columns of the same kind, tested as one.</summary>
    public static PredictionDriftResult Compare(TableColumn reference, TableColumn current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        if (reference.Kind != current.Kind)
            throw new ArgumentException($"Predictions '{reference.Name}' are {reference.Kind.ToString().ToLowerInvariant()} in the reference but {current.Kind.ToString().ToLowerInvariant()} in the current data.");
        options ??= new DriftOptions();
        var pair = DriftColumnPair.FromColumns(reference, current).WithBinning(new BinningSpec(options.Binning, options.QuantileBins));
        return new PredictionDriftResult(DataDrift.CompareColumn(pair, options), reference, current);
    }

    /// <summary>Reads one scalar output column of a data view as numbers or as class labels.</summary>
    internal static TableColumn ReadOutput(IDataView view, string column, string side)
    {
        ArgumentNullException.ThrowIfNull(view);
        var col = view.Schema.GetColumnOrNull(column) ?? throw new KeyNotFoundException(
            $"The {side} predictions have no column '{column}'. Columns: {string.Join(", ", view.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        var type = col.Type;
        if (type is NumberDataViewType && type.RawType == typeof(float))
            return TableColumn.Numerical(column, view.GetColumn<float>(column).Select(v => (double)v).ToArray());
        if (type is NumberDataViewType && type.RawType == typeof(double))
            return TableColumn.Numerical(column, view.GetColumn<double>(column).ToArray());
        if (type is BooleanDataViewType)
            return TableColumn.Categorical(column, view.GetColumn<bool>(column).Select(v => (string?)(v ? "True" : "False")).ToArray());
        if (type is KeyDataViewType)   // key 0 means missing; 1..n are the classes
            return TableColumn.Categorical(column, view.GetColumn<uint>(column).Select(k => k == 0 ? null : k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (type is TextDataViewType)
            return TableColumn.Categorical(column, view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.IsEmpty ? null : v.ToString()).ToArray());
        throw new ArgumentException($"The {side} predictions' column '{column}' is {type}; prediction drift reads a scalar number, boolean, key or text column.");
    }
}

/// <summary>Result of <see cref="PredictionDrift"/>: the column drift result of the outputs, and the outputs
/// themselves for the reference vs current chart.</summary>
/// <example>
/// <code>
/// var r = PredictionDrift.Compare(new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 1, 2, 3, 4, 5, 6 });
/// Console.WriteLine(r);
/// // prints: prediction: ks score 1 vs threshold 0.05: no drift
/// </code>
/// </example>
/// <param name="Column">The univariate drift result (test, why it was chosen, statistic, score, threshold).</param>
/// <param name="Reference">The reference outputs.</param>
/// <param name="Current">The current outputs.</param>
public sealed record PredictionDriftResult(ColumnDriftResult Column, TableColumn Reference, TableColumn Current) : Reporting.IHtmlRenderable
{
    public bool DriftDetected => Column.DriftDetected;

    /// <summary>Reference vs current distribution of the outputs.</summary>
    public Plotly.NET.GenericChart Chart() => Reporting.DistributionCharts.Compare(Reference, Current);

    public string ToHtml() => Reporting.PredictionDriftHtml.Render(this);

    public override string ToString() =>
        $"{Column.Name}: {Column.Test} score {Column.Score:G4} vs threshold {Column.Threshold:G4}: {(DriftDetected ? "drift" : "no drift")}";
}

/// <summary>One chunk's prediction drift against the reference.</summary>
/// <example>
/// <code>
/// var t = PredictionDrift.OverTime(new double[] { 1, 2, 3, 4 }, new double[] { 1, 2, 3, 4 }, Chunker.BySize(4, 2));
/// Console.WriteLine(t.Chunks[0].Chunk.Key);
/// // prints: [0:2)
/// </code>
/// </example>
public sealed record PredictionDriftChunk(Windows.Chunk Chunk, ColumnDriftResult Result);

/// <summary>Result of <c>PredictionDrift.OverTime</c>: one drift result per chunk, in time order.</summary>
/// <example>
/// <code>
/// var t = PredictionDrift.OverTime(new double[] { 1, 2, 3, 4 }, new double[] { 1, 2, 3, 4 }, Chunker.BySize(4, 2));
/// Console.WriteLine(t.DriftedChunks.Count);
/// // prints: 0
/// </code>
/// </example>
/// <param name="Name">What the predictions are.</param>
/// <param name="Chunks">Each chunk with its drift result.</param>
public sealed record PredictionDriftTimeline(string Name, IReadOnlyList<PredictionDriftChunk> Chunks) : Reporting.IHtmlRenderable
{
    /// <summary>Keys of the chunks whose predictions drifted.</summary>
    public IReadOnlyList<string> DriftedChunks => Chunks.Where(c => c.Result.DriftDetected).Select(c => c.Chunk.Key).ToArray();

    /// <summary>Drift score per chunk against the threshold.</summary>
    public Plotly.NET.GenericChart Chart() => Reporting.PredictionDriftHtml.Timeline(this);

    public string ToHtml() => Reporting.ChartHtml.ToHtml(Chart());
}
