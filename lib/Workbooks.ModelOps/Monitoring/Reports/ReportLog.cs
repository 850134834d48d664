using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>
/// A prediction log opened for reporting, whatever form it takes: the DuckDB file the monitor writes (attached
/// read-only, so a report never changes it), a Parquet export of its <c>prediction_log</c> view, or a folder of
/// such Parquet files written by several service replicas (read together, columns matched by name). Every query
/// goes to the view <c>log</c> (one row per prediction, its label joined) and <c>alerts</c> (empty when the
/// source has none, as a Parquet export does).
/// </summary>
public sealed class ReportLog : IDisposable
{
    /// <summary>The columns a report reads; a Parquet export of the <c>prediction_log</c> view has them all.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } =
        ["id", "time", "model", "version", "features", "prediction", "score", "latency_us", "failure", "label", "label_value", "label_time"];

    private readonly PredictionLog _db;

    private ReportLog(string source, PredictionLog db, bool hasAlerts)
    {
        Source = source; _db = db; HasAlerts = hasAlerts;
    }

    /// <summary>The file or folder given.</summary>
    public string Source { get; }
    /// <summary>False for Parquet sources: they carry predictions and labels, not the alert history.</summary>
    public bool HasAlerts { get; }

    /// <summary>Opens <paramref name="source"/>; a missing path, an unreadable file or missing columns are a
    /// <see cref="MonitoringReportException"/> naming the file and what is wrong.</summary>
    public static ReportLog Open(string source)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new MonitoringReportException("log: no prediction log given.");
        bool folder = Directory.Exists(source);
        if (!folder && !File.Exists(source))
            throw new MonitoringReportException($"log: '{source}' does not exist{(Path.IsPathRooted(source) ? "" : $" (relative to {Directory.GetCurrentDirectory()}: a notebook runs in its own folder, so give an absolute path)")} " +
                "(give the monitor's DuckDB prediction log, its Parquet export, or a folder of Parquet files).");
        var db = PredictionLog.OpenInMemory();
        try
        {
            var full = Path.GetFullPath(source);
            bool hasAlerts = false;
            if (folder)
            {
                if (!Directory.EnumerateFiles(full, "*.parquet", SearchOption.AllDirectories).Any())
                    throw new MonitoringReportException($"log: the folder '{source}' holds no .parquet files.");
                db.Execute($"CREATE VIEW log AS SELECT * FROM read_parquet({Quote(Path.Combine(full, "**", "*.parquet"))}, union_by_name = true)");
            }
            else if (full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                db.Execute($"CREATE VIEW log AS SELECT * FROM read_parquet({Quote(full)})");
            else
            {
                db.Execute($"ATTACH {Quote(full)} AS src (READ_ONLY)");
                db.Execute("CREATE VIEW log AS SELECT * FROM src.prediction_log");
                db.Execute("CREATE VIEW alerts AS SELECT * FROM src.alerts");
                hasAlerts = true;
            }
            if (!hasAlerts)
                db.Execute("CREATE TABLE alerts (time TIMESTAMP, model VARCHAR, version VARCHAR, rule VARCHAR, metric VARCHAR, kind VARCHAR, severity VARCHAR, value DOUBLE, threshold DOUBLE, window_key VARCHAR, message VARCHAR)");
            var columns = Strings(db.Query("SELECT column_name FROM (DESCRIBE log)")["column_name"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var missing = RequiredColumns.Where(c => !columns.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new MonitoringReportException($"log: '{source}' has no column {string.Join(", ", missing)}; give the DuckDB log or a Parquet export of its prediction_log view (COPY prediction_log TO 'log.parquet').");
            return new ReportLog(source, db, hasAlerts);
        }
        catch (Exception e) when (e is DuckDBException or IOException)
        {
            db.Dispose();
            throw new MonitoringReportException($"log: '{source}' cannot be read as a DuckDB prediction log or Parquet: {FirstLine(e.Message)}");
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Runs a query over the views <c>log</c> and <c>alerts</c>.</summary>
    public DataFrame Query(string sql) => _db.Query(sql);

    /// <summary>Runs one SELECT and returns its single value (null for SQL NULL).</summary>
    public object? Scalar(string sql) => _db.Scalar(sql);

    /// <summary>The model names in the log, most predictions first.</summary>
    public IReadOnlyList<string> Models() =>
        Strings(Query("SELECT model, count(*) AS n FROM log GROUP BY model ORDER BY n DESC, model")["model"]).OfType<string>().ToList();

    /// <summary>First and last prediction time of <paramref name="model"/> and its count.</summary>
    public (DateTime First, DateTime Last, long Rows) Span(string model)
    {
        var f = Query($"SELECT min(time) AS first, max(time) AS last, count(*) AS n FROM log WHERE model = {Quote(model)}");
        return f["n"][0] is long n && n > 0 ? ((DateTime)f["first"][0], (DateTime)f["last"][0], n) : (default, default, 0);
    }

    /// <summary>A SQL string literal.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    /// <summary>A SQL timestamp literal.</summary>
    public static string Timestamp(DateTime t) => "TIMESTAMP '" + t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    /// <summary>The SQL condition for <paramref name="model"/>'s rows in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static string Between(string model, DateTime from, DateTime to) =>
        $"model = {Quote(model)} AND time >= {Timestamp(from)} AND time < {Timestamp(to)}";

    /// <summary>A text column's values (null stays null).</summary>
    public static IEnumerable<string?> Strings(DataFrameColumn column)
    {
        for (long i = 0; i < column.Length; i++) yield return column[i]?.ToString();
    }

    public void Dispose() => _db.Dispose();

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}

/// <summary>A report cannot be made from its parameters; the message names the parameter and the reason.</summary>
public sealed class MonitoringReportException(string message) : Exception(message);
