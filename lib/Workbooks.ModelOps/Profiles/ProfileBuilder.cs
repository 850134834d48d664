using System.Collections.Concurrent;
using System.Globalization;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>How rows are grouped into windows: none, by the hour or day of a time column, or blocks of N rows of each file.</summary>
public sealed record WindowRule(string Kind, long Rows = 0)
{
    public static WindowRule None { get; } = new("none");

    /// <summary>Parses <c>hour</c>, <c>day</c> or a positive row count.</summary>
    public static WindowRule Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => None,
        "hour" => new("hour"),
        "day" => new("day"),
        var n when long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out long rows) && rows > 0 => new("rows", rows),
        _ => throw new ArgumentException($"--window {text}: use hour, day or a positive number of rows."),
    };

    public bool ByTime => Kind is "hour" or "day";

    /// <summary>The window key of a time: <c>2026-12-01T13</c> by hour, <c>2026-12-01</c> by day.</summary>
    public string KeyOf(DateTime t) => Kind == "hour" ? t.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What to profile and how.</summary>
public sealed record ProfileRunOptions
{
    /// <summary>Only these columns (each must exist in every file); all when null.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public ProfileOptions Sketches { get; init; } = ProfileOptions.Default;
    public WindowRule Window { get; init; } = WindowRule.None;
    /// <summary>The column whose values place a row in an hour or day window.</summary>
    public string? TimeColumn { get; init; }
    /// <summary>Missing tokens, forced categorical columns and delimiter for CSV inputs.</summary>
    public CsvTableOptions Csv { get; init; } = new();
    /// <summary>Fixed histogram edges per numerical column (typically a reference's).</summary>
    public IReadOnlyDictionary<string, double[]>? HistogramEdges { get; init; }
    /// <summary>Parts profiled at once (default: one per core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Called after each part (a file, a Parquet row group or a CSV byte range) with (parts done, parts in all, rows so far).</summary>
    public Action<int, int, long>? Progress { get; init; }
    /// <summary>Plain CSV files larger than this are read in byte ranges of about this size, in parallel (default 64 MB).</summary>
    public long CsvChunkBytes { get; init; } = 64L << 20;
}

/// <summary>
/// Profiles CSV and Parquet files out of core, in parallel over files and within a file: a Parquet file is read a row
/// group per task, a plain CSV file of more than <see cref="ProfileRunOptions.CsvChunkBytes"/> in byte ranges cut at
/// newlines. The parts' profiles are merged in file and part order, and the parts depend on the files only (not on
/// the core count), so the output is the same on every run and machine. Memory stays at the sketches plus one
/// Parquet column of one row group (or one CSV row) per worker, whatever the row count.
/// </summary>
/// <example>
/// <code>
/// var windows = ProfileBuilder.Build(ProfileInputs.Expand(["logs/"]), new ProfileRunOptions { Window = WindowRule.Parse("day"), TimeColumn = "ts" });
/// foreach (var (day, profile) in windows) Console.WriteLine($"{day}: {profile.Rows} rows");
/// </code>
/// </example>
public static class ProfileBuilder
{
    /// <summary>A unit of work: a file, or some row groups or a byte range of one.</summary>
    private sealed record Part(int File, int Index, long Start, long End);

    /// <summary>Profiles by window key (the empty string when there are no windows), keys in order.</summary>
    public static SortedDictionary<string, DatasetProfile> Build(IReadOnlyList<string> files, ProfileRunOptions options)
    {
        if (options.Window.ByTime && options.TimeColumn is null) throw new ArgumentException($"--window {options.Window.Kind} needs --time-column to say which column holds the time.");
        var parts = Plan(files, options);
        var layouts = files.Select(f => ProfileInputs.IsParquet(f) ? null : new Lazy<CsvLayout>(() => CsvProfiler.Sniff(f, options))).ToArray();
        var results = new Dictionary<string, DatasetProfile>?[parts.Count];
        var quotes = new long[parts.Count];
        var failed = new bool[files.Count];
        int done = 0; long rows = 0;
        var errors = new ConcurrentQueue<Exception>();
        Parallel.For(0, parts.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) }, (i, state) =>
        {
            var part = parts[i];
            string path = files[part.File];
            bool split = part.End >= 0;
            try
            {
                var sink = new WindowSink(options, Path.GetFileName(path));
                if (ProfileInputs.IsParquet(path)) ParquetProfiler.Profile(path, options, sink, split ? (int)part.Start : 0, split ? (int)(part.End - part.Start) : int.MaxValue);
                else quotes[i] = CsvProfiler.Profile(path, options, sink, layouts[part.File]!.Value, split ? part.Start : 0, split ? part.End : -1);
                results[i] = sink.Windows;
                long r = Interlocked.Add(ref rows, sink.Windows.Values.Sum(p => p.Rows));
                options.Progress?.Invoke(Interlocked.Increment(ref done), parts.Count, r);
            }
            catch (Exception e) when (split && !ProfileInputs.IsParquet(path)) { failed[part.File] = true; _ = e; }   // re-read whole below, for exact line numbers
            catch (Exception e) { errors.Enqueue(e); state.Stop(); }
        });
        if (!errors.IsEmpty) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors.OrderBy(e => e.Message, StringComparer.Ordinal).First()).Throw();
        var merged = new SortedDictionary<string, DatasetProfile>(StringComparer.Ordinal);
        foreach (var fileParts in parts.Select((p, i) => (p, i)).GroupBy(x => x.p.File))
        {
            // A CSV range is right only if it began outside quotes: an even number of quote characters before it (RFC 4180
            // doubles quotes inside fields). Otherwise, or after an error in a range, the file is read again whole.
            long before = 0;
            foreach (var (_, i) in fileParts) { if (before % 2 != 0) failed[fileParts.Key] = true; before += quotes[i]; }
            var windows = failed[fileParts.Key] ? WholeCsv(files[fileParts.Key], options) : fileParts.Select(x => results[x.i]!);
            foreach (var perPart in windows)
                foreach (var (key, profile) in perPart)
                    if (merged.TryGetValue(key, out var m)) m.Merge(profile); else merged[key] = profile;
        }
        if (merged.Count == 0) merged[""] = new DatasetProfile(options.Sketches);
        return merged;
    }

    private static IEnumerable<Dictionary<string, DatasetProfile>> WholeCsv(string path, ProfileRunOptions options)
    {
        var sink = new WindowSink(options, Path.GetFileName(path));
        CsvProfiler.Profile(path, options, sink, CsvProfiler.Sniff(path, options));
        return [sink.Windows];
    }

    /// <summary>Parts of the files: Parquet by row group, plain CSV by byte ranges (not with row-count windows, which need
    /// each row's index in its file), others whole (<see cref="Part.End"/> = -1).</summary>
    private static List<Part> Plan(IReadOnlyList<string> files, ProfileRunOptions options)
    {
        var parts = new List<Part>();
        for (int f = 0; f < files.Count; f++)
        {
            string path = files[f];
            if (ProfileInputs.IsParquet(path))
            {
                int groups = ParquetProfiler.RowGroups(path);
                if (groups <= 1) parts.Add(new Part(f, 0, 0, -1));
                else for (int g = 0; g < groups; g++) parts.Add(new Part(f, g, g, g + 1));
            }
            else if (options.Window.Kind != "rows" && !path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && new FileInfo(path).Length > options.CsvChunkBytes)
            {
                var cuts = CsvProfiler.Cuts(path, options.CsvChunkBytes);
                for (int c = 0; c + 1 < cuts.Count; c++) parts.Add(new Part(f, c, cuts[c], cuts[c + 1]));
            }
            else parts.Add(new Part(f, 0, 0, -1));
        }
        return parts;
    }
}

/// <summary>The profiles one file's rows go to, by window, with each window's column profiles in input order.</summary>
internal sealed class WindowSink(ProfileRunOptions options, string fileName)
{
    private readonly Dictionary<string, (DatasetProfile, ColumnProfile[])> _targets = new(StringComparer.Ordinal);
    private (DatasetProfile, ColumnProfile[]) _last;
    private string? _lastKey;
    private string[] _names = [];
    private ColumnKind[] _kinds = [];
    public Dictionary<string, DatasetProfile> Windows { get; } = new(StringComparer.Ordinal);
    public ProfileRunOptions Options => options;

    /// <summary>Sets the columns (names and kinds) every window of this file profiles.</summary>
    public void Define(string[] names, ColumnKind[] kinds) { (_names, _kinds) = (names, kinds); _targets.Clear(); _lastKey = null; }

    /// <summary>The profile and column profiles of the window with this key.</summary>
    public (DatasetProfile Profile, ColumnProfile[] Columns) Target(string key)
    {
        if (key == _lastKey) return _last;
        if (!_targets.TryGetValue(key, out var t))
        {
            if (!Windows.TryGetValue(key, out var p)) Windows[key] = p = new DatasetProfile(options.Sketches, key.Length == 0 ? null : key);
            var columns = _names.Select((n, i) => p.GetOrAdd(n, _kinds[i], _kinds[i] == ColumnKind.Numerical ? options.HistogramEdges?.GetValueOrDefault(n) : null)).ToArray();
            _targets[key] = t = (p, columns);
        }
        (_lastKey, _last) = (key, t);
        return t;
    }

    /// <summary>Key of a row in a rows window: the file and the block of the row's index in it.</summary>
    public string KeyOfRow(long rowIndex) => options.Window.Kind == "rows"
        ? string.Create(CultureInfo.InvariantCulture, $"{fileName}#{rowIndex / options.Window.Rows:D6}") : "";
}
