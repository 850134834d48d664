using System.Text.Json;

namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// A streaming drift detector: feed it one value at a time with <see cref="Update"/>, then read
/// <see cref="DriftDetected"/> and <see cref="WarningDetected"/>. Mirrors River's <c>drift</c> module:
/// the same algorithms, defaults and floating-point order, and the same reset rule (a detector that
/// flagged a drift resets itself at the start of the next update).
/// </summary>
/// <example>
/// <code>
/// DriftDetector detector = DetectorCatalog.Create("page_hinkley");
/// for (int i = 0; i &lt; 200; i++)
/// {
///     detector.Update(i &lt; 100 ? 0.0 : 10.0);
///     if (detector.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 105
/// </code>
/// </example>
public abstract class DriftDetector
{
    /// <summary>The detector's name as the catalog and the CLI know it (River's, lower case), e.g. <c>adwin</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True when the last update flagged a drift.</summary>
    public bool DriftDetected { get; private protected set; }

    /// <summary>True when the last update flagged a warning (binary detectors only; others never warn).</summary>
    public bool WarningDetected { get; private protected set; }

    /// <summary>The parameters this detector was built with, by River's names, in River's order.</summary>
    public abstract IReadOnlyList<DetectorParameter> Parameters { get; }

    /// <summary>Feeds one value. A detector that flagged a drift on the previous update resets first.</summary>
    public void Update(double x)
    {
        if (DriftDetected)
            Reset();
        Step(x);
    }

    /// <summary>Forgets everything seen so far; the parameters stay.</summary>
    public void Reset()
    {
        DriftDetected = false;
        WarningDetected = false;
        ResetState();
    }

    private protected abstract void Step(double x);

    private protected abstract void ResetState();

    /// <summary>The detector's internal state as JSON (flags included); see <see cref="DetectorSerializer"/>.</summary>
    internal abstract JsonElement CaptureState(JsonSerializerOptions options);

    internal abstract void RestoreState(JsonElement state, JsonSerializerOptions options);
}

/// <summary>A detector whose whole mutable state is one plain struct, so it serializes field by field.</summary>
public abstract class DriftDetector<TState> : DriftDetector where TState : struct
{
    /// <summary>The mutable state; hot paths work on it directly.</summary>
    private protected TState S;

    internal override JsonElement CaptureState(JsonSerializerOptions options) =>
        JsonSerializer.SerializeToElement(new Snapshot(DriftDetected, WarningDetected, S), options);

    internal override void RestoreState(JsonElement state, JsonSerializerOptions options)
    {
        var snapshot = state.Deserialize<Snapshot>(options) ?? throw new FormatException("The detector state is null.");
        DriftDetected = snapshot.Drift;
        WarningDetected = snapshot.Warning;
        S = snapshot.State;
        AfterRestore();
    }

    /// <summary>Checks or re-shapes a restored state (buffers sized from the parameters, for example).</summary>
    private protected virtual void AfterRestore() { }

    private sealed record Snapshot(bool Drift, bool Warning, TState State);
}

/// <summary>One parameter of a detector: River's name and the value in use.</summary>
public sealed record DetectorParameter(string Name, object? Value)
{
    /// <summary>The value as River would print it in an argument list.</summary>
    public override string ToString() => $"{Name}={DetectorParameterFormat.Format(Value)}";
}

internal static class DetectorParameterFormat
{
    public static string Format(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
