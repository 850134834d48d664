namespace Workbooks.ModelOps.Monitoring;

internal static class WindowLatency
{
    // Exact percentiles of one window's latencies (ms), nearest-rank on the sorted values.
    public static LatencySummary Summarize(double[] ms)
    {
        if (ms.Length == 0) return LatencySummary.Empty;
        Array.Sort(ms);
        double Q(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Length) - 1, 0, ms.Length - 1)];
        return new LatencySummary(ms.Length, Q(0.5), Q(0.9), Q(0.95), Q(0.99), Q(0.999), ms[^1], ms.Average());
    }
}
