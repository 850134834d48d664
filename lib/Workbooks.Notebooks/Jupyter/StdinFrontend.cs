using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// Input from the front end over the stdin channel: the C# kernel's <c>Kernel.GetInputAsync(prompt)</c>
/// (a RequestInput command, routed here) and <c>Console.ReadLine()</c> in a cell both become an
/// input_request to the client that sent the running execute_request, and wait for its input_reply.
/// When that request had <c>allow_stdin</c> false, asking for input fails with a clear message.
/// </summary>
internal sealed class StdinFrontend
{
    private readonly Action<JupyterMessage, string, JsonObject> _send;
    private readonly Lock _gate = new();
    private JupyterMessage? _parent;
    private TaskCompletionSource<string>? _pending;

    public StdinFrontend(CompositeKernel kernel, Action<JupyterMessage, string, JsonObject> send)
    {
        _send = send;
        var frontend = new FrontendKernel(this);
        kernel.Add(frontend);
        frontend.KernelSpecifierDirective.Hidden = true;
        kernel.SetDefaultTargetKernelNameForCommand(typeof(RequestInput), frontend.Name);
        Console.SetIn(new ConsoleInput(this));
    }

    /// <summary>Sets the execute_request that input requests answer to (null between executions).</summary>
    public void Allow(JupyterMessage? parent, bool allowed)
    {
        lock (_gate) _parent = allowed ? parent : null;
    }

    /// <summary>Abandons a pending input request (interrupt).</summary>
    public void Cancel()
    {
        lock (_gate) _pending?.TrySetCanceled();
    }

    /// <summary>An input_reply arrived on the stdin socket.</summary>
    public void Receive(JupyterMessage message)
    {
        if (message.Type != "input_reply") return;
        lock (_gate) _pending?.TrySetResult(message.Content["value"]?.GetValue<string>() ?? "");
    }

    public async Task<string> RequestAsync(string prompt, bool password)
    {
        TaskCompletionSource<string> pending;
        lock (_gate)
        {
            if (_parent is null)
                throw new InvalidOperationException("This front end does not accept input (allow_stdin is false); pass values as parameters instead.");
            pending = _pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _send(_parent, "input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password });
        }
        try { return await pending.Task; }
        finally { lock (_gate) _pending = null; }
    }

    private sealed class FrontendKernel(StdinFrontend stdin) : Kernel("jupyter-stdin"), IKernelCommandHandler<RequestInput>
    {
        public async Task HandleAsync(RequestInput command, KernelInvocationContext context)
        {
            var value = await stdin.RequestAsync(command.Prompt, command.IsPassword);
            context.Publish(new InputProduced(value, command));
        }
    }

    private sealed class ConsoleInput(StdinFrontend stdin) : TextReader
    {
        public override string? ReadLine() => stdin.RequestAsync("", false).GetAwaiter().GetResult();

        public override int Peek() => -1;

        public override int Read() => -1;
    }
}
