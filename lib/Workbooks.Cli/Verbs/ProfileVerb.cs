using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Profiles;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks profile --input PATH... [--columns a,b] [--categorical a,b] [--window hour|day|N --time-column ts] -o FILE</c>:
/// mergeable column profiles of CSV/Parquet files, folders or globs, streamed in bounded memory and in parallel
/// over files; with a window, <c>-o</c> is a folder holding one <c>WINDOW.wbprofile</c> per window.
/// <c>workbooks profile merge A B ... -o FILE</c> merges profiles; <c>workbooks profile show FILE</c> prints one as JSON.
/// Exit 2 with one line naming the file, column or line on bad input.
/// </summary>
public sealed class ProfileVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var input = new Option<string[]>("--input", "-i") { Description = "CSV (optionally .gz) or Parquet files, folders or globs (wildcards in the file name); repeatable.", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to profile (default: all but the time column)." };
        var categorical = new Option<string?>("--categorical") { Description = "Comma-separated CSV columns to treat as categorical even when they hold numbers." };
        var window = new Option<string?>("--window") { Description = "hour or day (by --time-column), or N: blocks of N rows of each file." };
        var timeColumn = new Option<string?>("--time-column") { Description = "Column holding each row's time, for --window hour|day." };
        var output = new Option<string?>("--output", "-o") { Description = "Profile file to write (a folder with --window)." };
        var json = new Option<string?>("--json") { Description = "Also write the profile as JSON to this file, or to standard output with '-'." };
        var quantileK = new Option<int?>("--quantile-k") { Description = $"KLL k of the quantile sketches (default {KllSketch.DefaultK}; larger k, tighter drift bounds, about 24 bytes per unit of k per column)." };
        var command = new Command("profile", "Profile columns of CSV/Parquet files into compact mergeable sketches (out of core).");
        foreach (var o in new Option[] { input, columns, categorical, window, timeColumn, output, json, quantileK }) command.Options.Add(o);
        command.SetAction(parse => Profile(context, parse.GetValue(input) ?? [], Split(parse.GetValue(columns)), Split(parse.GetValue(categorical)),
            parse.GetValue(window), parse.GetValue(timeColumn), parse.GetValue(output), parse.GetValue(json), parse.GetValue(quantileK)));

        var files = new Argument<string[]>("profiles") { Description = "Profile files to merge.", Arity = ArgumentArity.OneOrMore };
        var mergeOut = new Option<string?>("--output", "-o") { Description = "Merged profile to write." };
        var merge = new Command("merge", "Merge profiles (of files, replicas or windows) into one.");
        merge.Arguments.Add(files); merge.Options.Add(mergeOut);
        merge.SetAction(parse => Merge(context, parse.GetValue(files) ?? [], parse.GetValue(mergeOut)));
        command.Subcommands.Add(merge);

        var one = new Argument<string>("profile") { Description = "Profile file to print as JSON." };
        var show = new Command("show", "Print a profile as JSON.");
        show.Arguments.Add(one);
        show.SetAction(parse => { context.Out.WriteLine(Load(parse.GetValue(one)!).ToJson()); return ExitCodes.Success; });
        command.Subcommands.Add(show);
        return command;
    }

    /// <summary>One line on the terminal, rewritten as parts finish: parts, rows and rows per second so far.</summary>
    private static Action<int, int, long> Progress(CliContext context, int files)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var gate = new object();
        return (done, all, rows) =>
        {
            lock (gate) context.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\rprofiled {done}/{all} parts of {files} file(s), {rows:N0} rows, {rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} rows/s   "));
        };
    }

    private static string[]? Split(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Profile(CliContext context, string[] inputs, string[]? columns, string[]? categorical, string? window, string? timeColumn, string? output, string? json, int? quantileK)
    {
        if (quantileK is { } k && k is < 8 or > 65535) throw new BadInputException($"--quantile-k {k}: must be between 8 and 65535.");
        if (inputs.Length == 0) throw new BadInputException("profile: give at least one --input file, folder or glob.");
        if (output is null && json is null) throw new BadInputException("profile: give -o FILE (or --json FILE|-) to say where the profile goes.");
        bool tty = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        SortedDictionary<string, DatasetProfile> windows;
        IReadOnlyList<string> files;
        try
        {
            var rule = WindowRule.Parse(window);
            files = ProfileInputs.Expand(inputs);
            var options = new ProfileRunOptions
            {
                Columns = columns, Window = rule, TimeColumn = timeColumn, Sketches = new ProfileOptions(QuantileK: quantileK ?? KllSketch.DefaultK),
                Csv = new CsvTableOptions { ForceCategorical = new HashSet<string>(categorical ?? []) },
                Progress = tty ? Progress(context, files.Count) : null,
            };
            windows = ProfileBuilder.Build(files, options);
            if (tty) context.Error.WriteLine();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or KeyNotFoundException or ArgumentException or UnauthorizedAccessException)
        {
            throw new BadInputException(e.Message);
        }
        bool windowed = windows.Count > 1 || windows.Keys.First().Length > 0;
        var summary = json == "-" ? context.Error : context.Out;
        if (output is not null)
        {
            if (!windowed) Write(output, windows.Values.First().ToBytes());
            else foreach (var (key, profile) in windows) Write(Path.Combine(output, key.Replace(':', '-') + ".wbprofile"), profile.ToBytes());
        }
        if (json is not null)
        {
            string text = windowed ? "[" + string.Join(",\n", windows.Values.Select(p => p.ToJson())) + "]" : windows.Values.First().ToJson();
            if (json == "-") context.Out.WriteLine(text); else WriteText(json, text);
        }
        long rows = windows.Values.Sum(p => p.Rows);
        summary.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profiled {rows} rows of {files.Count} file(s){(windowed ? $" into {windows.Count} windows" : "")}{(output is null ? "" : $": {output}")}"));
        return ExitCodes.Success;
    }

    private static int Merge(CliContext context, string[] files, string? output)
    {
        if (output is null) throw new BadInputException("profile merge: give -o FILE for the merged profile.");
        var merged = Load(files[0]);
        foreach (var f in files.Skip(1))
        {
            try { merged.Merge(Load(f)); }
            catch (ArgumentException e) { throw new BadInputException($"{f}: {e.Message}"); }
        }
        Write(output, merged.ToBytes());
        context.Out.WriteLine($"merged {files.Length} profiles ({merged.Rows} rows): {output}");
        return ExitCodes.Success;
    }

    /// <summary>Reads a profile file, or a one-line error naming it.</summary>
    internal static DatasetProfile Load(string path)
    {
        try { return DatasetProfile.FromBytes(File.ReadAllBytes(path), path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new BadInputException($"{path}: profile file not found."); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { throw new BadInputException(e.Message); }
    }

    private static void Write(string path, byte[] bytes)
    {
        try { AtomicFile.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {path}: {e.Message}"); }
    }

    private static void WriteText(string path, string text)
    {
        try { AtomicFile.WriteAllText(path, text); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {path}: {e.Message}"); }
    }
}
