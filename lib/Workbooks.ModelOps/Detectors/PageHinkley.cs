namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// The Page-Hinkley test (Page, Biometrika 1954), as River's <c>drift.PageHinkley</c>: cumulative
/// deviations from the running mean, faded by <c>alpha</c>; a drift when the cumulative sum rises more
/// than <c>threshold</c> above its minimum (mode <c>up</c>), falls more than <c>threshold</c> below its
/// maximum (<c>down</c>), or either (<c>both</c>, the default). Never warns.
/// </summary>
/// <example>
/// <code>
/// var ph = new PageHinkley();
/// for (int i = 0; i &lt; 200; i++)
/// {
///     ph.Update(i &lt; 100 ? 0.0 : 10.0);
///     if (ph.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 105
/// </code>
/// </example>
public sealed class PageHinkley : DriftDetector<PageHinkley.State>
{
    /// <summary>River's default <c>min_instances</c>.</summary>
    public const int DefaultMinInstances = 30;
    /// <summary>River's default <c>delta</c>.</summary>
    public const double DefaultDelta = 0.005;
    /// <summary>River's default <c>threshold</c>.</summary>
    public const double DefaultThreshold = 50.0;
    /// <summary>River's default <c>alpha</c> (1 − 0.0001).</summary>
    public const double DefaultAlpha = 1 - 0.0001;
    /// <summary>River's default <c>mode</c>.</summary>
    public const string DefaultMode = "both";

    private readonly int _mode; // 1 up, 2 down, 3 both

    /// <summary>Creates a Page-Hinkley detector with River's parameter meanings.</summary>
    /// <param name="minInstances">Values seen before a drift can be flagged.</param>
    /// <param name="delta">Magnitude of change tolerated per value.</param>
    /// <param name="threshold">The change threshold (lambda).</param>
    /// <param name="alpha">Forgetting factor of the cumulative sums.</param>
    /// <param name="mode"><c>up</c>, <c>down</c> or <c>both</c>.</param>
    public PageHinkley(int minInstances = DefaultMinInstances, double delta = DefaultDelta,
        double threshold = DefaultThreshold, double alpha = DefaultAlpha, string mode = DefaultMode)
    {
        _mode = mode switch
        {
            "up" => 1,
            "down" => 2,
            "both" => 3,
            _ => throw new ArgumentException($"Invalid 'mode' '{mode}'. Valid values are: up, down, both.", nameof(mode)),
        };
        MinInstances = minInstances;
        Delta = delta;
        Threshold = threshold;
        Alpha = alpha;
        Mode = mode;
        ResetState();
    }

    /// <inheritdoc />
    public override string Name => "page_hinkley";
    /// <summary><c>min_instances</c>.</summary>
    public int MinInstances { get; }
    /// <summary><c>delta</c>.</summary>
    public double Delta { get; }
    /// <summary><c>threshold</c>.</summary>
    public double Threshold { get; }
    /// <summary><c>alpha</c>.</summary>
    public double Alpha { get; }
    /// <summary><c>mode</c>.</summary>
    public string Mode { get; }

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("min_instances", MinInstances), new("delta", Delta), new("threshold", Threshold),
        new("alpha", Alpha), new("mode", Mode),
    ];

    private protected override void ResetState() =>
        S = new State { MinIncrease = double.PositiveInfinity, MaxDecrease = -1 };

    private protected override void Step(double x)
    {
        S.Mean.Update(x);
        double dev = x - S.Mean.Mean;
        S.SumIncrease = Alpha * S.SumIncrease + dev - Delta;
        S.SumDecrease = Alpha * S.SumDecrease + dev + Delta;
        if (S.SumIncrease < S.MinIncrease) S.MinIncrease = S.SumIncrease;
        if (S.SumDecrease > S.MaxDecrease) S.MaxDecrease = S.SumDecrease;
        if (S.Mean.N < MinInstances)
            return;
        double testIncrease = S.SumIncrease - S.MinIncrease;
        double testDecrease = S.MaxDecrease - S.SumDecrease;
        DriftDetected = ((_mode & 1) != 0 && testIncrease > Threshold) || ((_mode & 2) != 0 && testDecrease > Threshold);
    }

    /// <summary>Page-Hinkley's running sums (public for serialization).</summary>
    public struct State
    {
        /// <summary>Running mean of the input.</summary>
        public RunningMean Mean;
        /// <summary>Faded cumulative deviation, for increases.</summary>
        public double SumIncrease;
        /// <summary>Faded cumulative deviation, for decreases.</summary>
        public double SumDecrease;
        /// <summary>Minimum of <see cref="SumIncrease"/>.</summary>
        public double MinIncrease;
        /// <summary>Maximum of <see cref="SumDecrease"/> (starts at −1 as in River).</summary>
        public double MaxDecrease;
    }
}
