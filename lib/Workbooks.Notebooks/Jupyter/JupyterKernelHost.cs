using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Workbooks.Notebooks.Kernels;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// Serves the <see cref="WorkbooksKernel"/> (the kernel of <c>workbooks run</c> and <c>workbooks kernel</c>)
/// over the Jupyter messaging protocol 5.3, so JupyterLab, Jupyter Notebook, VS Code's Jupyter
/// extension and nbclient can run the project's notebooks. Shell requests are handled one at a time in
/// arrival order; control requests (interrupt, shutdown, kernel_info) have their own worker so they
/// are answered while a cell runs. Every request is wrapped in status busy/idle on IOPub.
/// See docs/notebook-engine.md for the message mapping and what is not supported.
/// </summary>
public sealed class JupyterKernelHost : IDisposable
{
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly TextWriter _log;
    private readonly JupyterSockets _sockets;
    private readonly Task<Session> _ready;
    private readonly Channel<(JupyterMessage Message, long Arrived)> _shell = Channel.CreateUnbounded<(JupyterMessage, long)>();
    private readonly Channel<JupyterMessage> _control = Channel.CreateUnbounded<JupyterMessage>();
    private readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _abortBefore = long.MinValue;

    /// <summary>Binds the sockets named in <paramref name="connection"/> and starts the C# kernel in the
    /// background, so kernel_info is answered at once and Roslyn's first compilation (seconds) is paid
    /// while the front end is still connecting.</summary>
    /// <param name="log">Diagnostics (dropped messages, failures); never protocol traffic.</param>
    public JupyterKernelHost(ConnectionInfo connection, TextWriter log)
    {
        _log = TextWriter.Synchronized(log);
        _sockets = new JupyterSockets(connection, new MessageCodec(connection.Key), OnMessage, Log);
        _ready = Task.Run(StartKernelAsync);
    }

    /// <summary>The C# kernel and the handlers that use it, created off the socket thread.</summary>
    private sealed record Session(CompositeKernel Kernel, ExecuteRequestHandler Execute, Introspection Introspection, StdinFrontend Stdin);

    private async Task<Session> StartKernelAsync()
    {
        var kernel = WorkbooksKernel.Create();
        // Cells may call Workbooks.Notebooks.Jupyter.Output.Clear() (Jupyter's clear_output).
        kernel.ChildKernels.OfType<CSharpKernel>().Single().AddAssemblyReferences([typeof(Output).Assembly.Location]);
        var stdin = new StdinFrontend(kernel, (parent, type, content) => _sockets.Send(JupyterChannel.Stdin, JupyterMessage.Create(type, content, parent, _session)));
        var introspection = new Introspection(kernel);
        var execute = new ExecuteRequestHandler(kernel, introspection, Publish);
        await kernel.SendAsync(new SubmitCode("using System;", "csharp"));
        return new Session(kernel, execute, introspection, stdin);
    }

    /// <summary>Serves until a shutdown_request arrives; returns whether the front end asked for a restart.</summary>
    public async Task<bool> RunAsync()
    {
        _sockets.Start();
        // Front ends that keep the default interrupt mode send SIGINT: treat it as interrupt_request.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            _ = InterruptAsync();
        });
        Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
        var shell = Task.Run(ShellLoopAsync);
        var control = Task.Run(ControlLoopAsync);
        var restart = await _shutdown.Task;
        _shell.Writer.TryComplete();
        _control.Writer.TryComplete();
        await _sockets.FlushAndStopAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _ = shell;
        _ = control;
        return restart;
    }

    private void OnMessage(JupyterChannel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case JupyterChannel.Shell: _shell.Writer.TryWrite((message, Stopwatch.GetTimestamp())); break;
            case JupyterChannel.Control: _control.Writer.TryWrite(message); break;
            case JupyterChannel.Stdin: if (_ready.IsCompletedSuccessfully) _ready.Result.Stdin.Receive(message); break;
        }
    }

    private async Task ShellLoopAsync()
    {
        await foreach (var (message, arrived) in _shell.Reader.ReadAllAsync())
        {
            if (message.Type == "execute_request" && arrived < Interlocked.Read(ref _abortBefore))
            {
                // stop_on_error: requests queued before the failure are answered "aborted", not run.
                var count = (await _ready).Execute.ExecutionCount;
                await HandleAsync(JupyterChannel.Shell, message, () => Task.FromResult<JsonObject?>(new JsonObject { ["status"] = "aborted", ["execution_count"] = count }));
                continue;
            }
            await HandleAsync(JupyterChannel.Shell, message, () => ShellReplyAsync(message));
        }
    }

    private async Task ControlLoopAsync()
    {
        await foreach (var message in _control.Reader.ReadAllAsync())
        {
            await HandleAsync(JupyterChannel.Control, message, () => message.Type switch
            {
                "interrupt_request" => InterruptAsync(),
                _ => ShellReplyAsync(message),
            });
        }
    }

    private async Task<JsonObject?> InterruptAsync()
    {
        if (_ready.IsCompletedSuccessfully)
        {
            _ready.Result.Stdin.Cancel();
            await _ready.Result.Execute.InterruptAsync();
        }
        return new JsonObject { ["status"] = "ok" };
    }

    private async Task<JsonObject?> ShellReplyAsync(JupyterMessage message)
    {
        var content = message.Content;
        switch (message.Type)
        {
            case "execute_request":
                var session = await _ready;
                session.Stdin.Allow(message, content["allow_stdin"]?.GetValue<bool>() ?? false);
                try
                {
                    var reply = await session.Execute.ExecuteAsync(message);
                    if (reply["status"]?.GetValue<string>() == "error" && (content["stop_on_error"]?.GetValue<bool>() ?? true))
                        Interlocked.Exchange(ref _abortBefore, Stopwatch.GetTimestamp());
                    return reply;
                }
                finally { session.Stdin.Allow(null, false); }
            case "kernel_info_request": return KernelInfo();
            case "complete_request": return await (await _ready).Introspection.CompleteAsync(content);
            case "inspect_request": return await (await _ready).Introspection.InspectAsync(content);
            case "is_complete_request": return Introspection.IsComplete(content["code"]?.GetValue<string>() ?? "");
            case "history_request": return new JsonObject { ["status"] = "ok", ["history"] = (await _ready).Execute.History.Reply(content) };
            case "comm_info_request": return new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() };
            case "comm_open":
                // No comm targets are registered: close it at once, as ipykernel does for unknown targets.
                Publish(message, "comm_close", new JsonObject { ["comm_id"] = content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() });
                return null;
            case "shutdown_request":
                var restart = content["restart"]?.GetValue<bool>() ?? false;
                var shutdownReply = new JsonObject { ["status"] = "ok", ["restart"] = restart };
                Publish(message, "shutdown_reply", (JsonObject)shutdownReply.DeepClone());
                return shutdownReply;
            default:
                if (message.Type.EndsWith("_request", StringComparison.Ordinal)) Log($"unsupported message type '{message.Type}' ignored");
                return null;
        }
    }

    // busy, the handler (which may publish), the reply on the request's own channel, idle.
    private async Task HandleAsync(JupyterChannel channel, JupyterMessage message, Func<Task<JsonObject?>> handler)
    {
        Publish(message, "status", new JsonObject { ["execution_state"] = "busy" });
        try
        {
            var reply = await handler();
            if (reply is not null && message.Type.EndsWith("_request", StringComparison.Ordinal))
                _sockets.Send(channel, JupyterMessage.Create(message.Type[..^"_request".Length] + "_reply", reply, message, _session));
        }
        catch (Exception e)
        {
            Log($"{message.Type} failed: {e.GetType().Name}: {e.Message}");
            if (message.Type.EndsWith("_request", StringComparison.Ordinal))
                _sockets.Send(channel, JupyterMessage.Create(message.Type[..^"_request".Length] + "_reply", new JsonObject
                {
                    ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
                }, message, _session));
        }
        finally
        {
            Publish(message, "status", new JsonObject { ["execution_state"] = "idle" });
            // Stop only once the reply is queued, so the flush before exit still sends it.
            if (message.Type == "shutdown_request") _shutdown.TrySetResult(message.Content["restart"]?.GetValue<bool>() ?? false);
        }
    }

    private void Publish(JupyterMessage? parent, string type, JsonObject content) =>
        _sockets.Send(JupyterChannel.IOPub, JupyterMessage.Create(type, content, parent, _session));

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "workbooks",
        ["implementation_version"] = typeof(JupyterKernelHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
            ["nbconvert_exporter"] = "csharp",
        },
        ["banner"] = $"Workbooks C# kernel (.NET {Environment.Version}): Workbooks.ModelOps, ML.NET and Plotly.NET are referenced.",
        ["help_links"] = new JsonArray(new JsonObject { ["text"] = ".NET API browser", ["url"] = "https://learn.microsoft.com/dotnet/api/" }),
    };

    private void Log(string line) => _log.WriteLine($"workbooks jupyter kernel: {line}");

    public void Dispose()
    {
        _sockets.Dispose();
        if (_ready.IsCompletedSuccessfully) _ready.Result.Kernel.Dispose();
    }
}
