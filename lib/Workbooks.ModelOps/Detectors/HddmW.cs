namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// HDDM_W, drift detection with McDiarmid's bounds on exponentially weighted moving averages
/// (Frías-Blanco et al., IEEE TKDE 2015), as River's <c>drift.binary.HDDM_W</c>. Input: 1 for an
/// error, 0 otherwise. Compares the EWMA before the best cut point with the EWMA after it; a significant
/// rise is a warning or a drift. <c>lambda_val</c> weights recent data. One-sided by default.
/// </summary>
/// <example>
/// <code>
/// var hddm = new HddmW();
/// for (int i = 0; i &lt; 400; i++)
/// {
///     hddm.Update(i &lt; 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0));
///     if (hddm.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 236
/// </code>
/// </example>
public sealed class HddmW : DriftDetector<HddmW.State>
{
    /// <summary>River's default <c>drift_confidence</c>.</summary>
    public const double DefaultDriftConfidence = 0.001;
    /// <summary>River's default <c>warning_confidence</c>.</summary>
    public const double DefaultWarningConfidence = 0.005;
    /// <summary>River's default <c>lambda_val</c>.</summary>
    public const double DefaultLambda = 0.05;

    /// <summary>Creates an HDDM_W with River's parameter meanings.</summary>
    /// <param name="driftConfidence">Confidence level of the drift test, in (0, 1).</param>
    /// <param name="warningConfidence">Confidence level of the warning test, in (0, 1).</param>
    /// <param name="lambdaVal">Weight of the newest value in the EWMA (River's <c>lambda_val</c>), in (0, 1].</param>
    /// <param name="twoSidedTest">Also flag decreases of the mean (River's <c>two_sided_test</c>).</param>
    public HddmW(double driftConfidence = DefaultDriftConfidence, double warningConfidence = DefaultWarningConfidence,
        double lambdaVal = DefaultLambda, bool twoSidedTest = false)
    {
        CheckConfidence(driftConfidence, nameof(driftConfidence));
        CheckConfidence(warningConfidence, nameof(warningConfidence));
        if (!(lambdaVal > 0 && lambdaVal <= 1))
            throw new ArgumentOutOfRangeException(nameof(lambdaVal), "lambda_val must be in (0, 1].");
        DriftConfidence = driftConfidence;
        WarningConfidence = warningConfidence;
        LambdaVal = lambdaVal;
        TwoSidedTest = twoSidedTest;
        _lambdaSquared = lambdaVal * lambdaVal;
        _complementSquared = Math.Pow(1 - lambdaVal, 2);
        // log(1 / confidence), computed once: the same values River computes on every update.
        _logInverseDrift = Math.Log(1 / driftConfidence);
        _logInverseWarning = Math.Log(1 / warningConfidence);
        ResetState();
    }

    private readonly double _logInverseDrift;
    private readonly double _logInverseWarning;

    private readonly double _lambdaSquared;
    private readonly double _complementSquared;

    /// <inheritdoc />
    public override string Name => "hddm_w";
    /// <summary><c>drift_confidence</c>.</summary>
    public double DriftConfidence { get; }
    /// <summary><c>warning_confidence</c>.</summary>
    public double WarningConfidence { get; }
    /// <summary><c>lambda_val</c>.</summary>
    public double LambdaVal { get; }
    /// <summary><c>two_sided_test</c>.</summary>
    public bool TwoSidedTest { get; }

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("drift_confidence", DriftConfidence), new("warning_confidence", WarningConfidence),
        new("lambda_val", LambdaVal), new("two_sided_test", TwoSidedTest),
    ];

    internal static void CheckConfidence(double value, string name)
    {
        if (!(value > 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, "a confidence must be in (0, 1).");
    }

    private protected override void ResetState() => S = new State
    {
        Total = Sample.Empty, S1Decr = Sample.Empty, S1Incr = Sample.Empty, S2Decr = Sample.Empty, S2Incr = Sample.Empty,
        IncrCutpoint = double.PositiveInfinity, DecrCutpoint = double.NegativeInfinity,
    };

    private protected override void Step(double x)
    {
        Add(ref S.Total, x);

        double eps = McDiarmidBound(S.Total.Ibc, _logInverseDrift);
        if (S.Total.Ewma + eps < S.IncrCutpoint)
        {
            S.IncrCutpoint = S.Total.Ewma + eps;
            S.S1Incr = S.Total;
            S.S2Incr = Sample.Empty;
        }
        else
            Add(ref S.S2Incr, x);

        if (MeanChanged(S.S1Incr, S.S2Incr, _logInverseDrift))
        {
            WarningDetected = false;
            DriftDetected = true;
        }
        else
        {
            WarningDetected = MeanChanged(S.S1Incr, S.S2Incr, _logInverseWarning);
            DriftDetected = false;
        }

        eps = McDiarmidBound(S.Total.Ibc, _logInverseDrift);
        if (S.Total.Ewma - eps > S.DecrCutpoint)
        {
            S.DecrCutpoint = S.Total.Ewma - eps;
            S.S1Decr = S.Total;
            S.S2Decr = Sample.Empty;
        }
        else
            Add(ref S.S2Decr, x);

        if (TwoSidedTest)
        {
            if (MeanChanged(S.S2Decr, S.S1Decr, _logInverseDrift))
                DriftDetected = true;
            else if (MeanChanged(S.S2Decr, S.S1Decr, _logInverseWarning))
                WarningDetected = true;
        }
    }

    private static double McDiarmidBound(double ibc, double logInverseConfidence) => Math.Sqrt(ibc * logInverseConfidence / 2);

    private static bool MeanChanged(in Sample before, in Sample after, double logInverseConfidence)
    {
        if (!(before.IsInit && after.IsInit))
            return false;
        double bound = McDiarmidBound(before.Ibc + after.Ibc, logInverseConfidence);
        return after.Ewma - before.Ewma > bound;
    }

    // River's SampleInfo.update: the EWMA (watermill's EWMean: a zero mean takes the value as is) and the
    // independent bound condition ibc = lambda² + (1 − lambda)² · ibc.
    private void Add(ref Sample sample, double x)
    {
        sample.Ewma = sample.Ewma == 0.0 ? x : LambdaVal * x + (1.0 - LambdaVal) * sample.Ewma;
        sample.IsInit = true;
        sample.Ibc = _lambdaSquared + _complementSquared * sample.Ibc;
    }

    /// <summary>One EWMA sample summary (River's <c>SampleInfo</c>).</summary>
    public struct Sample
    {
        /// <summary>A summary with no data: ibc = 1.</summary>
        public static Sample Empty => new() { Ibc = 1.0 };
        /// <summary>Exponentially weighted mean.</summary>
        public double Ewma;
        /// <summary>Independent bound condition.</summary>
        public double Ibc;
        /// <summary>Whether any value was added.</summary>
        public bool IsInit;
    }

    /// <summary>HDDM_W's state (public for serialization).</summary>
    public struct State
    {
        /// <summary>All data.</summary>
        public Sample Total;
        /// <summary>Data before the cut point for decreases.</summary>
        public Sample S1Decr;
        /// <summary>Data before the cut point for increases.</summary>
        public Sample S1Incr;
        /// <summary>Data after the cut point for decreases.</summary>
        public Sample S2Decr;
        /// <summary>Data after the cut point for increases.</summary>
        public Sample S2Incr;
        /// <summary>Lowest EWMA + bound so far.</summary>
        public double IncrCutpoint;
        /// <summary>Highest EWMA − bound so far.</summary>
        public double DecrCutpoint;
    }
}
