using System.Globalization;

namespace Workbooks.ModelOps.Monitoring.Alerts;

/// <summary>Which side of a threshold is bad.</summary>
public enum AlertDirection { Above, Below }

/// <summary>How bad: none (fine), warning, critical. Ordered, so severities compare.</summary>
public enum AlertSeverity { None, Warning, Critical }

/// <summary>What happened to a rule's state.</summary>
public enum AlertEventKind { Firing, Escalated, Deescalated, Resolved }

/// <summary>
/// An alert rule on one metric (quality, latency, throughput, drift score...): a warning and an optional
/// critical threshold, above or below; the value judged is the mean of the last <see cref="WindowSamples"/>
/// samples; a state change needs <see cref="ConsecutiveBreaches"/> samples in a row (hysteresis), and
/// resolving needs <see cref="ConsecutiveClears"/>.
/// </summary>
/// <example>
/// <code>
/// var rule = AlertRule.Above("slow", "latency_p99_ms", warning: 50, critical: 200) with { ConsecutiveBreaches = 3 };
/// Console.WriteLine(rule);
/// Console.WriteLine(rule.SeverityOf(120));
/// // prints: slow: latency_p99_ms above 50 (warning) / 200 (critical), 3 in a row
/// // prints: Warning
/// </code>
/// </example>
public sealed record AlertRule
{
    public AlertRule(string name, string metric, AlertDirection direction, double warning, double? critical = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An alert rule needs a name.", nameof(name));
        if (string.IsNullOrWhiteSpace(metric)) throw new ArgumentException($"Alert rule '{name}' needs a metric name.", nameof(metric));
        if (!double.IsFinite(warning)) throw new ArgumentOutOfRangeException(nameof(warning), warning, $"Alert rule '{name}': the warning threshold must be a finite number.");
        if (critical is { } c && (!double.IsFinite(c) || (direction == AlertDirection.Above ? c < warning : c > warning)))
            throw new ArgumentOutOfRangeException(nameof(critical), critical, $"Alert rule '{name}': the critical threshold must be {(direction == AlertDirection.Above ? "at or above" : "at or below")} the warning threshold {warning}.");
        Name = name; Metric = metric; Direction = direction; Warning = warning; Critical = critical;
    }

    public static AlertRule Above(string name, string metric, double warning, double? critical = null) => new(name, metric, AlertDirection.Above, warning, critical);
    public static AlertRule Below(string name, string metric, double warning, double? critical = null) => new(name, metric, AlertDirection.Below, warning, critical);

    public string Name { get; }
    public string Metric { get; }
    public AlertDirection Direction { get; }
    public double Warning { get; }
    public double? Critical { get; }
    /// <summary>Samples in a row beyond a threshold before the rule fires or escalates (default 1).</summary>
    public int ConsecutiveBreaches { get; init; } = 1;
    /// <summary>Samples in a row back on the good side before the rule resolves or de-escalates (default 1).</summary>
    public int ConsecutiveClears { get; init; } = 1;
    /// <summary>The rule judges the mean of this many latest samples (default 1: each window's value).</summary>
    public int WindowSamples { get; init; } = 1;

    /// <summary>The severity a value deserves under this rule, ignoring history.</summary>
    public AlertSeverity SeverityOf(double value)
    {
        if (double.IsNaN(value)) return AlertSeverity.None;
        bool Beyond(double t) => Direction == AlertDirection.Above ? value > t : value < t;
        if (Critical is { } c && Beyond(c)) return AlertSeverity.Critical;
        return Beyond(Warning) ? AlertSeverity.Warning : AlertSeverity.None;
    }

    public double ThresholdOf(AlertSeverity s) => s == AlertSeverity.Critical && Critical is { } c ? c : Warning;

    internal void Validate()
    {
        if (ConsecutiveBreaches < 1) throw new ArgumentOutOfRangeException(nameof(ConsecutiveBreaches), ConsecutiveBreaches, $"Alert rule '{Name}': ConsecutiveBreaches must be at least 1.");
        if (ConsecutiveClears < 1) throw new ArgumentOutOfRangeException(nameof(ConsecutiveClears), ConsecutiveClears, $"Alert rule '{Name}': ConsecutiveClears must be at least 1.");
        if (WindowSamples < 1) throw new ArgumentOutOfRangeException(nameof(WindowSamples), WindowSamples, $"Alert rule '{Name}': WindowSamples must be at least 1.");
    }

    public override string ToString()
    {
        var dir = Direction == AlertDirection.Above ? "above" : "below";
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var crit = Critical is { } c ? $" / {F(c)} (critical)" : "";
        var mean = WindowSamples > 1 ? $", mean of {WindowSamples}" : "";
        return $"{Name}: {Metric} {dir} {F(Warning)} (warning){crit}, {ConsecutiveBreaches} in a row{mean}";
    }
}

/// <summary>One alert event: a rule fired, escalated, de-escalated or resolved.</summary>
public sealed record AlertEvent(
    DateTime Time, string Rule, string Metric, AlertEventKind Kind, AlertSeverity Severity,
    double Value, double Threshold, string WindowKey, string Model, string Version)
{
    public string Message => Kind == AlertEventKind.Resolved
        ? $"{Rule} resolved: {Metric} = {Value.ToString("G6", CultureInfo.InvariantCulture)} (model {Model} {Version}, window {WindowKey})"
        : $"{Rule} {Kind.ToString().ToLowerInvariant()} ({Severity.ToString().ToLowerInvariant()}): {Metric} = {Value.ToString("G6", CultureInfo.InvariantCulture)}, threshold {Threshold.ToString("G6", CultureInfo.InvariantCulture)} (model {Model} {Version}, window {WindowKey})";
}

/// <summary>Where alert events go: a log, a JSON Lines file, a webhook, the prediction log's database.</summary>
public interface IAlertSink : IDisposable
{
    void Publish(AlertEvent alert);
    /// <summary>Waits until every event published so far is delivered (or has failed for good).</summary>
    void Flush() { }
    /// <summary>Events this sink gave up on by itself (a webhook after its retries). Exceptions thrown by
    /// <see cref="Publish"/> are counted by the engine; both show in <c>workbooks_monitor_sink_errors_total</c>.</summary>
    long FailedDeliveries => 0;
    void IDisposable.Dispose() { }
}
