namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// DDM, the Drift Detection Method (Gama et al., SBIA 2004), as River's <c>drift.binary.DDM</c>.
/// Input: 1 for an error, 0 for a correct prediction. Tracks the running error rate p and its
/// Bernoulli standard deviation s; after <c>warm_start</c> samples it warns when
/// p + s &gt; p_min + warning_threshold·s_min and flags a drift when p + s &gt; p_min + drift_threshold·s_min.
/// </summary>
/// <example>
/// <code>
/// var ddm = new Ddm();
/// for (int i = 0; i &lt; 400; i++)
/// {
///     ddm.Update(i &lt; 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0));
///     if (ddm.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 222
/// </code>
/// </example>
public sealed class Ddm : DriftDetector<Ddm.State>
{
    /// <summary>River's default <c>warm_start</c>.</summary>
    public const int DefaultWarmStart = 30;
    /// <summary>River's default <c>warning_threshold</c>.</summary>
    public const double DefaultWarningThreshold = 2.0;
    /// <summary>River's default <c>drift_threshold</c>.</summary>
    public const double DefaultDriftThreshold = 3.0;

    /// <summary>Creates a DDM with River's parameter meanings.</summary>
    /// <param name="warmStart">Samples seen before any warning or drift can be flagged.</param>
    /// <param name="warningThreshold">Standard deviations above the minimum that mean a warning.</param>
    /// <param name="driftThreshold">Standard deviations above the minimum that mean a drift.</param>
    public Ddm(int warmStart = DefaultWarmStart, double warningThreshold = DefaultWarningThreshold,
        double driftThreshold = DefaultDriftThreshold)
    {
        if (warmStart < 0) throw new ArgumentOutOfRangeException(nameof(warmStart), "warm_start must be >= 0.");
        WarmStart = warmStart;
        WarningThreshold = warningThreshold;
        DriftThreshold = driftThreshold;
        ResetState();
    }

    /// <inheritdoc />
    public override string Name => "ddm";
    /// <summary><c>warm_start</c>.</summary>
    public int WarmStart { get; }
    /// <summary><c>warning_threshold</c>.</summary>
    public double WarningThreshold { get; }
    /// <summary><c>drift_threshold</c>.</summary>
    public double DriftThreshold { get; }

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("warm_start", WarmStart), new("warning_threshold", WarningThreshold), new("drift_threshold", DriftThreshold),
    ];

    private protected override void ResetState() =>
        S = new State { PMin = double.PositiveInfinity, SMin = double.PositiveInfinity, PsMin = double.PositiveInfinity };

    private protected override void Step(double x)
    {
        S.P.Update(x);
        double p = S.P.Mean, n = S.P.N;
        double s = Math.Sqrt(p * (1 - p) / n);
        if (n <= WarmStart)
            return;
        if (p + s <= S.PsMin)
        {
            S.PMin = p;
            S.SMin = s;
            S.PsMin = S.PMin + S.SMin;
        }
        WarningDetected = p + s > S.PMin + WarningThreshold * S.SMin;
        if (p + s > S.PMin + DriftThreshold * S.SMin)
        {
            DriftDetected = true;
            WarningDetected = false;
        }
    }

    /// <summary>DDM's running statistics (public for serialization).</summary>
    public struct State
    {
        /// <summary>Running error rate and sample count.</summary>
        public RunningMean P;
        /// <summary>Error rate at the minimum of p + s.</summary>
        public double PMin;
        /// <summary>Standard deviation at the minimum of p + s.</summary>
        public double SMin;
        /// <summary>The minimum of p + s.</summary>
        public double PsMin;
    }
}
