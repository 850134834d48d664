using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// The kernel's input history for <c>history_request</c>: every stored execution of this process
/// (one session, numbered 1), with the plain-text result if there was one. Supports the three access
/// types of the protocol: tail, range and search (a glob over the whole input, as IPython's history).
/// </summary>
internal sealed class ExecutionHistory
{
    /// <summary>The session number reported for this process; 0 in a request also means "this one".</summary>
    public const int Session = 1;

    private readonly List<(int Line, string Input, string? Output)> _entries = [];
    private readonly Lock _gate = new();

    public void Add(int line, string input, string? output)
    {
        lock (_gate) _entries.Add((line, input, output));
    }

    /// <summary>The <c>history</c> list of a history_reply for the request's content.</summary>
    public JsonArray Reply(JsonObject request)
    {
        var output = request["output"]?.GetValue<bool>() ?? false;
        var access = request["hist_access_type"]?.GetValue<string>() ?? "tail";
        List<(int Line, string Input, string? Output)> all;
        lock (_gate) all = [.. _entries];
        IEnumerable<(int Line, string Input, string? Output)> chosen = access switch
        {
            "range" => Range(all, request),
            "search" => Search(all, request),
            _ => Last(all, Number(request, "n")),
        };
        var history = new JsonArray();
        foreach (var entry in chosen)
            history.Add(new JsonArray(Session, entry.Line,
                output ? new JsonArray(entry.Input, entry.Output) : JsonValue.Create(entry.Input)));
        return history;
    }

    private static IEnumerable<(int, string, string?)> Range(List<(int Line, string Input, string? Output)> all, JsonObject request)
    {
        var session = Number(request, "session") ?? 0;
        if (session != 0 && session != Session) return [];
        var start = Number(request, "start") ?? 0;
        var stop = Number(request, "stop");
        return all.Where(e => e.Line >= start && (stop is null || e.Line < stop));
    }

    private static IEnumerable<(int, string, string?)> Search(List<(int Line, string Input, string? Output)> all, JsonObject request)
    {
        var glob = request["pattern"]?.GetValue<string>() ?? "*";
        var pattern = new Regex("^" + Regex.Escape(glob).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.Singleline);
        var matches = all.Where(e => pattern.IsMatch(e.Input)).ToList();
        if (request["unique"]?.GetValue<bool>() ?? false)
        {
            // Keep the latest run of each distinct input, in history order.
            var latest = matches.GroupBy(e => e.Input).Select(g => g.Last()).ToHashSet();
            matches = matches.Where(latest.Contains).ToList();
        }
        return Last(matches, Number(request, "n"));
    }

    private static IEnumerable<(int, string, string?)> Last(List<(int Line, string Input, string? Output)> entries, int? n) =>
        n is > 0 ? entries.Skip(Math.Max(0, entries.Count - n.Value)) : entries;

    private static int? Number(JsonObject request, string name) =>
        request[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
