using System.Globalization;
using System.Net;
using System.Text;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>How a report section (or the whole report) stands. Ordered, so statuses compare: the worst wins.</summary>
public enum ReportStatus { Ok, Warning, Critical }

/// <summary>Names, parsing and colours of <see cref="ReportStatus"/>, the same in the report, summary.json and the history page.</summary>
public static class ReportStatuses
{
    /// <summary>"ok", "warning" or "critical": the spelling of summary.json.</summary>
    public static string Name(this ReportStatus status) => status switch
    {
        ReportStatus.Critical => "critical",
        ReportStatus.Warning => "warning",
        _ => "ok",
    };

    /// <summary>Parses "ok", "warning" or "critical" (any case); null for anything else.</summary>
    public static ReportStatus? TryParse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "ok" => ReportStatus.Ok,
        "warning" => ReportStatus.Warning,
        "critical" => ReportStatus.Critical,
        _ => null,
    };

    /// <summary>The worst of <paramref name="statuses"/> (ok for none).</summary>
    public static ReportStatus Worst(IEnumerable<ReportStatus> statuses) => statuses.DefaultIfEmpty(ReportStatus.Ok).Max();

    /// <summary>Background colour of a status cell: green, amber, red.</summary>
    public static string Colour(this ReportStatus status) => status switch
    {
        ReportStatus.Critical => "#f8c9c4",
        ReportStatus.Warning => "#fde7b0",
        _ => "#cdeccd",
    };

    /// <summary>A coloured badge: the status name on its colour.</summary>
    public static string Badge(this ReportStatus status) =>
        $"<span style=\"background:{status.Colour()};padding:2px 8px;border-radius:4px;font-family:sans-serif;font-weight:bold\">{status.Name()}</span>";
}

/// <summary>
/// One section of a monitoring report: its status, the reason in one sentence, the key figures behind it
/// (null where the data leave one undefined, never NaN) and the tables and charts that show the detail.
/// </summary>
public sealed record ReportSection(string Key, string Title, ReportStatus Status, string Reason,
    IReadOnlyDictionary<string, double?> Figures) : IHtmlRenderable
{
    /// <summary>HTML fragments (tables, charts, the library's own result views) shown under the reason.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>What the reader should do about this section; null when nothing.</summary>
    public string? NextStep { get; init; }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif\"><h3 style=\"margin:8px 0\">").Append(WebUtility.HtmlEncode(Title)).Append(' ')
          .Append(Status.Badge()).Append("</h3><p>").Append(WebUtility.HtmlEncode(Reason)).Append("</p>");
        if (NextStep is not null) sb.Append("<p><b>Next:</b> ").Append(WebUtility.HtmlEncode(NextStep)).Append("</p>");
        sb.Append("</div>");
        foreach (var d in Details) sb.Append(d);
        return sb.ToString();
    }

    public override string ToString() => $"{Key}: {Status.Name()}: {Reason}";

    internal static string Format(double? v, string format = "0.###") =>
        v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
