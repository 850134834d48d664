using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;

namespace Workbooks.Notebooks.Execution;

/// <summary>How one submission to a <see cref="KernelProcess"/> ended.</summary>
internal enum ReplyKind
{
    /// <summary>The kernel answered CommandSucceeded.</summary>
    Succeeded,
    /// <summary>The kernel answered CommandFailed (a compile error or an exception in the cell).</summary>
    Failed,
    /// <summary>The kernel process ended before it answered.</summary>
    Exited,
    /// <summary>No answer within the time limit; the kernel process tree was killed.</summary>
    TimedOut,
}

/// <param name="Kind">How it ended.</param>
/// <param name="Failure">The CommandFailed event, for <see cref="ReplyKind.Failed"/>.</param>
/// <param name="Reason">For an exit or start failure: exit code or signal and the last lines of the kernel's stderr.</param>
internal sealed record KernelReply(ReplyKind Kind, CommandFailed? Failure = null, string? Reason = null);

/// <summary>
/// One notebook's kernel in its own child process (as Jupyter and papermill run kernels), driven over
/// the .NET Interactive stdio protocol: one SubmitCode envelope per cell on stdin, event envelopes back
/// on stdout. Whatever the cell does to its process (Environment.Exit, an exception on a background
/// thread, a stack overflow, an endless loop) ends only this process; the runner sees the exit or the
/// timeout, kills the whole process tree, and reports the exit code or signal with the last stderr lines.
/// Hand-written rather than the package's ProxyKernel because the runner needs the process itself:
/// its exit code, its stderr and the power to kill its tree.
/// </summary>
internal sealed class KernelProcess : IDisposable
{
    /// <summary>Compiles and runs what nearly every first cell does (a using, console output, a
    /// returned value), so that start-up cost lands here and not in the first cell's time or timeout.</summary>
    private const string WarmUpCode = "using System;\nusing System.Linq;\nConsole.Write(string.Empty);\nEnumerable.Range(0, 2).Sum()";

    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(200);
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ProcessOutputTail _stderr = new();
    private readonly TaskCompletionSource _stderrEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private int _submissions;

    private KernelProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) _stderrEnded.TrySetResult();
            else _stderr.Add(e.Data);
        };
        _process.BeginErrorReadLine();
        _pump = Task.Run(PumpStandardOutputAsync);
    }

    /// <summary>The kernel's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts the kernel process in <paramref name="workingDirectory"/>; throws
    /// <see cref="Win32Exception"/> when the program cannot be started.</summary>
    public static KernelProcess Start(KernelLaunch launch, string workingDirectory)
    {
        var start = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in launch.Arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in launch.EnvironmentVariables) start.Environment[name] = value;
        start.Environment[Kernels.CoalescingEventSender.EnvironmentVariable] = "1";
        // Dynamic PGO instruments hot methods during start-up, and a kernel starts every notebook:
        // without it the kernel was ready about 25% sooner here (12.7 s against 16-20 s under load).
        if (!start.Environment.ContainsKey("DOTNET_TieredPGO")) start.Environment["DOTNET_TieredPGO"] = "0";
        return new KernelProcess(Process.Start(start) ?? throw new Win32Exception($"could not start {launch.FileName}"));
    }

    /// <summary>Waits for KernelReady, then compiles one trivial submission so Roslyn's start-up is
    /// not charged to the first cell. Returns null when ready, else the reason it never got there.</summary>
    public async Task<string?> WarmUpAsync(TimeSpan timeout)
    {
        var reply = await SubmitAsync(WarmUpCode, "csharp", _ => { }, timeout);
        return reply.Kind switch
        {
            ReplyKind.Succeeded => null,
            ReplyKind.Failed => $"the kernel failed its first submission: {reply.Failure?.Message}",
            ReplyKind.TimedOut => $"the kernel did not start within {timeout.TotalSeconds:0} s",
            _ => reply.Reason,
        };
    }

    /// <summary>Sends <paramref name="code"/> and passes every event it produces to <paramref name="onEvent"/>
    /// until the kernel answers, exits, or <paramref name="timeout"/> passes (then the tree is killed).</summary>
    public async Task<KernelReply> SubmitAsync(string code, string kernelName, Action<KernelEvent> onEvent, TimeSpan timeout)
    {
        var token = "workbooks-" + ++_submissions;
        _stderr.Clear();
        var clock = Stopwatch.StartNew();
        try
        {
            var envelope = new JsonObject
            {
                ["token"] = token,
                ["commandType"] = nameof(SubmitCode),
                ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
            };
            await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            // The pipe broke: the kernel is gone; the read loop below reports how it ended.
        }
        var reading = _lines.Reader.WaitToReadAsync().AsTask();
        while (true)
        {
            while (_lines.Reader.TryRead(out var line))
            {
                if (Parse(line) is not { } e) continue;
                if (e is CommandSucceeded or CommandFailed && e.Command.GetOrCreateToken() == token)
                    return e is CommandFailed failed ? new KernelReply(ReplyKind.Failed, failed) : new KernelReply(ReplyKind.Succeeded);
                onEvent(e);
            }
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Kill();
                return new KernelReply(ReplyKind.TimedOut);
            }
            if (reading.IsCompleted)
            {
                if (!await reading) return new KernelReply(ReplyKind.Exited, Reason: await ExitReasonAsync());
                reading = _lines.Reader.WaitToReadAsync().AsTask();
                continue;
            }
            // Stdout can stay open after the kernel died (a grandchild inherited it): poll the process too.
            await Task.WhenAny(reading, Task.Delay(left < ExitPoll ? left : ExitPoll));
            if (reading.IsCompleted || !_process.HasExited) continue;
            // Let the pump pass on what the kernel wrote just before it died, then report the exit.
            await Task.WhenAny(_pump, Task.Delay(TimeSpan.FromSeconds(2)));
            if (!_lines.Reader.TryPeek(out _)) return new KernelReply(ReplyKind.Exited, Reason: await ExitReasonAsync());
        }
    }

    /// <summary>Asks the kernel to quit and waits a little; kills the tree when it does not go.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        try
        {
            await _process.StandardInput.WriteLineAsync("""{"token":"workbooks-quit","commandType":"Quit","command":{}}""");
            await _process.StandardInput.FlushAsync();
            _process.StandardInput.Close();
        }
        catch (IOException) { /* already gone */ }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { Kill(); }
    }

    /// <summary>Kills the kernel and every process it started, and waits until they are gone.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
        catch (Win32Exception) { /* already exiting */ }
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private async Task PumpStandardOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line) _lines.Writer.TryWrite(line);
        }
        catch (IOException) { /* pipe closed under us: same as the end of output */ }
        catch (ObjectDisposedException) { /* disposed while reading */ }
        _lines.Writer.TryComplete();
    }

    private KernelEvent? Parse(string line)
    {
        if (line.Length == 0) return null;
        try
        {
            return KernelEventEnvelope.Deserialize(line).Event;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            // Not an event envelope (something wrote to the protocol stream directly): keep it as diagnostics.
            _stderr.Add(line);
            return null;
        }
    }

    private async Task<string> ExitReasonAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { Kill(); }
        // The last stderr lines may still be in flight after the exit.
        await Task.WhenAny(_stderrEnded.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        var reason = $"the kernel process ended with {ProcessOutputTail.DescribeExit(_process.ExitCode)}";
        if (_stderr.Cause() is { } cause) reason += ": " + cause;
        var tail = _stderr.Text();
        return tail.Length == 0 ? reason + " (nothing on its stderr)" : reason + "\nIts last output on stderr:\n" + tail;
    }
}
