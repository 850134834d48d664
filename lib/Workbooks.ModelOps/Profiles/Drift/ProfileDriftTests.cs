using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>
/// The drift tests that can run on profiles, each with its error bound: <c>ks</c> and <c>wasserstein</c> from the
/// quantile sketches; <c>psi</c>, <c>jensenshannon</c> and <c>hellinger</c> from bin shares (exact per-value counts,
/// exact fixed-edge histograms, or Sturges bins read off the sketches within 2ε per bin); <c>chisquare</c> from
/// per-value counts or frequent items with an "other" bucket (each count known within the Misra-Gries bound).
/// </summary>
public static class ProfileDriftTests
{
    /// <summary>Tests that run on profiles.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ks", "wasserstein", "psi", "jensenshannon", "hellinger", "chisquare"];

    /// <summary>Per-sketch failure probability of the KLL bounds (two sketches: 99% together).</summary>
    public const double Delta = 0.005;

    public static ApproximateDriftResult Run(string test, ColumnProfile reference, ColumnProfile current, double? threshold = null)
    {
        var d = DriftTestRegistry.Get(test).Descriptor;
        double th = threshold ?? d.DefaultThreshold;
        bool numerical = reference.Kind == ColumnKind.Numerical;
        if (test is "ks" or "wasserstein" && !numerical) throw new ArgumentException($"column '{reference.Name}' is categorical; {test} needs a numerical column.");
        return test switch
        {
            "ks" => Ks(d, reference, current, th),
            "wasserstein" => Wasserstein(d, reference, current, th),
            "psi" or "jensenshannon" or "hellinger" or "chisquare" => Binned(d, ProfileBins.For(reference, current, Delta), current.Valid, th),
            _ => throw new ArgumentException($"test '{test}' does not run on profiles. Tests that do: {string.Join(", ", Names)}."),
        };
    }

    private static double Confidence(double eps1, double eps2) => eps1 == 0 && eps2 == 0 ? 1 : 1 - 2 * Delta;

    private static ApproximateDriftResult Ks(DriftTestDescriptor d, ColumnProfile r, ColumnProfile c, double th)
    {
        double e1 = r.Quantiles!.RankErrorBound(Delta), e2 = c.Quantiles!.RankErrorBound(Delta), bound = e1 + e2;
        double stat = SketchDistances.Ks(r.Quantiles, c.Quantiles);
        int n1 = (int)Math.Min(int.MaxValue, r.Valid), n2 = (int)Math.Min(int.MaxValue, c.Valid);
        double P(double dd)
        {
            dd = Math.Clamp(dd, 0, 1);
            if (Math.Max(n1, n2) <= KolmogorovSmirnov.MaxExactN && KolmogorovSmirnov.TryExact(n1, n2, dd, out _, out double exact)) return Math.Clamp(exact, 0, 1);
            double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
            return Math.Clamp(KolmogorovDistribution.Sf((int)Math.Round(m * n / (m + n), MidpointRounding.ToEven), dd), 0, 1);
        }
        var statRange = (Math.Max(0, stat - bound), Math.Min(1, stat + bound));
        double p = P(stat);
        return ApproximateDriftResult.Make(d, stat, statRange, p, p, (P(statRange.Item2), P(statRange.Item1)), th, Confidence(e1, e2),
            $"KS from KLL sketches: |D - D_est| at most eps_ref + eps_cur = {e1:G3} + {e2:G3}");
    }

    private static ApproximateDriftResult Wasserstein(DriftTestDescriptor d, ColumnProfile r, ColumnProfile c, double th)
    {
        double e1 = r.Quantiles!.RankErrorBound(Delta), e2 = c.Quantiles!.RankErrorBound(Delta);
        double range = Math.Max(r.Max, c.Max) - Math.Min(r.Min, c.Min), bound = (e1 + e2) * range;
        double raw = SketchDistances.Wasserstein(r.Quantiles, c.Quantiles);
        double norm = Math.Max(Math.Sqrt(r.Moments.Variance), Workbooks.ModelOps.Drift.StatTests.WassersteinDriftTest.StdFloor);
        var statRange = (Math.Max(0, raw - bound), raw + bound);
        return ApproximateDriftResult.Make(d, raw, statRange, null, raw / norm, (statRange.Item1 / norm, statRange.Item2 / norm), th, Confidence(e1, e2),
            $"Wasserstein-1 between KLL step CDFs: error at most (eps_ref + eps_cur)(max - min) = {bound:G3}; normed by the exact reference std");
    }

    private static ApproximateDriftResult Binned(DriftTestDescriptor d, ProfileBins bins, long currentValid, double th)
    {
        var (r, c) = (bins.Reference, bins.Current);
        string method = $"{bins.Description}; bin shares within their bounds";
        switch (d.Name)
        {
            case "psi":
            {
                var (rf, cf) = (Fill(r, bins.ReferenceValid), Fill(c, bins.CurrentValid));
                double est = Divergences.Psi(rf.Select(x => x.Estimate).ToArray(), cf.Select(x => x.Estimate).ToArray());
                var range = ConvexBounds.Sum(rf, cf, (p, q) => (p - q) * Math.Log(p / q));
                return ApproximateDriftResult.Make(d, est, range, null, est, range, th, bins.Confidence, method);
            }
            case "jensenshannon":
            {
                double est = Divergences.JensenShannon(r.Select(x => x.Estimate).ToArray(), c.Select(x => x.Estimate).ToArray());
                var (lo, hi) = ConvexBounds.Sum(r, c, JsTerm);
                var range = (Math.Sqrt(Math.Max(0, lo / 2)), Math.Sqrt(Math.Max(0, hi / 2)));
                return ApproximateDriftResult.Make(d, est, range, null, est, range, th, bins.Confidence, method);
            }
            case "hellinger":
            {
                double est = Divergences.Hellinger(r.Select(x => x.Estimate).ToArray(), c.Select(x => x.Estimate).ToArray());
                var (lo, hi) = ConvexBounds.Sum(r, c, (p, q) => -Math.Sqrt(p * q));
                static double H(double bc) => Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
                var range = (H(-lo), H(-hi));
                return ApproximateDriftResult.Make(d, est, range, null, est, range, th, bins.Confidence, method);
            }
            case "chisquare":
            {
                int dof = r.Length - 1;
                if (dof < 1) return ApproximateDriftResult.Make(d, 0, (0, 0), 1, 1, (1, 1), th, 1, "a single category on both sides: nothing to compare");
                double n = currentValid;
                double Stat(IEnumerable<(double P, double Q)> pq) => n * pq.Sum(x => ChiTerm(x.P, x.Q));
                double est = Stat(r.Zip(c, (a, b) => (a.Estimate, b.Estimate)));
                var (lo, hi) = ConvexBounds.Sum(r, c, ChiTerm);
                double P(double s) => Distributions.ChiSquareSf(s, dof);
                double pEst = double.IsPositiveInfinity(est) ? 0 : P(est);
                return ApproximateDriftResult.Make(d, est, (n * lo, n * hi), pEst, pEst, (double.IsPositiveInfinity(hi) ? 0 : P(n * hi), P(n * lo)), th, bins.Confidence, method);
            }
            default: throw new ArgumentException($"test '{d.Name}' does not run on bin shares.");
        }
    }

    // Reference share p, current share q: Evidently's goodness of fit n (q - p)² / p, infinite when p = 0 < q.
    private static double ChiTerm(double p, double q) => p == 0 ? (q == 0 ? 0 : double.PositiveInfinity) : (q - p) * (q - p) / p;

    private static double JsTerm(double p, double q)
    {
        double m = (p + q) / 2, s = 0;
        if (p > 0) s += p * Math.Log(p / m);
        if (q > 0) s += q * Math.Log(q / m);
        return s;
    }

    // Evidently fills empty bins with 0.0001, or with the smallest non-zero share / 10^6 (which is at least 10^-6 / n).
    private static ShareInterval[] Fill(ShareInterval[] shares, long valid)
    {
        var filled = Histogram.FillEmpty(shares.Select(s => s.Estimate).ToArray());
        double smallest = 1e-6 / Math.Max(1, valid);
        return shares.Select((s, i) => new ShareInterval(filled[i], s.Low > 0 ? s.Low : smallest, Math.Max(s.High, 1e-4))).ToArray();
    }
}
