namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// Binned expected calibration error: rows fall into equal-width probability bins over [0, 1] (a
/// probability of exactly 1 goes to the last bin), and ECE = Σ (bin size / n) · |mean label − mean probability|.
/// Kept internal to the estimators until the shared metric calculators (<c>Workbooks.ModelOps.Metrics</c>) carry it.
/// </summary>
internal static class CalibrationError
{
    public static double Expected(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin is needed.");
        if (probabilities.Length == 0) throw new ArgumentException("ECE needs at least one row.");
        var count = new int[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (int i = 0; i < probabilities.Length; i++)
        {
            int b = Math.Min(bins - 1, (int)(probabilities[i] * bins));
            count[b]++; sumP[b] += probabilities[i]; sumY[b] += labels[i];
        }
        double ece = 0;
        for (int b = 0; b < bins; b++)
            if (count[b] > 0) ece += Math.Abs(sumY[b] - sumP[b]) / probabilities.Length;
        return ece;
    }
}
