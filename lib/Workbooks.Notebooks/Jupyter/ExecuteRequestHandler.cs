using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// execute_request: runs the code in the C# kernel and publishes what happens on IOPub as it happens
/// (execute_input, stream, display_data, update_display_data, execute_result, clear_output, error),
/// keeps the execution count and the history, and builds the execute_reply. A cell of the form
/// <c>Name?</c> shows the C# kernel's hover text for Name in the pager, as IPython does.
/// </summary>
internal sealed partial class ExecuteRequestHandler(Kernel kernel, Introspection introspection, Action<JupyterMessage, string, JsonObject> publish)
{
    private readonly MimeBundles _bundles = new();
    private readonly ExecutionHistory _history = new();
    private volatile bool _interrupted;

    /// <summary>The last execution count handed out.</summary>
    public int ExecutionCount { get; private set; }

    public ExecutionHistory History => _history;

    /// <summary>Marks the running execution as interrupted (its error says so) and cancels it.</summary>
    public Task InterruptAsync()
    {
        _interrupted = true;
        return kernel.SendAsync(new Cancel());
    }

    /// <summary>Runs one request; returns the reply content (status ok or error).</summary>
    public async Task<JsonObject> ExecuteAsync(JupyterMessage request)
    {
        var content = request.Content;
        var code = content["code"]?.GetValue<string>() ?? "";
        var silent = content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (content["store_history"]?.GetValue<bool>() ?? true);
        if (storeHistory) ExecutionCount++;
        var count = ExecutionCount;
        if (!silent) publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });

        _interrupted = false;
        var payload = new JsonArray();
        string? resultText = null;
        JsonObject? error = null;
        if (PagerRequest().Match(code) is { Success: true } pager)
        {
            var name = pager.Groups["name"].Value;
            var data = await introspection.HoverAsync(name, name.Length);
            if (data.Count > 0) payload.Add(new JsonObject { ["source"] = "page", ["data"] = data, ["start"] = 0 });
            else error = Error("NameNotFound", $"Nothing is known about '{name}'.", []);
        }
        else
        {
            var observer = new EventObserver(e =>
            {
                var text = Publish(request, e, silent, count);
                if (text is not null) resultText = text;
            });
            KernelCommandResult result;
            using (kernel.KernelEvents.Subscribe(observer)) result = await kernel.SendAsync(new SubmitCode(code, "csharp"));
            if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed) error = Describe(failed);
        }
        if (storeHistory) _history.Add(count, code, resultText);

        if (error is not null)
        {
            if (!silent) publish(request, "error", (JsonObject)error.DeepClone());
            error["status"] = "error";
            error["execution_count"] = count;
            return error;
        }
        return new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["payload"] = payload, ["user_expressions"] = new JsonObject() };
    }

    // Returns the plain text of an execute_result, for the history.
    private string? Publish(JupyterMessage request, KernelEvent e, bool silent, int count)
    {
        if (silent) return null;
        switch (e)
        {
            case StandardOutputValueProduced stdout:
                Stream(request, "stdout", MimeBundles.StreamText(stdout));
                break;
            case StandardErrorValueProduced stderr:
                Stream(request, "stderr", MimeBundles.StreamText(stderr));
                break;
            case ReturnValueProduced value:
                var result = _bundles.Data(value);
                if (result.Count == 0) break;
                publish(request, "execute_result", new JsonObject { ["execution_count"] = count, ["data"] = result, ["metadata"] = new JsonObject() });
                return result[PlainTextFormatter.MimeType]?.GetValue<string>();
            case DisplayedValueUpdated updated:
                publish(request, "update_display_data", Display(updated));
                break;
            case DisplayedValueProduced displayed:
                publish(request, "display_data", Display(displayed));
                break;
            case ClearOutputRequested clear:
                publish(request, "clear_output", new JsonObject { ["wait"] = clear.Wait });
                break;
        }
        return null;
    }

    private void Stream(JupyterMessage request, string name, string text)
    {
        if (text.Length > 0) publish(request, "stream", new JsonObject { ["name"] = name, ["text"] = text });
    }

    private JsonObject Display(DisplayEvent e)
    {
        var display = new JsonObject { ["data"] = _bundles.Data(e), ["metadata"] = new JsonObject() };
        if (e.ValueId is not null) display["transient"] = new JsonObject { ["display_id"] = e.ValueId };
        return display;
    }

    private JsonObject Describe(CommandFailed failed)
    {
        if (_interrupted)
            return Error("KeyboardInterrupt", "The cell was interrupted.", ["KeyboardInterrupt: the cell was interrupted (code that ignores cancellation may still be running)."]);
        if (failed.Exception is { } exception)
            return Error(exception.GetType().Name, exception.Message, exception.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
        // Compilation errors arrive as a message with one diagnostic per line.
        var message = string.IsNullOrWhiteSpace(failed.Message) ? "Cell failed." : failed.Message;
        var name = message.Contains("error CS", StringComparison.Ordinal) ? "CompilationError" : "Error";
        var lines = message.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var traceback = new List<string> { $"{name}: {lines.FirstOrDefault() ?? message}" };
        traceback.AddRange(lines.Skip(1));
        return Error(name, lines.FirstOrDefault() ?? message, traceback);
    }

    private static JsonObject Error(string name, string value, IEnumerable<string> traceback) => new()
    {
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
    };

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][\w.]*)\?\s*$")]
    private static partial Regex PagerRequest();

    private sealed class EventObserver(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
