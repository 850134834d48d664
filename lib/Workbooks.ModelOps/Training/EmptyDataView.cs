using Microsoft.ML;

namespace Workbooks.ModelOps.Training;

/// <summary>A view with a schema and no rows: what ML.NET's estimators are fitted on when only the schema matters.</summary>
internal sealed class EmptyDataView(DataViewSchema schema) : IDataView
{
    public bool CanShuffle => false;
    public DataViewSchema Schema => schema;
    public long? GetRowCount() => 0;
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => throw new NotSupportedException("An empty view has no rows.");
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => throw new NotSupportedException("An empty view has no rows.");
}
