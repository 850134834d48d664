using System.Globalization;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>
/// What a monitoring report is asked for: the prediction log, the reference data, the model, the period and the
/// comparison period, and the thresholds. <see cref="FromParameters"/> takes the report notebook's parameters as
/// given on the command line (text; an empty text takes the default) and names the parameter a bad value came from.
/// </summary>
public sealed record MonitoringReportRequest
{
    /// <summary>The DuckDB prediction log, its Parquet export, or a folder of Parquet files.</summary>
    public required string Log { get; init; }
    /// <summary>A CSV or Parquet file, or a catalog dataset, holding at least the model's feature columns; a
    /// <c>score</c> and <c>prediction</c> column and one label column make it the quality and prediction-drift reference too.</summary>
    public required string Reference { get; init; }
    /// <summary>The model's name in the log; null: the log's only model.</summary>
    public string? Model { get; init; }
    /// <summary>The period [Start, End); null Start and End: the last seven whole days of the log.</summary>
    public DateTime? Start { get; init; }
    public DateTime? End { get; init; }
    /// <summary>The comparison period; null: the previous period of the same length.</summary>
    public DateTime? CompareStart { get; init; }
    public DateTime? CompareEnd { get; init; }
    public ReportThresholds Thresholds { get; init; } = new();
    /// <summary>The model registry folder; null: no registry section. With it, the report checks the versions that
    /// served against the registry's and lists the period's alias moves and retraining decisions.</summary>
    public string? Registry { get; init; }

    /// <summary>The request from the notebook's text parameters; a bad date or threshold is a
    /// <see cref="MonitoringReportException"/> naming the parameter.</summary>
    public static MonitoringReportRequest FromParameters(string log, string reference, string model = "", string start = "", string end = "",
        string compareStart = "", string compareEnd = "", string thresholds = "", string registry = "")
    {
        ReportThresholds parsed;
        try { parsed = ReportThresholds.Parse(thresholds); }
        catch (ArgumentException e) { throw new MonitoringReportException(e.Message); }
        return new MonitoringReportRequest
        {
            Log = log ?? "", Reference = reference ?? "", Model = string.IsNullOrWhiteSpace(model) ? null : model.Trim(),
            Start = Date(start, nameof(start)), End = Date(end, nameof(end)),
            CompareStart = Date(compareStart, "compare_start"), CompareEnd = Date(compareEnd, "compare_end"),
            Thresholds = parsed, Registry = string.IsNullOrWhiteSpace(registry) ? null : registry.Trim(),
        };
    }

    /// <summary>An ISO date or date-time (UTC unless it says otherwise); empty: null.</summary>
    public static DateTime? Date(string? text, string parameter)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            && text.Trim().Length >= 10 && char.IsDigit(text.Trim()[0]))
            return DateTime.SpecifyKind(t, DateTimeKind.Utc);
        throw new MonitoringReportException($"{parameter}: '{text}' is not an ISO date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ).");
    }

    /// <summary>The period and comparison period, defaults filled from the log's span; an empty or reversed period is a
    /// <see cref="MonitoringReportException"/>.</summary>
    internal (DateTime Start, DateTime End, DateTime CompareStart, DateTime CompareEnd) Periods(DateTime lastPrediction)
    {
        var end = End ?? (Start is { } s0 ? s0.AddDays(7) : lastPrediction.Date.AddDays(1));
        var start = Start ?? end.AddDays(-7);
        if (end <= start)
            throw new MonitoringReportException($"start/end: the period {Show(start)} .. {Show(end)} is empty: end must be after start.");
        var length = end - start;
        var compareEnd = CompareEnd ?? (CompareStart is { } c0 ? c0 + length : start);
        var compareStart = CompareStart ?? compareEnd - length;
        if (compareEnd <= compareStart)
            throw new MonitoringReportException($"compare_start/compare_end: the comparison period {Show(compareStart)} .. {Show(compareEnd)} is empty: its end must be after its start.");
        return (start, end, compareStart, compareEnd);
    }

    internal static string Show(DateTime t) => t.TimeOfDay == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
