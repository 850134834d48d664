using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// An arbitrary ML.NET model zip (saved with <c>mlContext.Model.Save(model, inputSchema, path)</c>) bound to a
/// table: each input column the model reads is taken from the table column of the same name (single, double,
/// text and boolean columns), and the output is read as <c>Score</c> (regression) or
/// <c>PredictedLabel</c>/<c>Probability</c> (binary classification).
/// </summary>
internal sealed class SchemaBoundModel
{
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly Table _table;
    private readonly string[] _outputs;

    private SchemaBoundModel(ITransformer model, DataViewSchema inputSchema, Table table, IReadOnlyList<string> columnsRead, string[] outputs)
    {
        _model = model; _inputSchema = inputSchema; _table = table; ColumnsRead = columnsRead; _outputs = outputs;
    }

    /// <summary>The table columns the model reads.</summary>
    public IReadOnlyList<string> ColumnsRead { get; }

    /// <summary>Binds <paramref name="model"/> to <paramref name="data"/>; a missing or incompatible column, or an output
    /// that does not fit the data's task, is an <see cref="ArgumentException"/> naming the column and <paramref name="path"/>.</summary>
    public static SchemaBoundModel Bind(ITransformer model, DataViewSchema inputSchema, ReplayDataset data, string path)
    {
        if (!model.IsRowToRowMapper) throw new ArgumentException($"The model '{path}' cannot predict one row at a time.");
        var mapper = model.GetRowToRowMapper(inputSchema);
        string[] outputs = data.Task switch
        {
            ReplayTask.Regression => ["Score"],
            ReplayTask.Binary => mapper.OutputSchema.GetColumnOrNull("Probability") is null ? ["PredictedLabel"] : ["PredictedLabel", "Probability"],
            _ => throw new ArgumentException($"The model '{path}': only regression and binary-classification models can be replayed from a plain model zip; '{data.Label}' of {data.Table.Source} has several classes."),
        };
        foreach (var name in outputs)
        {
            var column = mapper.OutputSchema.GetColumnOrNull(name);
            var expected = name == "PredictedLabel" ? (DataViewType)BooleanDataViewType.Instance : NumberDataViewType.Single;
            if (column is null || !column.Value.Type.Equals(expected))
                throw new ArgumentException($"The model '{path}' has no output column '{name}' of type {expected} that a {data.Task.ToString().ToLowerInvariant()} model of '{data.Label}' gives (outputs: {string.Join(", ", mapper.OutputSchema.Select(c => $"{c.Name}:{c.Type}"))}).");
        }
        var needed = mapper.GetDependencies(outputs.Select(n => mapper.OutputSchema[n]));
        var read = new List<string>();
        foreach (var column in needed)
        {
            if (!data.Table.HasColumn(column.Name))
                throw new ArgumentException($"The model '{path}' reads column '{column.Name}', which {data.Table.Source} does not have.");
            var kind = data.Table[column.Name].Kind;
            bool fits = column.Type switch
            {
                NumberDataViewType n when n == NumberDataViewType.Single || n == NumberDataViewType.Double => kind == ColumnKind.Numerical,
                TextDataViewType or BooleanDataViewType => true,
                _ => false,
            };
            if (!fits)
                throw new ArgumentException($"The model '{path}' reads column '{column.Name}' as {column.Type}, which the {kind.ToString().ToLowerInvariant()} column '{column.Name}' of {data.Table.Source} cannot give.");
            read.Add(column.Name);
        }
        return new SchemaBoundModel(model, inputSchema, data.Table, read, outputs);
    }

    /// <summary>A thread-safe predictor of table rows (one mapper per thread).</summary>
    public Func<int, PredictionView> CreatePredictor(string? positiveClass, string? negativeClass)
    {
        var engines = new ThreadLocal<Engine>(() => new Engine(this));
        return row => engines.Value!.Predict(row, positiveClass, negativeClass);
    }

    /// <summary>One thread's mapper: a mutable input row pointing at a table row, and getters on the output.</summary>
    private sealed class Engine
    {
        private readonly TableRow _input;
        private readonly ValueGetter<float>? _score, _probability;
        private readonly ValueGetter<bool>? _label;

        public Engine(SchemaBoundModel owner)
        {
            var mapper = owner._model.GetRowToRowMapper(owner._inputSchema);
            var active = owner._outputs.Select(n => mapper.OutputSchema[n]).ToArray();
            _input = new TableRow(owner._table, owner._inputSchema, owner.ColumnsRead);
            var output = mapper.GetRow(_input, active);
            foreach (var c in active)
            {
                if (c.Name == "Score") _score = output.GetGetter<float>(c);
                else if (c.Name == "Probability") _probability = output.GetGetter<float>(c);
                else _label = output.GetGetter<bool>(c);
            }
        }

        public PredictionView Predict(int row, string? positive, string? negative)
        {
            _input.MoveTo(row);
            float value = 0;
            if (_score is not null) { _score(ref value); return new PredictionView(null, value); }
            bool label = false;
            _label!(ref label);
            if (_probability is null) return new PredictionView(label ? positive : negative, label ? 1 : 0);
            _probability(ref value);
            return new PredictionView(label ? positive : negative, value);
        }
    }

    /// <summary>The model's input row, reading each column from the current table row.</summary>
    private sealed class TableRow(Table table, DataViewSchema schema, IReadOnlyList<string> columnsRead) : DataViewRow
    {
        private readonly HashSet<string> _read = new(columnsRead, StringComparer.Ordinal);
        private readonly Dictionary<string, string?[]> _labels = new(StringComparer.Ordinal);
        private int _row;
        private long _position = -1;

        public void MoveTo(int row) { _row = row; _position++; }

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => _read.Contains(column.Name);
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var source = table[column.Name];
            Delegate getter = column.Type switch
            {
                _ when column.Type == NumberDataViewType.Single => (ValueGetter<float>)((ref float v) => v = (float)source.Numbers![_row]),
                _ when column.Type == NumberDataViewType.Double => (ValueGetter<double>)((ref double v) => v = source.Numbers![_row]),
                TextDataViewType => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Labels(source)[_row] ?? "").AsMemory()),
                BooleanDataViewType => (ValueGetter<bool>)((ref bool v) => v = ReadBool(source, _row)),
                _ => throw new InvalidOperationException($"Column '{column.Name}' of type {column.Type} is not read from the table."),
            };
            return (ValueGetter<TValue>)getter;
        }

        private string?[] Labels(TableColumn c) => _labels.TryGetValue(c.Name, out var l) ? l : _labels[c.Name] = c.AsLabels();

        private bool ReadBool(TableColumn c, int row) => c.Kind == ColumnKind.Numerical
            ? c.Numbers![row] is var x && !double.IsNaN(x) && x != 0
            : bool.TryParse(Labels(c)[row], out var b) ? b
            : throw new InvalidDataException($"{table.Source}: row {row + 1} of column '{c.Name}' is '{Labels(c)[row]}', not true or false.");
    }
}
