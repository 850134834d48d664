using System.Globalization;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Profiles.Drift;
using Workbooks.Notebooks.Reports;
using Workbooks.ModelOps.Data;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks drift --reference-profile A --current-profile B [--columns] [--test] [--tests all] [--threshold]
/// [--drift-share] [--json FILE|-]</c>: drift from two profiles, in the <c>drift</c> JSON schema with
/// <c>approximate: true</c> and each result's bounds. The summary names borderline columns.
/// </summary>
internal static class ProfileDriftRun
{
    public static int Run(CliContext context, string referencePath, string currentPath, DriftOptions options, string? json, string? html)
    {
        if (html is not null) throw new BadInputException("--html needs the raw data (--reference/--current); profiles hold sketches, not values to chart.");
        if (options.Correction != MultipleTestingCorrection.None) throw new BadInputException("--correction is not available with profiles.");
        var reference = ProfileVerb.Load(referencePath);
        var current = ProfileVerb.Load(currentPath);
        ProfileDriftReport report;
        try { report = ProfileDrift.Compare(reference, current, options); }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException) { throw new BadInputException(e.Message); }
        if (json is not null)
        {
            if (json == "-") context.Out.WriteLine(report.ToJson());
            else
            {
                try { AtomicFile.WriteAllText(json, report.ToJson()); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {json}: {e.Message}"); }
            }
        }
        var summary = json == "-" ? context.Error : context.Out;
        summary.WriteLine(report.ToString());
        foreach (var c in report.Columns.Where(c => c.DriftDetected || c.Result.Borderline))
            summary.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Name}: {c.Test} score {c.Result.Score:G6} in [{c.Result.ScoreLow:G4}, {c.Result.ScoreHigh:G4}] (threshold {c.Result.Threshold:G4}){(c.DriftDetected ? " drift" : "")}{(c.Result.Borderline ? " borderline" : "")}"));
        return ExitCodes.Success;
    }
}
