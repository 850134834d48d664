using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks drift --reference FILE --current FILE [--columns a,b] [--test name | --test column=name]...
/// [--tests all] [--threshold x] [--drift-share x] [--correction none|bonferroni|bh] [--missing-share x]
/// [--strict] [--fail-on-drift] [--json OUT] [--html OUT]</c>: univariate data drift between two CSV or Parquet files; the HTML
/// page has the drift-score chart and each column's reference vs current distribution, with plotly.min.js written beside it.
/// Exit 0 whether or not drift was found (1 for dataset drift with --fail-on-drift); 2 on bad input with a message naming
/// the file, column or line. Columns that cannot be tested and data-quality warnings are printed per column.
/// </summary>
public sealed class DriftVerb : IVerb
{
    /// <summary>Inputs with more rows than this show progress on a terminal.</summary>
    private const int ProgressRows = 100_000;

    public Command Build(CliContext context)
    {
        var reference = new Option<string?>("--reference") { Description = "Reference data: CSV (header row, optionally .gz) or Parquet." };
        var current = new Option<string?>("--current") { Description = "Current data, same format rules." };
        var referenceProfile = new Option<string?>("--reference-profile") { Description = "Reference profile (workbooks profile): approximate drift with bounds, instead of --reference." };
        var currentProfile = new Option<string?>("--current-profile") { Description = "Current profile, with --reference-profile." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to compare (default: every column of the reference)." };
        var tests = new Option<string[]>("--test") { Description = "Test for all columns (name) or one column (column=name); repeatable. Names: " + string.Join(", ", DriftTestRegistry.Names) };
        var allTests = new Option<string?>("--tests") { Description = "'all': run every test that applies to each column; the JSON and the text list each listed column's other tests too." };
        var threshold = new Option<double?>("--threshold") { Description = "Threshold for every test (default: each test's own)." };
        var driftShare = new Option<double?>("--drift-share") { Description = "Share of drifted columns from which the dataset drifts (default 0.5)." };
        var correction = new Option<string?>("--correction") { Description = "Multiple-testing correction for p-value tests: none, bonferroni, bh." };
        var missingShare = new Option<double?>("--missing-share") { Description = "Alert when a column's current missing share is above this." };
        var json = new Option<string?>("--json") { Description = "Write the JSON report to this file, or to standard output with '-'." };
        var html = new Option<string?>("--html") { Description = "Write a standalone HTML report with charts to this file (plotly.min.js is written beside it)." };
        var strict = new Option<bool>("--strict") { Description = "Any value that is not a number in a numerical column is an error (exit 2 naming file, column, line, value); by default such values are counted, left out and reported." };
        var all = new Option<bool>("--all") { Description = "List every tested column in the text output with its test, score, threshold and verdict (default: drifted columns only)." };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit 1 when dataset drift is detected (for CI gates); default exit 0 either way." };
        var command = new Command("drift", "Compare the distribution of each column between a reference and a current data set.");
        foreach (var o in new Option[] { reference, current, referenceProfile, currentProfile, columns, tests, allTests, threshold, driftShare, correction, missingShare, strict, all, failOnDrift, json, html })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (Profiles(parse.GetValue(reference), parse.GetValue(current), parse.GetValue(referenceProfile), parse.GetValue(currentProfile)) is { } pair)
            {
                var profileOptions = DriftCliOptions.Build(parse.GetValue(tests) ?? [], parse.GetValue(allTests), parse.GetValue(threshold), parse.GetValue(driftShare),
                    parse.GetValue(correction), parse.GetValue(missingShare), parse.GetValue(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return ProfileDriftRun.Run(context, pair.Reference, pair.Current, profileOptions, parse.GetValue(json), parse.GetValue(html));
            }
            var args = new DriftArguments(parse.GetValue(reference)!, parse.GetValue(current)!, parse.GetValue(columns), parse.GetValue(tests) ?? [],
                parse.GetValue(allTests), parse.GetValue(threshold), parse.GetValue(driftShare), parse.GetValue(correction), parse.GetValue(missingShare),
                parse.GetValue(json), parse.GetValue(html), parse.GetValue(strict), parse.GetValue(failOnDrift), parse.GetValue(all));
            return Run(args, context);
        });
        return command;
    }

    // Either both data files or both profiles, never a mix: the tests differ (exact against approximate).
    private static (string Reference, string Current)? Profiles(string? reference, string? current, string? referenceProfile, string? currentProfile)
    {
        bool data = reference is not null || current is not null, profiles = referenceProfile is not null || currentProfile is not null;
        if (data && profiles) throw new BadInputException("give either --reference and --current (data) or --reference-profile and --current-profile, not both.");
        if (profiles)
            return referenceProfile is not null && currentProfile is not null ? (referenceProfile, currentProfile)
                : throw new BadInputException($"{(referenceProfile is null ? "--reference-profile" : "--current-profile")} is missing: give both profiles.");
        if (reference is null || current is null) throw new BadInputException($"{(reference is null ? "--reference" : "--current")} is missing: give --reference and --current (or --reference-profile and --current-profile).");
        return null;
    }

    private sealed record DriftArguments(string Reference, string Current, string? Columns, string[] Tests, string? AllTests, double? Threshold,
        double? DriftShare, string? Correction, double? MissingShare, string? Json, string? Html, bool Strict, bool FailOnDrift, bool All);

    private static int Run(DriftArguments a, CliContext context)
    {
        bool tty = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        var columnList = a.Columns?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = DriftCliOptions.Build(a.Tests, a.AllTests, a.Threshold, a.DriftShare, a.Correction, a.MissingShare, columnList) with { Strict = a.Strict };
        // Both files are parsed at once: parsing dominates the end-to-end time and uses one core per file.
        var loads = new[] { a.Reference, a.Current }.Select(path => Task.Run(() => Load(path, columnList, tty ? context.Error : null))).ToArray();
        try { Task.WaitAll(loads); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
        var (refTable, curTable) = (loads[0].Result, loads[1].Result);
        bool showProgress = tty && Math.Max(refTable.RowCount, curTable.RowCount) > ProgressRows;
        if (showProgress) options = options with { Progress = (done, all) => context.Error.Write($"\rtesting columns {done}/{all}   ") };
        var report = DataDrift.Compute(refTable, curTable, options);
        if (showProgress) context.Error.WriteLine();
        if (a.Json is { } jsonOut)
        {
            if (jsonOut == "-") context.Out.WriteLine(report.ToJson());
            else Write(jsonOut, report.ToJson());
        }
        if (a.Html is { } htmlOut) WriteHtml(htmlOut, new DataDriftView(report, refTable, curTable), $"Data drift: {Path.GetFileName(a.Current)} against {Path.GetFileName(a.Reference)}");
        var summary = a.Json == "-" ? context.Error : context.Out;
        DriftText.Write(report, summary, a.All);
        return a.FailOnDrift && report.DatasetDrift ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static Table Load(string path, IReadOnlyList<string>? columns, TextWriter? progress)
    {
        progress?.WriteLine($"reading {path}...");
        var table = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? ParquetTableReader.Read(path, columns)
            : CsvTableReader.Read(path, new CsvTableOptions { Columns = columns });
        progress?.WriteLine($"read {path}: {table.RowCount} rows");
        // A file without rows has nothing to compare: say so rather than report every column untested.
        return table.RowCount > 0 ? table : throw new BadInputException($"{path}: no data rows (only a header); nothing to compare.");
    }

    // The page with the drift-score chart and each column's reference vs current distribution, and
    // plotly.min.js beside it so it opens offline.
    private static void WriteHtml(string path, DataDriftView view, string title)
    {
        try { view.SaveHtml(path, title); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new BadInputException($"cannot write {path}: {e.Message}");
        }
    }

    private static void Write(string path, string text)
    {
        try { AtomicFile.WriteAllText(path, text); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new BadInputException($"cannot write {path}: {e.Message}");
        }
    }
}
