using System.Text;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// The failures of one sink of a monitor or an alert engine: the prediction log, a JSON Lines file, a webhook.
/// A sink that throws is skipped for that record and counted here, and the count is exported as
/// <c>workbooks_monitor_sink_errors_total{sink="..."}</c>, so a failing sink shows on the dashboard instead of
/// losing data in silence.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(SinkHealth.NameOf(new Workbooks.ModelOps.Monitoring.Alerts.WebhookAlertSink(new Uri("http://127.0.0.1:9/"))));
/// // prints: webhook
/// </code>
/// </example>
public sealed class SinkHealth(string name)
{
    private long _errors;
    private Exception? _lastError;

    /// <summary>The sink's kind as the <c>sink</c> tag shows it, e.g. <c>prediction_log</c>.</summary>
    public string Name { get; } = name;
    /// <summary>Calls into the sink that threw, plus deliveries it reported as failed for good.</summary>
    public long Errors => Volatile.Read(ref _errors);
    /// <summary>The latest failure, with its message.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    internal void Record(Exception e)
    {
        Interlocked.Increment(ref _errors);
        Volatile.Write(ref _lastError, e);
    }

    /// <summary>A sink's kind from its type: the name without generic arity and without an <c>AlertSink</c> or
    /// <c>Sink</c> suffix, in snake case (<c>PredictionLogSink&lt;,&gt;</c> and <c>PredictionLog</c> are both <c>prediction_log</c>).</summary>
    public static string NameOf(object sink)
    {
        var type = sink.GetType().Name;
        if (type.IndexOf('`') is var tick and >= 0) type = type[..tick];
        foreach (var suffix in new[] { "AlertSink", "Sink" })
            if (type.Length > suffix.Length && type.EndsWith(suffix, StringComparison.Ordinal)) { type = type[..^suffix.Length]; break; }
        var name = new StringBuilder(type.Length + 4);
        for (int i = 0; i < type.Length; i++)
        {
            if (char.IsUpper(type[i]) && i > 0 && !char.IsUpper(type[i - 1])) name.Append('_');
            name.Append(char.ToLowerInvariant(type[i]));
        }
        return name.ToString();
    }
}
