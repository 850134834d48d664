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

    private static async Task<JsonObject?> ReadUntil(Process kernel, List<JsonObject> seen, Func<JsonObject, bool> stop)
    {
        using var timeout = new CancellationTokenSource(Patience);
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
