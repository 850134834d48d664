using System.Text;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbooks.Notebooks.Kernels;

/// <summary>
/// Merges consecutive standard-output (or standard-error) events of one command into one event before
/// they go over the wire: the C# kernel publishes an event per <c>Console.Write</c>, and a cell printing
/// 100,000 lines would otherwise cost 100,000 JSON envelopes (serialised here, parsed by the runner).
/// Order is kept: any other event first flushes what is pending, and pending text also goes out after
/// <see cref="FlushDelay"/>, on 64 KiB, and when the process exits normally. Used only for headless runs
/// (the runner sets <see cref="EnvironmentVariable"/>): the merged event has no routing slip of its own,
/// which the runner ignores but an interactive front end may not. A crash loses at most the text
/// printed in the last <see cref="FlushDelay"/>.
/// </summary>
internal sealed class CoalescingEventSender : IKernelCommandAndEventSender, IDisposable
{
    /// <summary>Set to 1 in a kernel process's environment to merge output events.</summary>
    public const string EnvironmentVariable = "WORKBOOKS_KERNEL_MERGE_OUTPUT";

    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(25);
    private const int FlushSize = 64 * 1024;
    private readonly IKernelCommandAndEventSender _inner;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _text = new();
    private readonly Timer _timer;
    private KernelCommand? _command;
    private bool _isError;

    public CoalescingEventSender(IKernelCommandAndEventSender inner)
    {
        _inner = inner;
        _timer = new Timer(_ => FlushAsync().GetAwaiter().GetResult());
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>True when this process was started to merge output events.</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    public Uri RemoteHostUri => _inner.RemoteHostUri;

    public async Task SendAsync(KernelCommand kernelCommand, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await SendPendingAsync(cancellationToken);
            await _inner.SendAsync(kernelCommand, cancellationToken);
        }
        finally { _gate.Release(); }
    }

    public async Task SendAsync(KernelEvent kernelEvent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (PlainText(kernelEvent) is { } text)
            {
                var isError = kernelEvent is StandardErrorValueProduced;
                if (_command is not null && (!ReferenceEquals(_command, kernelEvent.Command) || _isError != isError))
                    await SendPendingAsync(cancellationToken);
                if (_command is null) _timer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
                _command = kernelEvent.Command;
                _isError = isError;
                _text.Append(text);
                if (_text.Length >= FlushSize) await SendPendingAsync(cancellationToken);
                return;
            }
            await SendPendingAsync(cancellationToken);
            await _inner.SendAsync(kernelEvent, cancellationToken);
        }
        finally { _gate.Release(); }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _timer.Dispose();
        FlushAsync().GetAwaiter().GetResult();
    }

    // Bounded: a thread stuck writing to a reader that went away must not hold the exit up.
    private void OnProcessExit(object? sender, EventArgs e) => FlushAsync(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();

    private async Task FlushAsync(TimeSpan? patience = null)
    {
        if (!await _gate.WaitAsync(patience ?? Timeout.InfiniteTimeSpan)) return;
        try { await SendPendingAsync(CancellationToken.None); }
        catch (IOException) { /* the reader went away: nothing left to tell */ }
        finally { _gate.Release(); }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_command is null) return;
        var values = new[] { new FormattedValue(PlainTextFormatter.MimeType, _text.ToString()) };
        KernelEvent merged = _isError ? new StandardErrorValueProduced(_command, values) : new StandardOutputValueProduced(_command, values);
        _command = null;
        _text.Clear();
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _inner.SendAsync(merged, cancellationToken);
    }

    /// <summary>The text of a plain stdout/stderr write (one text/plain value, no display id), else null.</summary>
    private static string? PlainText(KernelEvent e) =>
        e is StandardOutputValueProduced or StandardErrorValueProduced
        && e is DisplayEvent { ValueId: null, FormattedValues: { Count: 1 } values }
        && values.First() is { MimeType: PlainTextFormatter.MimeType } value
            ? value.Value
            : null;
}
