using System.Globalization;
using Workbooks.ModelOps.Drift;

namespace Workbooks.Cli.Verbs;

/// <summary>The <c>drift</c> verb's text summary: the report's headline, then one line per drifted column (every tested
/// column with <c>--all</c>) naming the deciding test, its score, threshold and verdict; with <c>--tests all</c> the other
/// tests run on a listed column follow it, indented. Untested columns, warnings and left-out values always show.</summary>
internal static class DriftText
{
    public static void Write(DataDriftReport report, TextWriter output, bool all)
    {
        output.WriteLine(report.ToString());
        foreach (var c in report.Columns)
        {
            if (!c.Tested) output.WriteLine($"  {c.Name}: not tested: {c.NotTestedReason}");
            else if (all || c.DriftDetected || c.MissingShareAlert)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {c.Name}: {Line(c.Result)}{(c.MissingShareAlert ? $", missing share {c.MissingShare:P1}" : "")}"));
                foreach (var (_, other) in c.OtherTests.Where(t => t.Key != c.Test).OrderBy(t => t.Key, StringComparer.Ordinal))
                    output.WriteLine($"      {Line(other)}");
            }
            foreach (var w in c.Warnings) output.WriteLine($"  {c.Name}: warning: {w}");
            if (c.Tested && c.Warnings.Count == 0 && DriftDataQuality.LeftOut(c) is { } leftOut) output.WriteLine($"  {c.Name}: {leftOut}");
        }
    }

    // "ks score 0.0123 (threshold 0.05) drift"
    private static string Line(DriftTestResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Test} score {r.Score:G6} (threshold {r.Threshold:G4}) {(r.DriftDetected ? "drift" : "no drift")}");
}
