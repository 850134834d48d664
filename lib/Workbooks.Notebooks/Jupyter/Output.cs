using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// Cell-side helpers for what only a Jupyter front end does. A cell in the Jupyter kernel can call
/// <c>Workbooks.Notebooks.Jupyter.Output.Clear()</c> to clear its output area (Jupyter's
/// <c>clear_output</c>); elsewhere (workbooks run, Polyglot Notebooks) the call does nothing.
/// </summary>
/// <example>
/// <code>
/// for (var i = 0; i &lt; 3; i++) { Workbooks.Notebooks.Jupyter.Output.Clear(wait: true); Console.WriteLine($"step {i}"); }
/// </code>
/// </example>
public static class Output
{
    /// <summary>Clears the running cell's output; with <paramref name="wait"/> the front end waits for
    /// the next output before clearing, which avoids flicker in loops.</summary>
    public static void Clear(bool wait = false)
    {
        if (KernelInvocationContext.Current is { } context)
            context.Publish(new ClearOutputRequested(wait, context.Command));
    }
}

/// <summary>The event behind <see cref="Output.Clear"/>; the Jupyter host turns it into <c>clear_output</c>.</summary>
public sealed class ClearOutputRequested(bool wait, KernelCommand command) : KernelEvent(command)
{
    public bool Wait { get; } = wait;
}
