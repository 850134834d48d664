namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// HDDM_A, drift detection with Hoeffding's bounds on moving averages (Frías-Blanco et al., IEEE TKDE
/// 2015), as River's <c>drift.binary.HDDM_A</c>. Input: 1 for an error, 0 otherwise. Keeps the global
/// mean and the mean at the cut point where mean + bound was lowest; a significant rise since that cut
/// is a warning (<c>warning_confidence</c>) or a drift (<c>drift_confidence</c>). One-sided by default.
/// </summary>
/// <example>
/// <code>
/// var hddm = new HddmA();
/// for (int i = 0; i &lt; 400; i++)
/// {
///     hddm.Update(i &lt; 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0));
///     if (hddm.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 224
/// </code>
/// </example>
public sealed class HddmA : DriftDetector<HddmA.State>
{
    /// <summary>River's default <c>drift_confidence</c>.</summary>
    public const double DefaultDriftConfidence = 0.001;
    /// <summary>River's default <c>warning_confidence</c>.</summary>
    public const double DefaultWarningConfidence = 0.005;

    /// <summary>Creates an HDDM_A with River's parameter meanings.</summary>
    /// <param name="driftConfidence">Confidence level of the drift test, in (0, 1).</param>
    /// <param name="warningConfidence">Confidence level of the warning test, in (0, 1).</param>
    /// <param name="twoSidedTest">Also flag decreases of the mean (River's <c>two_sided_test</c>).</param>
    public HddmA(double driftConfidence = DefaultDriftConfidence, double warningConfidence = DefaultWarningConfidence,
        bool twoSidedTest = false)
    {
        HddmW.CheckConfidence(driftConfidence, nameof(driftConfidence));
        HddmW.CheckConfidence(warningConfidence, nameof(warningConfidence));
        DriftConfidence = driftConfidence;
        WarningConfidence = warningConfidence;
        TwoSidedTest = twoSidedTest;
        // Logarithms of constants, computed once: the same values River computes on every update.
        _logInverseDrift = Math.Log(1.0 / driftConfidence);
        _logTwoOverDrift = Math.Log(2.0 / driftConfidence);
        _logTwoOverWarning = Math.Log(2.0 / warningConfidence);
        ResetState();
    }

    private readonly double _logInverseDrift;
    private readonly double _logTwoOverDrift;
    private readonly double _logTwoOverWarning;

    /// <inheritdoc />
    public override string Name => "hddm_a";
    /// <summary><c>drift_confidence</c>.</summary>
    public double DriftConfidence { get; }
    /// <summary><c>warning_confidence</c>.</summary>
    public double WarningConfidence { get; }
    /// <summary><c>two_sided_test</c>.</summary>
    public bool TwoSidedTest { get; }

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("drift_confidence", DriftConfidence), new("warning_confidence", WarningConfidence),
        new("two_sided_test", TwoSidedTest),
    ];

    private protected override void ResetState() => S = default;

    private protected override void Step(double x)
    {
        S.Z.Update(x);
        if (S.XMin.N == 0) SetXMin();
        if (S.XMax.N == 0) SetXMax();

        // River recomputes the cut points' bounds from their counts every update; a count only changes when
        // the cut point moves, so the bound is kept from then (same value, one square root fewer per update).
        double epsZ = HoeffdingBound(S.Z.N);
        if (S.XMin.Mean + S.XMinEps >= S.Z.Mean + epsZ)
            SetXMin();
        if (S.XMax.Mean - S.XMaxEps <= S.Z.Mean - epsZ)
            SetXMax();

        var (drift, warning) = Rise(S.XMin, S.Z.Mean - S.XMin.Mean);
        DriftDetected = drift;
        WarningDetected = warning;

        if (TwoSidedTest)
        {
            // A fall is the same test on the other cut point with the difference taken the other way.
            var (fallDrift, fallWarning) = Rise(S.XMax, S.XMax.Mean - S.Z.Mean);
            if (fallDrift)
                DriftDetected = true;
            else if (fallWarning)
                WarningDetected = true;
        }
    }

    private void SetXMin()
    {
        S.XMin = S.Z;
        S.XMinEps = HoeffdingBound(S.XMin.N);
    }

    private void SetXMax()
    {
        S.XMax = S.Z;
        S.XMaxEps = HoeffdingBound(S.XMax.N);
    }

    private double HoeffdingBound(double n) => Math.Sqrt(1.0 / (2 * n) * _logInverseDrift);

    // River's _mean_incr (and, with the roles swapped, _mean_decr) at the drift and the warning confidence:
    // does the difference of means since the cut point pass the bound for its count? m serves both tests.
    private (bool Drift, bool Warning) Rise(in RunningMean cut, double difference)
    {
        // eps >= 0, so a mean that did not rise cannot pass (checked first to skip the square roots).
        if (cut.N == S.Z.N || difference < 0)
            return (false, false);
        double m = (S.Z.N - cut.N) / cut.N * (1.0 / S.Z.N);
        if (AtLeastSquareRoot(difference, m / 2 * _logTwoOverDrift))
            return (true, false);
        return (false, AtLeastSquareRoot(difference, m / 2 * _logTwoOverWarning));
    }

    // a >= Math.Sqrt(b) for a >= 0, decided by squaring when a² is clearly apart from b (a relative margin of
    // 1e-12 dwarfs the rounding of a·a and of the square root), so the result is exactly River's comparison.
    internal static bool AtLeastSquareRoot(double a, double b)
    {
        if (a > 1e-100 && b > 1e-200)
        {
            double square = a * a;
            if (square > b * (1 + 1e-12)) return true;
            if (square < b * (1 - 1e-12)) return false;
        }
        return a >= Math.Sqrt(b);
    }

    /// <summary>HDDM_A's running means (public for serialization).</summary>
    public struct State
    {
        /// <summary>Global mean.</summary>
        public RunningMean Z;
        /// <summary>Mean at the cut point for increases.</summary>
        public RunningMean XMin;
        /// <summary>Mean at the cut point for decreases.</summary>
        public RunningMean XMax;
        /// <summary>Hoeffding bound for <see cref="XMin"/>'s count.</summary>
        public double XMinEps;
        /// <summary>Hoeffding bound for <see cref="XMax"/>'s count.</summary>
        public double XMaxEps;
    }
}
