using Workbooks.ModelOps.Metrics;
using System.Diagnostics;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// One monitored prediction as it leaves the hot path: a struct copied into the monitor's ring,
/// so recording it allocates nothing.
/// </summary>
/// <param name="Id">The id the monitor gave the call; labels arriving later refer to it.</param>
/// <param name="TimeTicks">When the call started, UTC ticks of the monitor's clock.</param>
/// <param name="LatencyTicks">How long the predictor ran, in <see cref="Stopwatch"/> ticks.</param>
/// <param name="Input">What the predictor was given.</param>
/// <param name="Output">What it returned (default when it failed).</param>
/// <param name="Failure">Null for a good call; <see cref="CallFailure.Exception"/> when the predictor threw,
/// <see cref="CallFailure.Timeout"/> when it ran past <see cref="MonitorOptions.Timeout"/>.</param>
public readonly record struct MonitoredCall<TIn, TOut>(long Id, long TimeTicks, long LatencyTicks, TIn Input, TOut? Output, CallFailure? Failure)
{
    /// <summary>The model version that served the call (see <see cref="ModelMonitor{TIn, TOut}.SwapModel"/>).</summary>
    public string? ModelVersion { get; init; }
    public bool Failed => Failure is not null;
    public DateTime Time => new(TimeTicks, DateTimeKind.Utc);
    public double LatencyMicroseconds => LatencyTicks * 1_000_000.0 / Stopwatch.Frequency;
}

/// <summary>A prediction seen through the metrics: the predicted class (classification) and a number
/// (the positive-class probability, or the predicted value for regression).</summary>
/// <example>
/// <code>
/// var view = new PredictionView("UP", 0.83);
/// Console.WriteLine(view);
/// // prints: PredictionView { Class = UP, Score = 0.83 }
/// </code>
/// </example>
public readonly record struct PredictionView(string? Class, double Score);

/// <summary>The true outcome of a prediction, reported later: a class or a number.</summary>
/// <example>
/// <code>
/// Console.WriteLine(GroundTruth.OfClass("UP").Matches(new PredictionView("UP", 0.9)));
/// // prints: True
/// </code>
/// </example>
public readonly record struct GroundTruth(string? Class, double Value)
{
    public static GroundTruth OfClass(string label) => new(label ?? throw new ArgumentNullException(nameof(label)), double.NaN);
    public static GroundTruth OfValue(double value) => double.IsFinite(value) ? new(null, value)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "A label value must be a finite number.");

    /// <summary>True when a classification prediction names this class; regression has no notion of a match (false).</summary>
    public bool Matches(PredictionView p) => Class is not null && string.Equals(Class, p.Class, StringComparison.Ordinal);

    public override string ToString() => Class ?? Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A prediction joined with its label.</summary>
public sealed record LabeledPrediction<TIn, TOut>(MonitoredCall<TIn, TOut> Call, PredictionView Prediction, GroundTruth Truth, DateTime LabelTime)
{
    public bool IsCorrect => Truth.Matches(Prediction);
}
