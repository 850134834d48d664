using MathNet.Numerics;

namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov statistic D_n, P(D_n &gt; x), following the
/// method selection of Simard and L'Ecuyer (2011) as SciPy's <c>kstwo.sf</c> does: Ruben-Gambino closed forms
/// at the ends, twice the exact one-sided Smirnov tail (Birnbaum-Tingey sum) in the upper tail, the
/// Durbin matrix (Marsaglia-Tsang-Wang) for small n x^2, and the Pelz-Good expansion for large n.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(KolmogorovDistribution.Sf(10, 0.3).ToString("F6"));   // 0.270536
/// </code>
/// </example>
public static class KolmogorovDistribution
{
    public static double Sf(int n, double x)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (x >= 1) return 0;
        if (x <= 0) return 1;
        double t = n * x;
        if (t <= 1)
        {
            if (t <= 0.5) return 1;
            double cdf = n <= 140 ? SmallCdfAtLeft(n, t) : Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            return Clip(1 - cdf);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1 - x, n));
        if (x >= 0.5) return Clip(2 * SmirnovSf(n, x));
        double nx2 = t * x;
        if (n <= 140)
        {
            // Durbin's matrix is exact; SciPy uses it (or Pomeranz's equally exact recursion) below n x^2 = 4.
            if (nx2 <= 4) return Clip(1 - DurbinCdf(n, x));
            return Clip(2 * SmirnovSf(n, x));
        }
        if (nx2 >= 370) return 0;
        if (nx2 >= 2.2) return Clip(2 * SmirnovSf(n, x));
        double cdfProb = nx2 >= 18 ? 1 : n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinCdf(n, x) : PelzGoodCdf(n, x);
        return Clip(1 - cdfProb);
    }

    private static double Clip(double p) => Math.Clamp(p, 0, 1);

    private static double SmallCdfAtLeft(int n, double t)
    {
        double p = 1;
        for (int i = 1; i <= n; i++) p *= i * (1.0 / n) * (2 * t - 1);
        return p;
    }

    /// <summary>log(n! / n^n) by Stirling's series with n log n removed up front.</summary>
    private static double LogFactorialOverPower(int n)
    {
        double rn = 1.0 / n, r2 = rn * rn;
        // Bernoulli-number coefficients B_2j / (2j (2j-1)), j = 1..8, Horner in 1/n^2.
        double[] c = [8.3333333333333333333e-2, -2.7777777777777777778e-3, 7.9365079365079365079e-4, -5.952380952380952381e-4,
                      8.4175084175084175084e-4, -1.9175269175269175269e-3, 6.4102564102564102564e-3, -2.955065359477124183e-2];
        double s = 0;
        for (int k = c.Length - 1; k >= 0; k--) s = s * r2 + c[k];
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * s;
    }

    /// <summary>Exact one-sided tail P(D+_n &gt;= x) = x sum_v C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v),
    /// summed in logs (all terms positive, so no cancellation).</summary>
    public static double SmirnovSf(int n, double x)
    {
        if (x <= 0) return 1;
        if (x >= 1) return 0;
        int last = (int)Math.Floor(n * (1 - x));
        double logN1 = SpecialFunctions.GammaLn(n + 1.0);
        double max = double.NegativeInfinity;
        var logs = new double[last + 1];
        for (int v = 0; v <= last; v++)
        {
            double e = x + (double)v / n, rest = 1 - e;
            double lt = rest > 0
                ? logN1 - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0) + (v - 1) * Math.Log(e) + (n - v) * Math.Log(rest)
                : (n - v == 0 ? logN1 - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0) + (v - 1) * Math.Log(e) : double.NegativeInfinity);
            logs[v] = lt;
            if (lt > max) max = lt;
        }
        double sum = 0;
        foreach (var lt in logs) if (lt > max - 60) sum += Math.Exp(lt - max);
        return x * Math.Exp(max) * sum;
    }

    /// <summary>Durbin's matrix method as Marsaglia, Tsang and Wang give it: P(D_n &lt; d) = n!/n^n (H^n)_{kk},
    /// with powers of H scaled by 2^128 steps to stay in range.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        double nd = n * d;
        if (d >= 1) return 1;
        if (nd <= 0.5) return 0;
        int k = (int)Math.Ceiling(nd), m = 2 * k - 1;
        double h = k - nd;
        var H = new double[m, m];
        var v = new double[m]; var w = new double[m];
        double fac = 1;
        for (int j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1 - Math.Pow(h, j)) * fac;
        }
        double tt = Math.Pow(Math.Max(2 * h - 1, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1 + tt) * fac;
        for (int i = 1; i < m; i++)
            for (int r = i - 1; r < m; r++) H[r, i] = w[r - i + 1];
        for (int r = 0; r < m; r++) H[r, 0] = v[r];
        for (int c = 0; c < m; c++) H[m - 1, c] = v[m - 1 - c];

        const int E = 128;
        double big = Math.ScaleB(1, E), small = Math.ScaleB(1, -E);
        var power = Identity(m);
        int nn = n, expPower = 0, expH = 0;
        while (nn > 0)
        {
            if ((nn & 1) == 1) { power = Multiply(power, H); expPower += expH; }
            H = Multiply(H, H);
            expH *= 2;
            if (Math.Abs(H[k - 1, k - 1]) > big) { Scale(H, small); expH += E; }
            nn >>= 1;
        }
        double p = power[k - 1, k - 1];
        for (int i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < small) { p *= big; expPower -= E; }
        }
        return Math.Clamp(Math.ScaleB(p, expPower), 0, 1);
    }

    private static double[,] Identity(int m) { var a = new double[m, m]; for (int i = 0; i < m; i++) a[i, i] = 1; return a; }
    private static void Scale(double[,] a, double s) { for (int i = 0; i < a.GetLength(0); i++) for (int j = 0; j < a.GetLength(1); j++) a[i, j] *= s; }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0);
        var c = new double[m, m];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < m; k++)
            {
                double aik = a[i, k];
                if (aik == 0) continue;
                for (int j = 0; j < m; j++) c[i, j] += aik * b[k, j];
            }
        return c;
    }

    /// <summary>Pelz and Good's (1976) expansion of P(D_n &lt;= x) to order n^(-3/2), written with Jacobi theta
    /// transforms that suit small z = x sqrt(n).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double z = Math.Sqrt(n) * x, z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        double pi2 = Math.PI * Math.PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
        double qlog = -pi2 / 8 / z2;
        if (qlog < -708) return 0;
        double q = Math.Exp(qlog);
        double k1a = -z2, k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        Span<double> K = stackalloc double[4];
        int maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (int k = maxk; k >= 1; k--)
        {
            double mm = 2 * k - 1, m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            double qp = Math.Pow(q, 8 * k);
            K[0] = K[0] * qp + 1;
            K[1] = K[1] * qp + k1a + k1b * m2;
            K[2] = K[2] * qp + k2a + k2b * m2 + k2c * m4;
            K[3] = K[3] * qp + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        double sq2pi = Math.Sqrt(2 * Math.PI);
        K[0] *= q * sq2pi / z; K[1] *= q * sq2pi / (6 * z4); K[2] *= q * sq2pi / (72 * Math.Pow(z, 7)); K[3] *= q * sq2pi / (6480 * Math.Pow(z, 10));
        double q2 = Math.Exp(-pi2 / 2 / z2), sqrt3z = Math.Sqrt(3) * z, k2extra = 0, k3extra = 0;
        for (int k = maxk; k >= 1; k--)
        {
            double ks2 = (double)k * k, qpw = Math.Pow(q2, ks2), kspi = Math.PI * k;
            k2extra += ks2 * qpw;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qpw;
        }
        K[2] += k2extra * pi2 * sq2pi / (-36 * z3);
        K[3] += k3extra * pi2 * sq2pi / (216 * z6);
        double sum = 0;
        for (int i = 0; i < 4; i++) sum += K[i] / Math.Pow(n, i / 2.0);
        return sum;
    }
}
