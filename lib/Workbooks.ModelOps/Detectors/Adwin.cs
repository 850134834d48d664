namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// ADWIN, adaptive windowing (Bifet and Gavaldà, SDM 2007), as River's <c>drift.ADWIN</c> (its
/// <c>AdaptiveWindowing</c>, compared with online-ml/river commit 3430070f, <c>river/drift/adwin_c.pyx</c>,
/// and its Rust port <c>rust_src/adwin.rs</c>): the window is kept as an exponential histogram of buckets (at most
/// <c>max_buckets</c> per size, merged pairwise); every <c>clock</c> updates, once more than
/// <c>grace_period</c> values are in, every cut into an older and a newer part is tested and the oldest
/// bucket is dropped while the two means differ by more than the Hoeffding-style bound for <c>delta</c>.
/// Never warns. Bucket rows live in preallocated flat arrays: the update allocates nothing.
/// </summary>
/// <example>
/// <code>
/// var adwin = new Adwin();
/// for (int i = 0; i &lt; 2000; i++)
/// {
///     adwin.Update(i &lt; 1000 ? i % 2 : 3 + i % 2);
///     if (adwin.DriftDetected) Console.WriteLine($"drift at {i}");
/// }
/// // prints: drift at 1023
/// </code>
/// </example>
public sealed class Adwin : DriftDetector<Adwin.State>
{
    /// <summary>River's default <c>delta</c>.</summary>
    public const double DefaultDelta = 0.002;
    /// <summary>River's default <c>clock</c>.</summary>
    public const int DefaultClock = 32;
    /// <summary>River's default <c>max_buckets</c>.</summary>
    public const int DefaultMaxBuckets = 5;
    /// <summary>River's default <c>min_window_length</c>.</summary>
    public const int DefaultMinWindowLength = 5;
    /// <summary>River's default <c>grace_period</c>.</summary>
    public const int DefaultGracePeriod = 10;

    private const int InitialRows = 48; // 2^48 · max_buckets values before the arrays ever grow
    private readonly int _rowLength;

    /// <summary>Creates an ADWIN with River's parameter meanings.</summary>
    /// <param name="delta">Confidence value, in (0, 1).</param>
    /// <param name="clock">Check for change every this many updates.</param>
    /// <param name="maxBuckets">Buckets of each size kept before two are merged.</param>
    /// <param name="minWindowLength">Minimum length of each side of a cut.</param>
    /// <param name="gracePeriod">No check until the window holds more than this many values.</param>
    public Adwin(double delta = DefaultDelta, int clock = DefaultClock, int maxBuckets = DefaultMaxBuckets,
        int minWindowLength = DefaultMinWindowLength, int gracePeriod = DefaultGracePeriod)
    {
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), "delta must be in (0, 1).");
        if (clock < 1) throw new ArgumentOutOfRangeException(nameof(clock), "clock must be >= 1.");
        if (maxBuckets < 1) throw new ArgumentOutOfRangeException(nameof(maxBuckets), "max_buckets must be >= 1.");
        if (minWindowLength < 1) throw new ArgumentOutOfRangeException(nameof(minWindowLength), "min_window_length must be >= 1.");
        if (gracePeriod < 0) throw new ArgumentOutOfRangeException(nameof(gracePeriod), "grace_period must be >= 0.");
        Delta = delta;
        Clock = clock;
        MaxBuckets = maxBuckets;
        MinWindowLength = minWindowLength;
        GracePeriod = gracePeriod;
        _rowLength = maxBuckets + 1;
        ResetState();
    }

    /// <inheritdoc />
    public override string Name => "adwin";
    /// <summary><c>delta</c>.</summary>
    public double Delta { get; }
    /// <summary><c>clock</c>.</summary>
    public int Clock { get; }
    /// <summary><c>max_buckets</c>.</summary>
    public int MaxBuckets { get; }
    /// <summary><c>min_window_length</c>.</summary>
    public int MinWindowLength { get; }
    /// <summary><c>grace_period</c>.</summary>
    public int GracePeriod { get; }

    /// <summary>Values in the window.</summary>
    public double Width => S.Width;
    /// <summary>Sum of the values in the window.</summary>
    public double Total => S.Total;
    /// <summary>Sum of squared deviations in the window (River's <c>variance</c>).</summary>
    public double Variance => S.Variance;
    /// <summary>Mean of the window (0 when empty).</summary>
    public double Estimation => S.Width == 0 ? 0.0 : S.Total / S.Width;
    /// <summary>Cuts found since the last reset.</summary>
    public int NDetections => S.NDetections;

    /// <inheritdoc />
    public override IReadOnlyList<DetectorParameter> Parameters =>
    [
        new("delta", Delta), new("clock", Clock), new("max_buckets", MaxBuckets),
        new("min_window_length", MinWindowLength), new("grace_period", GracePeriod),
    ];

    private protected override void ResetState()
    {
        var totals = S.Totals;
        var variances = S.Variances;
        var counts = S.Counts;
        if (totals is null || totals.Length != InitialRows * _rowLength)
        {
            totals = new double[InitialRows * _rowLength];
            variances = new double[InitialRows * _rowLength];
            counts = new int[InitialRows];
        }
        else
        {
            Array.Clear(totals);
            Array.Clear(variances!);
            Array.Clear(counts!);
        }
        S = new State { Totals = totals, Variances = variances, Counts = counts, Rows = 1 };
    }

    private protected override void AfterRestore()
    {
        if (S.Counts is null || S.Totals?.Length != S.Counts.Length * _rowLength || S.Variances?.Length != S.Totals.Length
            || S.Rows < 0 || S.Rows > S.Counts.Length)
            throw new FormatException("ADWIN state does not match its max_buckets.");
    }

    private protected override void Step(double x)
    {
        InsertElement(x);
        DriftDetected = DetectChange();
    }

    private void InsertElement(double value)
    {
        if (S.Rows == 0) S.Rows = 1; // every bucket was dropped: start the first row again
        Append(0, value, 0.0);
        S.NBuckets++;
        if (S.NBuckets > S.MaxNBuckets) S.MaxNBuckets = S.NBuckets;
        S.Width += 1;
        double incremental = 0.0;
        if (S.Width > 1.0)
            incremental = (S.Width - 1.0) * (value - S.Total / (S.Width - 1.0)) * (value - S.Total / (S.Width - 1.0)) / S.Width;
        S.Variance += incremental;
        S.Total += value;
        CompressBuckets();
    }

    private void Append(int row, double total, double variance)
    {
        int at = row * _rowLength + S.Counts[row]++;
        S.Totals[at] = total;
        S.Variances[at] = variance;
    }

    // Drops the first `count` buckets of a row, shifting the rest left (River's Bucket.compress). Rows hold
    // max_buckets + 1 slots, so plain loops beat span copies here.
    private void ShiftRow(int row, int count)
    {
        int start = row * _rowLength, end = start + _rowLength;
        var totals = S.Totals;
        var variances = S.Variances;
        for (int i = start + count; i < end; i++)
        {
            totals[i - count] = totals[i];
            variances[i - count] = variances[i];
        }
        for (int i = end - count; i < end; i++)
        {
            totals[i] = 0.0;
            variances[i] = 0.0;
        }
        S.Counts[row] -= count;
    }

    private void CompressBuckets()
    {
        for (int row = 0; row < S.Rows; row++)
        {
            if (S.Counts[row] != MaxBuckets + 1)
                break;
            if (row + 1 == S.Rows)
                AddRow();
            double n1 = BucketSize(row), n2 = BucketSize(row);
            int at = row * _rowLength;
            double mu1 = S.Totals[at] / n1, mu2 = S.Totals[at + 1] / n2;
            double total12 = S.Totals[at] + S.Totals[at + 1];
            double temp = n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2);
            double v12 = S.Variances[at] + S.Variances[at + 1] + temp;
            Append(row + 1, total12, v12);
            S.NBuckets++;
            ShiftRow(row, 2);
            if (S.Counts[row + 1] <= MaxBuckets)
                break;
        }
    }

    private void AddRow()
    {
        if (S.Rows == S.Counts.Length)
        {
            Array.Resize(ref S.Totals, S.Totals.Length * 2);
            Array.Resize(ref S.Variances, S.Variances.Length * 2);
            Array.Resize(ref S.Counts, S.Counts.Length * 2);
        }
        S.Rows++;
    }

    // 2^row exactly, as River's pow(2, row), without the cost of a general pow.
    private static double BucketSize(int row) => Math.ScaleB(1.0, row);

    private double DeleteElement()
    {
        int row = S.Rows - 1;
        int at = row * _rowLength;
        double n = BucketSize(row);
        double u = S.Totals[at];
        double mu = u / n;
        double v = S.Variances[at];
        S.Width -= n;
        S.Total -= u;
        double muWindow = S.Total / S.Width;
        double incremental = v + n * S.Width * (mu - muWindow) * (mu - muWindow) / (n + S.Width);
        S.Variance -= incremental;
        ShiftRow(row, 1);
        S.NBuckets--;
        if (S.Counts[row] == 0)
            S.Rows--;
        return n;
    }

    private bool DetectChange()
    {
        bool changeDetected = false;
        S.Tick++;
        // tick % clock == 0, counted down instead of divided.
        bool clockTick = ++S.SinceCheck == Clock;
        if (clockTick) S.SinceCheck = 0;
        if (clockTick && S.Width > GracePeriod)
        {
            bool reduceWidth = true;
            while (reduceWidth)
            {
                reduceWidth = false;
                bool exit = false;
                double n0 = 0.0, n1 = S.Width, u0 = 0.0, u1 = S.Total;
                // River evaluates these per cut; width and variance only change when a bucket is dropped,
                // which ends the pass, so computing them once per pass gives the same values.
                double deltaPrime = double.NaN, varianceInWindow = S.Variance / S.Width;
                for (int row = S.Rows - 1; row >= 0 && !exit; row--)
                {
                    // Every bucket ends a cut, except the newest bucket of row 0, after which W1 would be
                    // empty (River ends the pass there). Older River releases walked range(current_idx - 1)
                    // in every row and so never cut after the newest bucket of rows above 0.
                    int cuts = row == 0 ? S.Counts[0] - 1 : S.Counts[row];
                    double size = BucketSize(row);
                    for (int k = 0; k < cuts; k++)
                    {
                        double bucketTotal = S.Totals[row * _rowLength + k];
                        n0 += size;
                        n1 -= size;
                        u0 += bucketTotal;
                        u1 -= bucketTotal;
                        double deltaMean = u0 / n0 - u1 / n1;
                        if (n1 < MinWindowLength || n0 < MinWindowLength)
                            continue;
                        if (double.IsNaN(deltaPrime))
                            deltaPrime = Math.Log(2 * Math.Log(S.Width) / Delta);
                        if (CutIsSignificant(n0, n1, deltaMean, deltaPrime, varianceInWindow))
                        {
                            reduceWidth = true;
                            changeDetected = true;
                            if (S.Width > 0)
                            {
                                n0 -= DeleteElement();
                                exit = true;
                                break;
                            }
                        }
                    }
                }
            }
        }
        S.TotalWidth += S.Width;
        if (changeDetected)
            S.NDetections++;
        return changeDetected;
    }

    private bool CutIsSignificant(double n0, double n1, double deltaMean, double deltaPrime, double varianceInWindow)
    {
        double mRecip = 1.0 / (n0 - MinWindowLength + 1) + 1.0 / (n1 - MinWindowLength + 1);
        double epsilon = Math.Sqrt(2 * mRecip * varianceInWindow * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
        return Math.Abs(deltaMean) > epsilon;
    }

    /// <summary>ADWIN's bucket histogram and window statistics (public for serialization).</summary>
    public struct State
    {
        /// <summary>Bucket totals, row-major, max_buckets + 1 slots per row; row r holds buckets of 2^r values.</summary>
        public double[] Totals;
        /// <summary>Bucket variances (sums of squared deviations), laid out as <see cref="Totals"/>.</summary>
        public double[] Variances;
        /// <summary>Buckets in use per row.</summary>
        public int[] Counts;
        /// <summary>Rows in use.</summary>
        public int Rows;
        /// <summary>Sum of the window.</summary>
        public double Total;
        /// <summary>Sum of squared deviations of the window.</summary>
        public double Variance;
        /// <summary>Values in the window.</summary>
        public double Width;
        /// <summary>Buckets in use.</summary>
        public int NBuckets;
        /// <summary>Most buckets ever in use.</summary>
        public int MaxNBuckets;
        /// <summary>Updates since the last reset.</summary>
        public long Tick;
        /// <summary>Updates since the last clock tick (Tick modulo clock).</summary>
        public int SinceCheck;
        /// <summary>Cuts found.</summary>
        public int NDetections;
        /// <summary>Sum of the window widths after each update (River keeps it too).</summary>
        public double TotalWidth;
    }
}
