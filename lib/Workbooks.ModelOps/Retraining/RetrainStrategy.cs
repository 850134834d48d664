using System.Globalization;
using Workbooks.ModelOps.Detectors;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// When a prequential backtest replaces its model: <c>never</c>, <c>periodic:N</c> (every N rows), <c>drift:DETECTOR</c>
/// (a streaming detector from <see cref="DetectorCatalog"/> fed the model's error stream: 0/1 misclassifications, or
/// absolute errors for regression; River's parameter names may follow, <c>drift:adwin,delta=0.01</c>) or
/// <c>quality:THRESHOLD</c> (accuracy over the last rows below the threshold, or MAE above it).
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(" ", new[] { "never", "periodic:5000", "drift:ADWIN", "quality:0.7" }.Select(s => RetrainStrategy.Parse(s).Name)));
/// // prints: never periodic:5000 drift:adwin quality:0.7
/// </code>
/// </example>
public abstract record RetrainStrategy
{
    private protected RetrainStrategy() { }

    /// <summary>The strategy as <see cref="Parse"/> reads it (canonical: lower-case detector names).</summary>
    public abstract string Name { get; }

    public sealed override string ToString() => Name;

    /// <summary>Reads a strategy; anything else is an <see cref="ArgumentException"/> saying what is valid.</summary>
    public static RetrainStrategy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant(), arg = colon < 0 ? "" : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "never" when colon < 0: return new NeverRetrain();
            case "periodic" when int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0: return new PeriodicRetrain(n);
            case "periodic": throw new ArgumentException($"strategy '{text}': periodic needs a positive number of rows, e.g. periodic:5000.");
            case "quality" when double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && double.IsFinite(t) && t >= 0:
                return new QualityRetrain(t);
            case "quality": throw new ArgumentException($"strategy '{text}': quality needs a threshold, e.g. quality:0.7 (accuracy below it) or quality:80 (MAE above it).");
            case "drift" when arg.Length > 0:
                var parts = arg.Split(',', StringSplitOptions.TrimEntries);
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in parts.Skip(1))
                {
                    int eq = p.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"strategy '{text}': detector parameter '{p}' is not key=value.");
                    parameters[p[..eq]] = p[(eq + 1)..];
                }
                DetectorCatalog.Create(parts[0], parameters);   // unknown names and bad values fail here, listing what is valid
                return new DriftRetrain(parts[0].ToLowerInvariant(), parameters);
            case "drift": throw new ArgumentException($"strategy '{text}': drift needs a detector ({string.Join(", ", DetectorCatalog.Names)}), e.g. drift:adwin.");
            default: throw new ArgumentException($"unknown strategy '{text}'. Valid: never, periodic:N, drift:DETECTOR, quality:THRESHOLD.");
        }
    }

    /// <summary>A fresh trigger for one run.</summary>
    internal abstract StrategyState Start(BacktestOptions options, bool higherIsBetter);
}

/// <summary>Keep the first model for the whole stream.</summary>
public sealed record NeverRetrain : RetrainStrategy
{
    public override string Name => "never";
    internal override StrategyState Start(BacktestOptions options, bool higherIsBetter) => new(_ => null);
}

/// <summary>Retrain every <paramref name="Rows"/> rows, whatever happens.</summary>
public sealed record PeriodicRetrain(int Rows) : RetrainStrategy
{
    public override string Name => FormattableString.Invariant($"periodic:{Rows}");
    internal override StrategyState Start(BacktestOptions options, bool higherIsBetter) => new(s => s.RowsSinceRetrain >= Rows ? 0 : null);
}

/// <summary>Retrain when the detector flags a drift in the error stream, on the rows after the detection only: the old model
/// keeps predicting until <see cref="BacktestOptions.RowsAfterDrift"/> rows of the new concept are labelled. (Retraining at once
/// on a window of mostly old rows gives a model as wrong as the old one, whose error stream is then flat, so the
/// detector never fires again.) Drifts closer than <see cref="BacktestOptions.MinRowsBetweenRetrains"/> to the last retrain are ignored.</summary>
public sealed record DriftRetrain(string Detector, IReadOnlyDictionary<string, string> Parameters) : RetrainStrategy
{
    public override string Name => "drift:" + Detector + string.Concat(Parameters.Select(p => $",{p.Key}={p.Value}"));

    internal override StrategyState Start(BacktestOptions options, bool higherIsBetter)
    {
        var detector = DetectorCatalog.Create(Detector, Parameters);
        int? detectedAt = null;
        return new(s =>
        {
            detector.Update(s.Error);
            if (detectedAt is null && detector.DriftDetected && s.RowsSinceRetrain >= options.MinRowsBetweenRetrains) detectedAt = s.Row + 1;
            return detectedAt is { } from && s.Row + 1 - from >= options.RowsAfterDrift ? from : null;
        }, () => { detector.Reset(); detectedAt = null; });
    }
}

/// <summary>Retrain when the metric over the last <see cref="BacktestOptions.QualityWindow"/> rows of the current model crosses
/// <paramref name="Threshold"/> (accuracy below it, MAE above it); the window refills after each retrain.</summary>
public sealed record QualityRetrain(double Threshold) : RetrainStrategy
{
    public override string Name => FormattableString.Invariant($"quality:{Threshold}");

    internal override StrategyState Start(BacktestOptions options, bool higherIsBetter)
    {
        var recent = new Queue<double>();
        double sum = 0;
        return new(s =>
        {
            recent.Enqueue(s.Value); sum += s.Value;
            if (recent.Count > options.QualityWindow) sum -= recent.Dequeue();
            if (recent.Count < options.QualityWindow || s.RowsSinceRetrain < options.MinRowsBetweenRetrains) return null;
            double mean = sum / recent.Count;
            return (higherIsBetter ? mean < Threshold : mean > Threshold) ? 0 : null;
        }, () => { recent.Clear(); sum = 0; });
    }
}

/// <summary>One scored row as a trigger sees it: <see cref="Value"/> is 1/0 (correct) or the absolute error,
/// <see cref="Error"/> what a detector reads (1/0 wrong, or the absolute error).</summary>
internal readonly record struct RowOutcome(int Row, double Value, double Error, int RowsSinceRetrain);

/// <summary>A strategy's running state: after each row, null (keep the model) or the first row the new model may learn from
/// (0: the whole training window); and what to forget once it has retrained.</summary>
internal sealed class StrategyState(Func<RowOutcome, int?> observe, Action? reset = null)
{
    public int? Observe(RowOutcome row) => observe(row);
    public void Retrained() => reset?.Invoke();
}
