using System.Data.Common;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Workbooks.ModelOps.Monitoring.Alerts;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// The prediction log: a DuckDB database file with one row per logged prediction (<c>predictions</c>), the labels
/// that arrive later (<c>labels</c>), per-window metric values (<c>metrics</c>) and alert history (<c>alerts</c>);
/// the view <c>prediction_log</c> joins each prediction with its label. Rows are written in batches with DuckDB's
/// appender, each batch one transaction in DuckDB's write-ahead log, so a process killed mid-run leaves a file
/// that opens with every batch flushed before the kill. Queries return a DataFrame; tables export to Parquet.
/// Thread-safe: one lock guards the connection.
/// </summary>
/// <example>
/// <code>
/// using var log = PredictionLog.Open(Path.Combine(Path.GetTempPath(), "example.duckdb"));
/// var frame = log.Query("SELECT 40 + 2 AS answer");
/// Console.WriteLine(frame["answer"][0]);
/// // prints: 42
/// </code>
/// </example>
public sealed class PredictionLog : IAlertSink
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS predictions (run VARCHAR, id BIGINT, time TIMESTAMP, model VARCHAR, version VARCHAR,
            features VARCHAR, prediction VARCHAR, score DOUBLE, latency_us DOUBLE, failure VARCHAR);
        CREATE TABLE IF NOT EXISTS labels (run VARCHAR, id BIGINT, time TIMESTAMP, model VARCHAR, version VARCHAR, label VARCHAR, label_value DOUBLE);
        CREATE TABLE IF NOT EXISTS metrics (run VARCHAR, time TIMESTAMP, model VARCHAR, version VARCHAR, window_key VARCHAR, name VARCHAR, value DOUBLE);
        CREATE TABLE IF NOT EXISTS alerts (time TIMESTAMP, model VARCHAR, version VARCHAR, rule VARCHAR, metric VARCHAR, kind VARCHAR,
            severity VARCHAR, value DOUBLE, threshold DOUBLE, window_key VARCHAR, message VARCHAR);
        CREATE OR REPLACE VIEW prediction_log AS
            SELECT p.*, l.label, l.label_value, l.time AS label_time
            FROM predictions p LEFT JOIN labels l ON l.run = p.run AND l.id = p.id;
        """;

    private readonly DuckDBConnection _connection;
    private readonly object _gate = new();

    private PredictionLog(string path, DuckDBConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the database at <paramref name="path"/> and makes sure the tables exist.</summary>
    public static PredictionLog Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Cannot create the prediction log '{full}': the folder '{dir}' does not exist.");
        DuckDBConnection connection;
        try
        {
            connection = new DuckDBConnection($"Data Source={full}");
            connection.Open();
        }
        catch (DuckDBException e)
        {
            throw new IOException($"Cannot open the prediction log '{full}': {e.Message}", e);
        }
        var log = new PredictionLog(full, connection);
        log.Execute(Schema);
        return log;
    }

    /// <summary>An empty in-memory database without the log's tables, for reading other logs through views
    /// (<see cref="Reports.ReportLog"/> attaches a log file read-only or reads Parquet files).</summary>
    internal static PredictionLog OpenInMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return new PredictionLog(":memory:", connection);
    }

    /// <summary>Runs a statement that returns no rows; returns the rows changed.</summary>
    public int Execute(string sql)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>Runs one SELECT and returns its single value.</summary>
    public object? Scalar(string sql)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            var v = command.ExecuteScalar();
            return v is DBNull ? null : v;
        }
    }

    /// <summary>Runs a query and returns its rows as a DataFrame (numbers as double or long columns, text as
    /// string columns, timestamps as DateTime columns).</summary>
    public DataFrame Query(string sql)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            return ToDataFrame(reader);
        }
    }

    /// <summary>Writes the result of <paramref name="sqlOrTable"/> (a table, view or query) to a Parquet file with DuckDB's COPY.</summary>
    public void ExportParquet(string sqlOrTable, string parquetPath)
    {
        var source = sqlOrTable.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase) ? $"({sqlOrTable})" : sqlOrTable;
        Execute($"COPY {source} TO '{parquetPath.Replace("'", "''")}' (FORMAT PARQUET)");
    }

    /// <summary>Appends rows to <paramref name="table"/> in one transaction (one appender, closed at the end).</summary>
    internal void Append<T>(string table, IReadOnlyList<T> rows, Action<IDuckDBAppenderRow, T> write)
    {
        if (rows.Count == 0) return;
        lock (_gate)
        {
            using var appender = _connection.CreateAppender(table);
            foreach (var r in rows)
            {
                var row = appender.CreateRow();
                write(row, r);
                row.EndRow();
            }
            appender.Close();
        }
    }

    /// <summary>Alert history: each event is one row of <c>alerts</c>, written at once.</summary>
    public void Publish(AlertEvent a) => Append("alerts", [a], static (row, e) => row
        .AppendValue(e.Time).AppendValue(e.Model).AppendValue(e.Version).AppendValue(e.Rule).AppendValue(e.Metric)
        .AppendValue(e.Kind.ToString().ToLowerInvariant()).AppendValue(e.Severity.ToString().ToLowerInvariant())
        .AppendValue(e.Value).AppendValue(e.Threshold).AppendValue(e.WindowKey).AppendValue(e.Message));

    /// <summary>Writes a checkpoint: the write-ahead log is folded into the database file.</summary>
    public void Checkpoint() => Execute("CHECKPOINT");

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }

    private static DataFrame ToDataFrame(DbDataReader reader)
    {
        int n = reader.FieldCount;
        var values = Enumerable.Range(0, n).Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
            for (int i = 0; i < n; i++) values[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
        var columns = new List<DataFrameColumn>(n);
        for (int i = 0; i < n; i++)
        {
            var name = reader.GetName(i);
            var type = Nullable.GetUnderlyingType(reader.GetFieldType(i)) ?? reader.GetFieldType(i);
            var v = values[i];
            columns.Add(type switch
            {
                _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) =>
                    new DoubleDataFrameColumn(name, v.Select(x => x is null ? (double?)null : Convert.ToDouble(x))),
                _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(ulong) || type == typeof(uint) =>
                    new Int64DataFrameColumn(name, v.Select(x => x is null ? (long?)null : Convert.ToInt64(x))),
                _ when type == typeof(System.Numerics.BigInteger) =>
                    new Int64DataFrameColumn(name, v.Select(x => x is null ? (long?)null : (long)(System.Numerics.BigInteger)x)),
                _ when type == typeof(bool) => new BooleanDataFrameColumn(name, v.Select(x => (bool?)x)),
                _ when type == typeof(DateTime) => new PrimitiveDataFrameColumn<DateTime>(name, v.Select(x => (DateTime?)x)),
                _ => new StringDataFrameColumn(name, v.Select(x => x?.ToString())),
            });
        }
        return new DataFrame(columns);
    }
}
