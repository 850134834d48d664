using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Training;

namespace Workbooks.Benchmarks;

/// <summary>
/// Seeded synthetic data for the training benchmarks (<see cref="SyntheticTrainingData"/>), split 90/10 into training and validation,
/// as dense matrices (what the gradient trainers read) and as ML.NET data views over the same values.
/// </summary>
public sealed class TrainingBenchmarkData
{
    public TrainingBenchmarkData(int rows, int columns, bool regression, int seed = 42)
    {
        All = SyntheticTrainingData.Create(rows, columns, regression, seed);
        (Train, Validation) = NetworkTrainer.Split(All, ValidationFraction, seed);
        Regression = regression;
    }

    public const double ValidationFraction = 0.1;
    public TrainingData All { get; }
    public TrainingData Train { get; }
    public TrainingData Validation { get; }
    public bool Regression { get; }

    /// <summary>An ML.NET view of <paramref name="data"/> with a Label (bool or float) and a fixed-size Features vector, read in place.</summary>
    public IDataView View(MLContext ml, TrainingData data)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Label", Regression ? NumberDataViewType.Single : BooleanDataViewType.Instance);
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, data.Columns));
        return new ArrayView(builder.ToSchema(), data, Regression);
    }

    // A read-only view over the dense arrays (no copy into ML.NET's own in-memory format, so loading is not timed as training).
    private sealed class ArrayView(DataViewSchema schema, TrainingData data, bool regression) : IDataView
    {
        public TrainingData Data => data;
        public bool Regression => regression;
        public bool CanShuffle => false;
        public DataViewSchema Schema => schema;
        public long? GetRowCount() => data.Rows;
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

        private sealed class Cursor(ArrayView view) : DataViewRowCursor
        {
            private long _row = -1;
            public override DataViewSchema Schema => view.Schema;
            public override long Position => _row;
            public override long Batch => 0;
            public override bool IsColumnActive(DataViewSchema.Column column) => true;
            public override bool MoveNext() => ++_row < view.GetRowCount();
            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                var d = view.Data;
                if (column.Index == 1)
                    return (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
                    {
                        var editor = VBufferEditor.Create(ref v, d.Columns);
                        d.Features.AsSpan((int)(_row * d.Columns), d.Columns).CopyTo(editor.Values);
                        v = editor.Commit();
                    });
                if (view.Regression) return (ValueGetter<TValue>)(Delegate)(ValueGetter<float>)((ref float v) => v = d.Targets[_row]);
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<bool>)((ref bool v) => v = d.Targets[_row] == 1);
            }
        }
    }
}
