using System.Text.Json;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Cli;

/// <summary>Runs the <c>workbooks</c> command in-process and checks the promise every verb makes about bad input:
/// exit 2 with exactly one line on stderr, no exception type name, no stack trace.</summary>
internal sealed class CliHarness : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("wb-cli-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string File(string name, string text)
    {
        var p = Path.Combine(Dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    public string File(string name, byte[] bytes)
    {
        var p = Path.Combine(Dir, name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Exit 2 and one clear line (a parse error may add the "Run 'workbooks --help'" hint).</summary>
    public static string AssertBadInput((int Code, string Out, string Err) r, string? mentions = null)
    {
        Assert.True(r.Code == ExitCodes.BadInput, $"exit {r.Code}, expected 2; stderr: {r.Err}");
        AssertNoTrace(r.Err);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Run 'workbooks --help'", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}: {r.Err}");
        Assert.StartsWith("workbooks: ", lines[0]);
        Assert.True(lines[0].Length <= 700, $"message of {lines[0].Length} characters");
        if (mentions is not null) Assert.Contains(mentions, lines[0]);
        return lines[0];
    }

    /// <summary>Nothing on stderr looks like a .NET exception or a stack trace.</summary>
    public static void AssertNoTrace(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("System.", stderr);
        Assert.DoesNotContain("internal error", stderr);
    }

    /// <summary>Exit 0 with valid JSON (which cannot hold NaN or Infinity) on stdout, or exit 2 with one line.</summary>
    public static void AssertJsonOrBadInput((int Code, string Out, string Err) r, string what)
    {
        if (r.Code == ExitCodes.Success)
        {
            AssertNoTrace(r.Err);
            try { using var _ = JsonDocument.Parse(r.Out); }
            catch (JsonException e) { Assert.Fail($"{what}: exit 0 but stdout is not valid JSON ({e.Message}): {r.Out[..Math.Min(400, r.Out.Length)]}"); }
        }
        else AssertBadInput(r);
    }
}
