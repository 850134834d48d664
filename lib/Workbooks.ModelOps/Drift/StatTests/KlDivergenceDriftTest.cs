using Workbooks.ModelOps.Statistics;

namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary><c>kl_div</c>: <c>scipy.stats.entropy(r, c)</c> (renormalised) over bin shares with Evidently's fill of
/// empty bins, drift when at least 0.1.</summary>
/// <example><code>Console.WriteLine(new KlDivergenceDriftTest().Descriptor.Name);   // kl_div</code></example>
public sealed class KlDivergenceDriftTest : DriftTestBase
{
    public override DriftTestDescriptor Descriptor { get; } = new("kl_div", "Kullback-Leibler divergence", true, true, 0.1, DriftScoreKind.Distance,
        "KL divergence (natural log) of renormalised filled shares; Sturges bins over pooled data above 20 distinct reference values, else one bin per value");

    protected override DriftTestResult Compute(DriftColumnPair pair, double threshold)
    {
        var (r, c) = pair.Shares.Filled();
        return Distance(Divergences.KullbackLeibler(r, c), threshold, pair.Shares.Description);
    }
}
