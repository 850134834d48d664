using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Models;

/// <summary>
/// A <see cref="Table"/> seen by ML.NET: each column of <c>schema</c> reads the table column of the same name
/// (single, double, text, boolean), or an extra in-memory column (a training label). The same getters serve
/// training, batch prediction (a cursor over all rows) and one-row prediction (<see cref="TableRow"/> moved
/// to a row), so a batch and a row at a time read identical values. Written here because ML.NET's own
/// views (LoadFromEnumerable, DataFrame) copy the table into typed objects first.
/// </summary>
internal sealed class TableDataView(Table table, DataViewSchema schema, IReadOnlyDictionary<string, Array>? extra = null) : IDataView
{
    private readonly Table _table = table;
    private readonly IReadOnlyDictionary<string, Array>? _extra = extra;

    public DataViewSchema Schema => schema;
    public bool CanShuffle => false;
    public long? GetRowCount() => _table.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    /// <summary>A schema of table columns: numerical as Single, categorical as Text.</summary>
    public static DataViewSchema SchemaOf(IEnumerable<ModelColumn> columns, params (string Name, DataViewType Type)[] more)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns) builder.AddColumn(c.Name, c.Kind == ColumnKind.Numerical ? NumberDataViewType.Single : TextDataViewType.Instance);
        foreach (var (name, type) in more) builder.AddColumn(name, type);
        return builder.ToSchema();
    }

    /// <summary>A row to move over the table, for one-row prediction.</summary>
    public TableRow Row() => new(this);

    internal class TableRow(TableDataView view) : DataViewRow
    {
        private readonly Dictionary<string, string?[]> _labels = new(StringComparer.Ordinal);
        protected int Index = -1;
        private long _position = -1;

        public void MoveTo(int row) { Index = row; _position++; }

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => true;
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (view._extra is not null && view._extra.TryGetValue(column.Name, out var values)) return Extra<TValue>(values);
            if (!view._table.HasColumn(column.Name)) return (ref TValue v) => v = default!;   // a saved input the outputs never read
            var source = view._table[column.Name];
            Delegate getter = column.Type switch
            {
                _ when column.Type == NumberDataViewType.Single => (ValueGetter<float>)((ref float v) => v = (float)Number(source)),
                _ when column.Type == NumberDataViewType.Double => (ValueGetter<double>)((ref double v) => v = Number(source)),
                TextDataViewType => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Labels(source)[Index] ?? "").AsMemory()),
                BooleanDataViewType => (ValueGetter<bool>)((ref bool v) => v = ReadBool(source)),
                _ => throw new InvalidOperationException($"Column '{column.Name}' of type {column.Type} is not read from the table."),
            };
            return (ValueGetter<TValue>)getter;
        }

        private ValueGetter<TValue> Extra<TValue>(Array values) => values switch
        {
            float[] f => (ValueGetter<TValue>)(Delegate)(ValueGetter<float>)((ref float v) => v = f[Index]),
            bool[] b => (ValueGetter<TValue>)(Delegate)(ValueGetter<bool>)((ref bool v) => v = b[Index]),
            string[] s => (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = s[Index].AsMemory()),
            _ => throw new InvalidOperationException($"Extra column of {values.GetType().Name} is not supported."),
        };

        private double Number(TableColumn c) => c.Kind == ColumnKind.Numerical ? c.Numbers![Index] : double.NaN;

        private string?[] Labels(TableColumn c) => _labels.TryGetValue(c.Name, out var l) ? l : _labels[c.Name] = c.AsLabels();

        private bool ReadBool(TableColumn c) => c.Kind == ColumnKind.Numerical
            ? c.Numbers![Index] is var x && !double.IsNaN(x) && x != 0
            : bool.TryParse(Labels(c)[Index], out var b) ? b
            : throw new InvalidDataException($"{view._table.Source}: row {Index + 1} of column '{c.Name}' is '{Labels(c)[Index]}', not true or false.");
    }

    private sealed class Cursor(TableDataView view) : DataViewRowCursor
    {
        private readonly TableRow _row = view.Row();
        private int _index = -1;

        public override long Position => _index;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => true;
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_index, 0);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

        public override bool MoveNext()
        {
            if (_index + 1 >= view._table.RowCount) return false;
            _row.MoveTo(++_index);
            return true;
        }
    }
}
