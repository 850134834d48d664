using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;

namespace Workbooks.Notebooks.Kernels;

/// <summary>
/// Serves the <see cref="WorkbooksKernel"/> over the .NET Interactive stdio protocol: one JSON
/// command or event envelope per line in each direction, as <c>dotnet-interactive stdio</c> does,
/// so the Polyglot Notebooks extension (or any client of that protocol) can drive it. The host
/// sends <c>KernelReady</c> and the kernel infos on connect, and returns when the input ends or a
/// <c>Quit</c> command arrives.
/// </summary>
public static class StdioKernelHost
{
    /// <summary>Runs the host until <paramref name="input"/> ends or a Quit command arrives.</summary>
    /// <param name="input">Command envelopes, one per line.</param>
    /// <param name="output">Event envelopes, one per line; nothing else may be written here.</param>
    /// <param name="vscodeFrontend">Also route the front end's own kernels (the "vscode" input kernel
    /// and the webview's "javascript" kernel) back over the connection, as the stock kernel does with
    /// its [vscode] directive.</param>
    public static async Task RunAsync(TextReader input, TextWriter output, bool vscodeFrontend)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var kernel = WorkbooksKernel.Create();
        var sender = KernelCommandAndEventSender.FromTextWriter(TextWriter.Synchronized(output), KernelHost.CreateHostUri("stdio"));
        using var merging = CoalescingEventSender.Requested ? new CoalescingEventSender(sender) : null;
        var receiver = KernelCommandAndEventReceiver.FromTextReader(new EndSignallingReader(input, () => ended.TrySetResult()));
        using var host = kernel.UseHost((IKernelCommandAndEventSender?)merging ?? sender, receiver, KernelHost.CreateHostUriForCurrentProcessId());
        var quit = false;
        kernel.UseQuitCommand(() =>
        {
            quit = true;
            ended.TrySetResult();
            return Task.CompletedTask;
        });
        if (vscodeFrontend) await ConnectFrontendKernelsAsync(kernel, host);
        await host.ConnectAsync();
        await ended.Task;
        if (!quit)
        {
            // Input ended (the client closed stdin): finish what was already sent before leaving.
            // The host dispatches commands on its own thread, so give the last ones a moment to be
            // queued, then wait for a no-op queued behind them in the C# kernel.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await kernel.SendAsync(new SubmitCode("// end of input", "csharp"));
        }
    }

    private static async Task ConnectFrontendKernelsAsync(CompositeKernel root, KernelHost host)
    {
        var frontend = await host.ConnectProxyKernelOnDefaultConnectorAsync("vscode", new Uri("kernel://vscode"), ["frontend"]);
        frontend.KernelSpecifierDirective.Hidden = true;
        foreach (var command in new[] { typeof(RequestInput), typeof(RequestInputs), typeof(SendEditableCode) })
        {
            frontend.KernelInfo.SupportedKernelCommands.Add(new KernelCommandInfo(command.Name));
            root.SetDefaultTargetKernelNameForCommand(command, "vscode");
        }
        var javascript = await host.ConnectProxyKernelOnDefaultConnectorAsync("javascript", new Uri("kernel://webview/javascript"), ["js"]);
        foreach (var command in new[] { nameof(SubmitCode), nameof(RequestValue), nameof(RequestValueInfos), nameof(SendValue) })
            javascript.KernelInfo.SupportedKernelCommands.Add(new KernelCommandInfo(command));
        javascript.UseValueSharing();
    }

    /// <summary>Passes lines through and reports the end of input, which the receiver does not expose.
    /// The async overloads read synchronously on purpose: the receiver calls ReadLineAsync with its
    /// cancellation token from its own reader thread, and once the kernel had run a submission,
    /// StreamReader.ReadLineAsync(token) over the stdin pipe returned only what followed the first
    /// 1,024-byte buffer of a longer line (a cell of about 1 KB or more); the receiver drops a line it
    /// cannot parse without a word, so that cell was never answered and the runner waited until its
    /// timeout. ReadLine (and ReadLineAsync without a token) lose nothing.</summary>
    private sealed class EndSignallingReader(TextReader inner, Action onEnd) : TextReader
    {
        public override string? ReadLine() => Signal(inner.ReadLine());

        public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(ReadLine());
        }

        public override int Peek() => inner.Peek();

        public override int Read() => inner.Read();

        private string? Signal(string? line)
        {
            if (line is null) onEnd();
            return line;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
