namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// EDDM, the Early Drift Detection Method (Baena-García et al., 2006), as River's
/// <c>drift.binary.EDDM</c>. Input: 1 for an error, 0 otherwise. Tracks the mean p' and standard
/// deviation s' of the distance between consecutive errors; with m the maximum of p' + 2s' seen, it warns
/// when (p' + 2s') / m &lt; alpha and flags a drift when it falls below beta (after <c>warm_start</c>
/// samples and <c>warm_start</c> errors).
/// </summary>
/// <example>
/// <code>
/// var eddm = new Eddm();
/// for (int i = 0; i &lt; 3000; i++)
/// {
///     eddm.Update(i &lt; 2000 ? (i % 20 == 19 ? 1 : 0) : (i % 3 == 0 ? 1 : 0));
///     if (eddm.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 2373
/// </code>
/// </example>
public sealed class Eddm : DriftDetector<Eddm.State>
{
    /// <summary>River's default <c>warm_start</c>.</summary>
    public const int DefaultWarmStart = 30;
    /// <summary>River's default <c>alpha</c> (warning level).</summary>
    public const double DefaultAlpha = 0.95;
    /// <summary>River's default <c>beta</c> (drift level).</summary>
    public const double DefaultBeta = 0.9;

    /// <summary>Creates an EDDM with River's parameter meanings.</summary>
    /// <param name="warmStart">Samples and errors needed before warnings or drifts can be flagged.</param>
    /// <param name="alpha">Warning level, in (0, 1]; must be at least <paramref name="beta"/>.</param>
    /// <param name="beta">Drift level, in (0, 1].</param>
    public Eddm(int warmStart = DefaultWarmStart, double alpha = DefaultAlpha, double beta = DefaultBeta)
    {
        if (warmStart < 0) throw new ArgumentOutOfRangeException(nameof(warmStart), "warm_start must be >= 0.");
        if (alpha < beta) throw new ArgumentException("'alpha' must be greater or equal to 'beta'.", nameof(alpha));
        WarmStart = warmStart;
        Alpha = alpha;
        Beta = beta;
        ResetState();
    }

    /// <inheritdoc />
    public override string Name => "eddm";
    /// <summary><c>warm_start</c>.</summary>
    public int WarmStart { get; }
    /// <summary><c>alpha</c>.</summary>
    public double Alpha { get; }
    /// <summary><c>beta</c>.</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
        [new("warm_start", WarmStart), new("alpha", Alpha), new("beta", Beta)];

    private protected override void ResetState() => S = new State { P2sPrimeMax = -1 };

    private protected override void Step(double x)
    {
        S.N++;
        if (x != 1)
            return;
        S.NErrors++;
        // Welford update of the distances between errors, exactly as river.stats.Var (ddof = 1).
        double distance = S.N - S.LastError;
        double meanOld = S.DistanceMean;
        S.DistanceCount += 1.0;
        S.DistanceMean += 1.0 / S.DistanceCount * (distance - S.DistanceMean);
        S.DistanceS += 1.0 * (distance - meanOld) * (distance - S.DistanceMean);

        if (S.N > WarmStart)
        {
            double piPrime = S.DistanceMean;
            double variance = S.DistanceCount > 1 ? S.DistanceS / (S.DistanceCount - 1) : 0.0;
            double siPrime = Math.Pow(variance, 0.5);
            double p2sPrime = piPrime + 2 * siPrime;
            if (p2sPrime > S.P2sPrimeMax)
                S.P2sPrimeMax = p2sPrime;
            else if (S.NErrors > WarmStart)
            {
                double level = p2sPrime / S.P2sPrimeMax;
                if (level < Beta)
                    DriftDetected = true;
                else if (level < Alpha)
                    WarningDetected = true;
                else
                    WarningDetected = false;
            }
        }
        S.LastError = S.N;
    }

    /// <summary>EDDM's running statistics (public for serialization).</summary>
    public struct State
    {
        /// <summary>Samples seen.</summary>
        public long N;
        /// <summary>Index (1-based) of the last error.</summary>
        public long LastError;
        /// <summary>Errors seen.</summary>
        public long NErrors;
        /// <summary>Distances recorded (River's Var weight sum).</summary>
        public double DistanceCount;
        /// <summary>Mean distance between errors.</summary>
        public double DistanceMean;
        /// <summary>Sum of squared deviations of the distances.</summary>
        public double DistanceS;
        /// <summary>Maximum of p' + 2 s' so far (-1 before any).</summary>
        public double P2sPrimeMax;
    }
}
