using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbooks.Tests.Notebooks;

/// <summary>Drives <c>workbooks kernel</c> as a child process with the same JSON command envelopes
/// the stock dotnet-interactive stdio kernel accepts, and reads the event envelopes it writes.</summary>
public sealed class KernelProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SubmitCode_over_stdio_produces_the_standard_events()
    {
        using var kernel = StartKernel();
        var events = new List<JsonObject>();

        var ready = await ReadUntil(kernel, events, e => Type(e) == "KernelReady");
        Assert.NotNull(ready);

        await Send(kernel, "t-return", "using Workbooks.ModelOps.Reporting;\nConsole.WriteLine(\"to stdout\");\ndisplay(\"shown\");\n6 * 7");
        var done = await ReadUntil(kernel, events, e => IsCompletion(e, "t-return"));
        Assert.Equal("CommandSucceeded", Type(done));
        var mine = events.Where(e => Token(e) == "t-return").ToList();
        Assert.Contains(mine, e => Type(e) == "StandardOutputValueProduced" && FormattedText(e).Contains("to stdout"));
        Assert.Contains(mine, e => Type(e) == "DisplayedValueProduced" && FormattedText(e).Contains("shown"));
        Assert.Contains(mine, e => Type(e) == "ReturnValueProduced" && FormattedText(e).Contains("42"));

        await Send(kernel, "t-chart", "var t = new Plotly.NET.Trace2D(\"scatter\"); t.SetProperty(\"y\", new[] { 1, 3, 2 });\nPlotly.NET.GenericChart.ofTraceObject(true, t)");
        done = await ReadUntil(kernel, events, e => IsCompletion(e, "t-chart"));
        Assert.Equal("CommandSucceeded", Type(done));
        var chart = events.Single(e => Token(e) == "t-chart" && Type(e) == "ReturnValueProduced");
        Assert.Contains("Plotly.newPlot", FormattedText(chart));

        await Send(kernel, "t-fail", "throw new InvalidOperationException(\"kernel test failure\");");
        done = await ReadUntil(kernel, events, e => IsCompletion(e, "t-fail"));
        Assert.Equal("CommandFailed", Type(done));
        Assert.Contains("kernel test failure", done!["event"]!["message"]!.GetValue<string>());

        kernel.StandardInput.Close();
        Assert.True(kernel.WaitForExit(30_000), "the kernel exits when its input ends");
        Assert.Equal(0, kernel.ExitCode);
    }

    [Fact]
    public async Task A_cell_longer_than_the_stdin_buffer_is_answered_after_an_earlier_cell_ran()
    {
        // A parameters cell of about 1.2 KB hung `workbooks run` until its timeout: once a submission
        // had run, the kernel read only the part of a long command line after its first 1,024 bytes
        // and dropped the unparseable rest without an answer.
        using var kernel = StartKernel();
        try
        {
            await LongCellIsAnswered(kernel);
        }
        finally
        {
            if (!kernel.HasExited) kernel.Kill(entireProcessTree: true);
        }
    }

    private static async Task LongCellIsAnswered(Process kernel)
    {
        var events = new List<JsonObject>();
        Assert.NotNull(await ReadUntil(kernel, events, e => Type(e) == "KernelReady"));
        await Send(kernel, "t-first", "1 + 1");
        Assert.Equal("CommandSucceeded", Type(await ReadUntil(kernel, events, e => IsCompletion(e, "t-first"))));

        var lines = Enumerable.Range(0, 20).Select(i => $"string p{i} = \"\";   // parameter {i}: \"\" takes the default, `-p p{i}=value` sets it");
        var longCell = string.Join("\n", lines) + "\np0.Length + p11.Length + 4242";
        Assert.True(longCell.Length > 1024, "the cell must not fit one stdin buffer");
        await Send(kernel, "t-long", longCell);
        var done = await ReadUntil(kernel, events, e => IsCompletion(e, "t-long"), TimeSpan.FromSeconds(30));
        Assert.Equal("CommandSucceeded", Type(done));
        Assert.Contains(events, e => Token(e) == "t-long" && Type(e) == "ReturnValueProduced" && FormattedText(e).Contains("4242"));

        kernel.StandardInput.Close();
        Assert.True(kernel.WaitForExit(30_000), "the kernel exits when its input ends");
    }

    private static Process StartKernel()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "workbooks.dll"));
        start.ArgumentList.Add("kernel");
        start.ArgumentList.Add("--working-dir");
        start.ArgumentList.Add(Path.GetTempPath());
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static Task Send(Process kernel, string token, string code)
    {
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        return kernel.StandardInput.WriteLineAsync(envelope.ToJsonString()).ContinueWith(_ => kernel.StandardInput.Flush());
    }

    private static async Task<JsonObject?> ReadUntil(Process kernel, List<JsonObject> seen, Func<JsonObject, bool> stop, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        while (await kernel.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            // Every line on stdout must be an envelope: anything else would break the client.
            var envelope = JsonNode.Parse(line)!.AsObject();
            seen.Add(envelope);
            if (stop(envelope)) return envelope;
        }
        return null;
    }

    private static string? Type(JsonObject? e) => e?["eventType"]?.GetValue<string>();

    private static string? Token(JsonObject e) => e["command"]?["token"]?.GetValue<string>();

    private static bool IsCompletion(JsonObject e, string token) =>
        Token(e) == token && Type(e) is "CommandSucceeded" or "CommandFailed";

    private static string FormattedText(JsonObject e) =>
        string.Join("\n", e["event"]?["formattedValues"]?.AsArray().Select(v => v!["value"]!.GetValue<string>()) ?? []);
}
