using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A model's fitted feature preparation (missing numbers replaced, categories one-hot encoded, concatenated) applied
/// straight from a table's values: the same float vector ML.NET's transforms give, without ML.NET's per-row delegates,
/// VBuffers and text keys (0.5-1.5 µs a row, as much as the compiled trees). Hand-written because ML.NET has no
/// lighter way to run its fitted transforms on one row. The fitted values are read once through ML.NET's public API:
/// each one-hot column's categories from its slot names, each replacement value by preparing a row whose every value
/// is missing; the result is then checked against ML.NET on probe rows. Only the transforms <c>TrainedModel</c> fits
/// for tree models compile; for anything else (a normaliser, another transform) <see cref="TryCompile"/> gives null
/// and callers keep ML.NET's preparation.
/// </summary>
public sealed class CompiledPreparation
{
    // One model column: where it lands in the vector, and its category slots (categorical) or its replacement (numerical).
    private sealed record Input(string Name, bool Categorical, int Offset, Dictionary<string, int>? Slots, float Replacement);

    private readonly Input[] _inputs;

    private CompiledPreparation(Input[] inputs, int featureCount) { _inputs = inputs; FeatureCount = featureCount; }

    /// <summary>Length of the prepared feature vector.</summary>
    public int FeatureCount { get; }

    /// <summary>The compiled form of <paramref name="preparation"/> (whose output <paramref name="featureColumn"/> is
    /// the vector the trainer reads), or null when it holds a transform other than one-hot encoding, missing-value
    /// replacement and concatenation, or when the compiled form differs from ML.NET on the probe rows.</summary>
    public static CompiledPreparation? TryCompile(ITransformer preparation, DataViewSchema inputSchema, IReadOnlyList<ModelColumn> schema,
        string featureColumn, int featureCount)
    {
        var steps = ModelParts.Flatten(preparation).ToList();
        if (steps.Any(s => s is not (OneHotEncodingTransformer or MissingValueReplacingTransformer or ColumnConcatenatingTransformer))) return null;
        var prepared = preparation.GetOutputSchema(inputSchema);
        var kinds = schema.ToDictionary(c => c.Name, c => c.Kind);
        var inputs = new List<Input>();
        int offset = 0;
        // TrainedModel concatenates the model's columns in schema order; ML.NET keeps that layout private, so it is
        // assumed here and checked on the probe rows below.
        foreach (var name in schema.Select(c => c.Name))
        {
            if (!kinds.TryGetValue(name, out var kind) || prepared.GetColumnOrNull(name) is not { } column) return null;
            if (kind == ColumnKind.Numerical)
            {
                if (column.Type != NumberDataViewType.Single) return null;
                inputs.Add(new Input(name, false, offset++, null, 0));
                continue;
            }
            if (column.Type is not VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single
                || !column.HasSlotNames()) return null;
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            column.GetSlotNames(ref names);
            if (names.Length != vector.Size) return null;
            var slots = new Dictionary<string, int>(StringComparer.Ordinal);
            int slot = 0;
            foreach (var category in names.DenseValues()) slots.TryAdd(category.ToString(), slot++);
            inputs.Add(new Input(name, true, offset, slots, 0));
            offset += vector.Size;
        }
        if (offset != featureCount) return null;

        // Row 0 has every value missing (its numerical slots are the replacement values); rows 1 and 2 give each column a
        // different number and its first or last category, so a wrong layout or category map shows. All must come out as
        // ML.NET prepares them.
        var probe = new Table(inputs.Select((input, i) => input.Categorical
            ? TableColumn.Categorical(input.Name, [null, input.Slots!.Keys.FirstOrDefault(), input.Slots!.Keys.LastOrDefault()])
            : TableColumn.Numerical(input.Name, [double.NaN, i + 1, -(i + 1) * 0.5])), "probe rows");
        var reference = new PreparedFeatures(preparation, inputSchema, probe, featureColumn, featureCount).ReadAll();
        var compiled = new CompiledPreparation([.. inputs.Select(i => i.Categorical ? i : i with { Replacement = reference[i.Offset] })], featureCount);
        var mine = new float[probe.RowCount * featureCount];
        var reader = compiled.Reader(probe);
        for (int r = 0; r < probe.RowCount; r++) reader.Read(r, mine.AsSpan(r * featureCount, featureCount));
        return mine.AsSpan().SequenceEqual(reference) ? compiled : null;
    }

    /// <summary>A reader of <paramref name="table"/>'s rows (the caller has checked its columns). Thread-safe: it holds no per-row state.</summary>
    public RowReader Reader(Table table) => new(this, table);

    /// <summary>Prepares rows of one table: its columns are looked up once, each row is a loop over them.</summary>
    public sealed class RowReader
    {
        private readonly Input[] _inputs;
        private readonly double[]?[] _numbers;
        private readonly string?[]?[] _labels;
    
        internal RowReader(CompiledPreparation preparation, Table table)
        {
            _inputs = preparation._inputs;
            FeatureCount = preparation.FeatureCount;
            RowCount = table.RowCount;
            _numbers = new double[_inputs.Length][];
            _labels = new string?[_inputs.Length][];
            for (int i = 0; i < _inputs.Length; i++)
            {
                var column = table[_inputs[i].Name];
                // As ML.NET reads the table (TableDataView): a categorical column where a number is expected is missing; numbers as categories are their text.
                if (_inputs[i].Categorical) _labels[i] = column.AsLabels();
                else _numbers[i] = column.Kind == ColumnKind.Numerical ? column.Numbers : null;
            }
        }

        public int FeatureCount { get; }
        public int RowCount { get; }

        /// <summary>Writes row <paramref name="row"/>'s prepared features into <paramref name="features"/> (<see cref="FeatureCount"/> values).</summary>
        public void Read(int row, Span<float> features)
        {
            if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"The table has {RowCount} rows.");
            features = features[..FeatureCount];
            features.Clear();
            var inputs = _inputs;
            for (int i = 0; i < inputs.Length; i++)
            {
                var input = inputs[i];
                if (!input.Categorical)
                {
                    float x = _numbers[i] is { } numbers ? (float)numbers[row] : float.NaN;
                    features[input.Offset] = float.IsNaN(x) ? input.Replacement : x;
                }
                // Exact text, as ML.NET's keys (" a" is not "a"); a missing or unseen category sets no slot.
                else if (_labels[i]![row] is { } label && input.Slots!.TryGetValue(label, out int slot))
                    features[input.Offset + slot] = 1;
            }
        }
    }
}
