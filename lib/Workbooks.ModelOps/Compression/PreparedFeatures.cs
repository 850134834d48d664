using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// The feature vector a model's trainer reads, computed by the model's own ML.NET feature preparation (missing
/// numbers replaced, categories one-hot encoded): only the prepared column is requested, so the trainer's scoring
/// is never run. When the model's preparation compiles (<see cref="CompiledPreparation"/>, which gives the same
/// vectors) the rows are prepared by it instead of ML.NET. One instance reads rows of one table and is not thread-safe
/// (it reuses one ML.NET row).
/// </summary>
public sealed class PreparedFeatures
{
    private readonly TableDataView.TableRow? _row;
    private readonly ValueGetter<VBuffer<float>>? _getter;
    private readonly CompiledPreparation.RowReader? _compiled;
    private VBuffer<float> _buffer;

    public PreparedFeatures(TrainedModel model, Table table, string featureColumn, int featureCount)
        : this(Checked(model, table).Transformer, model.InputSchema, table, featureColumn, featureCount) { }

    /// <summary>Features prepared by <paramref name="transformer"/> (the caller has checked the table's columns).</summary>
    internal PreparedFeatures(ITransformer transformer, DataViewSchema inputSchema, Table table, string featureColumn, int featureCount,
        CompiledPreparation? compiled = null)
    {
        Table = table; FeatureCount = featureCount;
        if (compiled is not null) { _compiled = compiled.Reader(table); return; }
        var mapper = transformer.GetRowToRowMapper(inputSchema);
        _row = new TableDataView(table, inputSchema).Row();
        var column = mapper.OutputSchema[featureColumn];
        _getter = mapper.GetRow(_row, [column]).GetGetter<VBuffer<float>>(column);
    }

    private static TrainedModel Checked(TrainedModel model, Table table)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.CheckColumns(table);
        return model;
    }

    public Table Table { get; }
    public int FeatureCount { get; }
    /// <summary>Whether rows are prepared by a <see cref="CompiledPreparation"/> rather than ML.NET's transforms.</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>Writes row <paramref name="row"/>'s prepared features, dense, into <paramref name="features"/>.</summary>
    public void Read(int row, Span<float> features)
    {
        if ((uint)row >= (uint)Table.RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"{Table.Source} has {Table.RowCount} rows.");
        if (_compiled is not null) { _compiled.Read(row, features); return; }
        _row!.MoveTo(row);
        _getter!(ref _buffer);
        if (_buffer.Length != FeatureCount) throw new InvalidOperationException($"The feature preparation gave {_buffer.Length} values; the trees read {FeatureCount}.");
        _buffer.CopyTo(features);
    }

    /// <summary>Every row's prepared features, row-major (<see cref="FeatureCount"/> values a row).</summary>
    public float[] ReadAll()
    {
        var all = new float[(long)Table.RowCount * FeatureCount];
        for (int r = 0; r < Table.RowCount; r++) Read(r, all.AsSpan(r * FeatureCount, FeatureCount));
        return all;
    }
}
