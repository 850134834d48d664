using System.Text;
using System.Text.Json.Nodes;
using Workbooks.Cli;
using Workbooks.Notebooks.Jupyter;
using Xunit;

namespace Workbooks.Tests.Jupyter;

/// <summary><c>workbooks jupyter install/uninstall</c>, bad connection files, and the message codec's
/// signature check, in-process (no Jupyter client needed).</summary>
public sealed class JupyterVerbTests
{
    [Fact]
    public void Install_writes_a_kernelspec_that_uninstall_removes()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "wb-kspec-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, error) = Cli("jupyter", "install", "--prefix", prefix);
            Assert.True(code == 0, error);
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp", "kernel.json")))!;
            var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
            Assert.Equal(["jupyter", "kernel", "--connection-file", "{connection_file}"], argv[^4..]);
            Assert.Equal("C#", spec["language"]!.GetValue<string>());
            Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
            Assert.Equal("0", spec["env"]!["DOTNET_TieredPGO"]!.GetValue<string>());
            Assert.True(File.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp", "logo-svg.svg")));

            Assert.Equal(0, Cli("jupyter", "uninstall", "--prefix", prefix).Code);
            Assert.False(Directory.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp")));
            var again = Cli("jupyter", "uninstall", "--prefix", prefix);
            Assert.Equal(2, again.Code);
            Assert.Contains("no kernelspec '.net-csharp'", again.Error);
        }
        finally
        {
            if (Directory.Exists(prefix)) Directory.Delete(prefix, recursive: true);
        }
    }

    [Fact]
    public void Bad_names_locations_and_connection_files_are_one_line_errors()
    {
        Assert.Equal(2, Cli("jupyter", "install", "--prefix", Path.GetTempPath(), "--name", "bad/name").Code);
        Assert.Equal(2, Cli("jupyter", "install", "--user", "--prefix", Path.GetTempPath()).Code);

        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, _, error) = Cli("jupyter", "kernel", "--connection-file", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, error);
        Assert.Single(error.Trim().Split('\n'));

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"ip": "127.0.0.1", "shell_port": 5000, "iopub_port": 5001, "stdin_port": 5002, "control_port": 5003, "key": "k", "signature_scheme": "hmac-sha256"}""");
            (code, _, error) = Cli("jupyter", "kernel", "--connection-file", file);
            Assert.Equal(2, code);
            Assert.Contains("'hb_port'", error);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Messages_with_a_wrong_signature_are_rejected()
    {
        var codec = new MessageCodec("secret");
        var request = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1+1" }, null, "session");
        var frames = codec.Encode(request);
        Assert.Equal("1+1", codec.Decode(frames, out var none)!.Content["code"]!.GetValue<string>());
        Assert.Null(none);

        var tampered = frames.Select(f => f.ToArray()).ToList();
        tampered[^1] = Encoding.UTF8.GetBytes("""{"code":"System.Environment.Exit(1)"}""");
        Assert.Null(codec.Decode(tampered, out var rejection));
        Assert.Equal("invalid HMAC-SHA256 signature", rejection);
        Assert.Null(new MessageCodec("other key").Decode(frames, out _));
    }

    private static (int Code, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
