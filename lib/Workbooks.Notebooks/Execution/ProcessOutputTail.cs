using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbooks.Notebooks.Execution;

/// <summary>Keeps the first and the last lines a kernel process wrote to stderr, in bounded memory:
/// a crash names itself at the top ("Stack overflow.", "Unhandled exception. ...") and the frames
/// nearest the cause at the bottom, while the middle can be a hundred thousand lines.</summary>
internal sealed class ProcessOutputTail
{
    private const int HeadLines = 12;
    private const int TailLines = 12;
    private const int MaxLineLength = 400;
    private readonly List<string> _head = [];
    private readonly Queue<string> _tail = new();
    private long _dropped;

    public void Add(string line)
    {
        if (line.Length > MaxLineLength) line = line[..MaxLineLength] + " …";
        lock (_head)
        {
            if (_head.Count < HeadLines) { _head.Add(line); return; }
            _tail.Enqueue(line);
            if (_tail.Count > TailLines) { _tail.Dequeue(); _dropped++; }
        }
    }

    public void Clear()
    {
        lock (_head) { _head.Clear(); _tail.Clear(); _dropped = 0; }
    }

    /// <summary>The runtime's own line naming a crash ("Stack overflow.", "Unhandled exception. ..."), if any.</summary>
    public string? Cause()
    {
        lock (_head)
            return _head.FirstOrDefault(l => l.StartsWith("Stack overflow.", StringComparison.Ordinal)
                                             || l.StartsWith("Unhandled exception.", StringComparison.Ordinal)
                                             || l.StartsWith("Process terminated.", StringComparison.Ordinal)
                                             || l.StartsWith("Out of memory.", StringComparison.Ordinal));
    }

    /// <summary>The kept lines, with a marker where lines were left out.</summary>
    public string Text()
    {
        lock (_head)
        {
            var lines = new List<string>(_head);
            if (_dropped > 0) lines.Add($"… {_dropped.ToString(CultureInfo.InvariantCulture)} lines left out …");
            lines.AddRange(_tail);
            return string.Join("\n", lines);
        }
    }

    /// <summary>"exit code 3", or for a process ended by a signal (reported by .NET on Unix as
    /// 128 + the signal's number) "exit code 134 (SIGABRT)".</summary>
    public static string DescribeExit(int exitCode)
    {
        var text = "exit code " + exitCode.ToString(CultureInfo.InvariantCulture);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || exitCode <= 128 || exitCode > 128 + 64) return text;
        var signal = (exitCode - 128) switch
        {
            1 => "SIGHUP",
            2 => "SIGINT",
            6 => "SIGABRT",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            15 => "SIGTERM",
            var n => "signal " + n.ToString(CultureInfo.InvariantCulture),
        };
        return $"{text} ({signal})";
    }
}
