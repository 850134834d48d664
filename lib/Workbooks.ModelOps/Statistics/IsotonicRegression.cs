namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// A fitted non-decreasing step-and-ramp function: the isotonic (monotone least-squares) fit of y on x,
/// evaluated by linear interpolation between the distinct training x values and clipped to the end
/// values outside them (what scikit-learn's <c>IsotonicRegression(out_of_bounds="clip")</c> predicts).
/// </summary>
/// <example>
/// <code>
/// var fit = IsotonicRegression.Fit([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]);
/// Console.WriteLine(string.Join(" ", new[] { 0.0, 1.5, 2.5, 9.0 }.Select(fit.Predict)));
/// // prints: 1 1.75 2.5 5
/// </code>
/// </example>
public sealed class IsotonicFit
{
    private readonly double[] _x;
    private readonly double[] _y;

    internal IsotonicFit(double[] x, double[] y) { _x = x; _y = y; }

    /// <summary>The distinct training x values, ascending.</summary>
    public IReadOnlyList<double> Thresholds => _x;
    /// <summary>The fitted value at each threshold (non-decreasing).</summary>
    public IReadOnlyList<double> Values => _y;

    /// <summary>The fitted function at <paramref name="x"/>: interpolated between thresholds, clipped outside.</summary>
    public double Predict(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentException("Cannot evaluate an isotonic fit at NaN.", nameof(x));
        if (x <= _x[0]) return _y[0];
        int last = _x.Length - 1;
        if (x >= _x[last]) return _y[last];
        int hi = Array.BinarySearch(_x, x);
        if (hi >= 0) return _y[hi];
        hi = ~hi;
        int lo = hi - 1;
        double t = (x - _x[lo]) / (_x[hi] - _x[lo]);
        return _y[lo] + t * (_y[hi] - _y[lo]);
    }

    /// <summary>Evaluates the fit at every value.</summary>
    public double[] Predict(ReadOnlySpan<double> x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = Predict(x[i]);
        return result;
    }
}

/// <summary>
/// Isotonic regression by the pool-adjacent-violators algorithm: the non-decreasing sequence closest to
/// y in weighted least squares. Equal x values are first merged into their weighted mean, so ties get
/// one fitted value. Used to calibrate classifier scores into probabilities.
/// </summary>
public static class IsotonicRegression
{
    /// <summary>Fits y on x with optional positive weights (all 1 when null). Errors name the offending index.</summary>
    public static IsotonicFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights = default)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} values but y has {y.Length}.");
        if (x.Length == 0) throw new ArgumentException("Isotonic regression needs at least one point.");
        bool weighted = !weights.IsEmpty;
        if (weighted && weights.Length != x.Length) throw new ArgumentException($"x has {x.Length} values but weights has {weights.Length}.");
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i])) throw new ArgumentException($"x[{i}] is {x[i]}; isotonic regression needs finite values.");
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] is {y[i]}; isotonic regression needs finite values.");
            if (weighted && !(weights[i] > 0 && double.IsFinite(weights[i]))) throw new ArgumentException($"weights[{i}] is {weights[i]}; weights must be positive and finite.");
        }

        var order = new int[x.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = x.ToArray();
        Array.Sort(keys, order);

        // Merge equal x into one point carrying the summed weight and the weighted mean of y.
        var ux = new List<double>(x.Length);
        var uy = new List<double>(x.Length);
        var uw = new List<double>(x.Length);
        for (int k = 0; k < order.Length;)
        {
            double xv = keys[k], sw = 0, swy = 0;
            for (; k < order.Length && keys[k] == xv; k++)
            {
                double w = weighted ? weights[order[k]] : 1.0;
                sw += w; swy += w * y[order[k]];
            }
            ux.Add(xv); uy.Add(swy / sw); uw.Add(sw);
        }

        var fitted = PoolAdjacentViolators(uy, uw);
        return new IsotonicFit(ux.ToArray(), fitted);
    }

    /// <summary>PAV on points already in x order: a stack of blocks, merging the top two while they decrease.</summary>
    private static double[] PoolAdjacentViolators(List<double> y, List<double> w)
    {
        int n = y.Count;
        var mean = new double[n];
        var weight = new double[n];
        var end = new int[n];   // exclusive end index of each block
        int blocks = 0;
        for (int i = 0; i < n; i++)
        {
            mean[blocks] = y[i]; weight[blocks] = w[i]; end[blocks] = i + 1; blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1])
            {
                double sw = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1]) / sw;
                weight[blocks - 2] = sw;
                end[blocks - 2] = end[blocks - 1];
                blocks--;
            }
        }
        var result = new double[n];
        for (int b = 0, start = 0; b < blocks; start = end[b], b++)
            for (int i = start; i < end[b]; i++) result[i] = mean[b];
        return result;
    }
}
