using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// KSWIN, Kolmogorov-Smirnov windowing (Raab, Heusinger and Schleif, Neurocomputing 2020), as River's
/// <c>drift.KSWIN</c>. Keeps the last <c>window_size</c> values; once full, each update draws
/// <c>stat_size</c> of the older values (Python's <c>random.Random(seed).sample</c>, reproduced exactly)
/// and compares them with the newest <c>stat_size</c> values by the two-sample KS test. A drift is
/// flagged when p ≤ <c>alpha</c> and the statistic exceeds 0.1. Never warns.
/// </summary>
/// <example>
/// <code>
/// var kswin = new Kswin(seed: 42);
/// for (int i = 0; i &lt; 400; i++)
/// {
///     kswin.Update(i &lt; 200 ? i % 5 : 10 + i % 5);
///     if (kswin.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 213
/// </code>
/// </example>
public sealed class Kswin : DriftDetector<Kswin.State>
{
    /// <summary>River's default <c>alpha</c>.</summary>
    public const double DefaultAlpha = 0.005;
    /// <summary>River's default <c>window_size</c>.</summary>
    public const int DefaultWindowSize = 100;
    /// <summary>River's default <c>stat_size</c>.</summary>
    public const int DefaultStatSize = 30;

    // Scratch buffers, sized once: the update allocates nothing.
    private readonly double[] _sample;
    private readonly double[] _recent;
    private readonly int[] _indices;
    private readonly int[] _pool;

    /// <summary>Creates a KSWIN with River's parameter meanings.</summary>
    /// <param name="alpha">Significance level of the KS test, in [0, 1].</param>
    /// <param name="windowSize">Length of the sliding window.</param>
    /// <param name="statSize">Length of the newest part tested against a sample of the older part.</param>
    /// <param name="seed">Seed of Python's random generator; null draws a fresh seed at every reset, as River does.</param>
    /// <param name="window">Values already collected, to avoid a cold start (kept until the first reset).</param>
    public Kswin(double alpha = DefaultAlpha, int windowSize = DefaultWindowSize, int statSize = DefaultStatSize,
        long? seed = null, IEnumerable<double>? window = null)
    {
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), "Alpha must be between 0 and 1.");
        if (statSize <= 0) throw new ArgumentOutOfRangeException(nameof(statSize), "stat_size must be greater than 0.");
        if (windowSize <= statSize)
            throw new ArgumentOutOfRangeException(nameof(windowSize), "window_size must be greater than stat_size.");
        if (statSize > KsEqualSizeTest.MaxExactSize)
            throw new ArgumentOutOfRangeException(nameof(statSize), $"stat_size must be at most {KsEqualSizeTest.MaxExactSize}.");
        Alpha = alpha;
        WindowSize = windowSize;
        StatSize = statSize;
        Seed = seed;
        _sample = new double[statSize];
        _recent = new double[statSize];
        _indices = new int[statSize];
        _pool = new int[windowSize - statSize];
        ResetState();
        if (window is not null)
            foreach (double v in window)
                Push(v);
    }

    /// <inheritdoc />
    public override string Name => "kswin";
    /// <summary><c>alpha</c>.</summary>
    public double Alpha { get; }
    /// <summary><c>window_size</c>.</summary>
    public int WindowSize { get; }
    /// <summary><c>stat_size</c>.</summary>
    public int StatSize { get; }
    /// <summary><c>seed</c> (null: unseeded).</summary>
    public long? Seed { get; }
    /// <summary>The p-value of the last KS test (0 before the window first fills, as River).</summary>
    public double PValue => S.LastGap < 0 ? 0.0 : KsEqualSizeTest.PValue(StatSize, S.LastGap);

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("alpha", Alpha), new("window_size", WindowSize), new("stat_size", StatSize), new("seed", Seed),
    ];

    private protected override void ResetState()
    {
        var window = S.Window is { } w && w.Length == WindowSize ? w : new double[WindowSize];
        var rng = S.Rng;
        rng.Seed(Seed ?? System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        S = new State { Window = window, Rng = rng, LastGap = -1 };
    }

    private protected override void AfterRestore()
    {
        if (S.Window?.Length != WindowSize || S.Rng.Mt?.Length != 624 || S.Count > WindowSize)
            throw new FormatException("KSWIN state does not match its window_size or lacks the generator state.");
    }

    private void Push(double x)
    {
        if (S.Count < WindowSize)
            S.Window[(S.Start + S.Count++) % WindowSize] = x;
        else
        {
            S.Window[S.Start] = x;
            S.Start = (S.Start + 1) % WindowSize;
        }
    }

    private protected override void Step(double x)
    {
        S.N++;
        Push(x);
        if (S.Count < WindowSize)
        {
            DriftDetected = false;
            return;
        }
        int older = WindowSize - StatSize;
        S.Rng.SampleRange(older, _indices, _pool);
        for (int i = 0; i < StatSize; i++)
        {
            _sample[i] = S.Window[(S.Start + _indices[i]) % WindowSize];
            _recent[i] = S.Window[(S.Start + older + i) % WindowSize];
        }
        S.LastGap = KsEqualSizeTest.SortAndCountGap(_sample, _recent);
        double statistic = S.LastGap * 1.0 / StatSize;
        // The p-value only matters when the statistic passes 0.1; otherwise PValue computes it on demand.
        // (River then keeps only the newest values, but resets the window on the next update anyway.)
        DriftDetected = statistic > 0.1 && KsEqualSizeTest.PValue(StatSize, S.LastGap) <= Alpha;
    }

    /// <summary>KSWIN's window and generator (public for serialization).</summary>
    public struct State
    {
        /// <summary>Ring buffer of the window.</summary>
        public double[] Window;
        /// <summary>Position of the oldest value in <see cref="Window"/>.</summary>
        public int Start;
        /// <summary>Values in the window.</summary>
        public int Count;
        /// <summary>Values seen since the last reset.</summary>
        public long N;
        /// <summary>h of the last test (largest CDF gap in values; −1 before any test).</summary>
        public int LastGap;
        /// <summary>Python's random generator state.</summary>
        public PythonRandom Rng;
    }
}
