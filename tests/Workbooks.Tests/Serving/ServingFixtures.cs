using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.Serving.Hosting;

namespace Workbooks.Tests.Serving;

/// <summary>Small models for the service tests: a regression of y on a number x and a category c, trained once per
/// run; <see cref="Doubled"/> learns 2y, so two versions answer visibly differently.</summary>
internal static class ServingModels
{
    private static readonly Lazy<(TrainedModel Base, TrainedModel Doubled)> Models = new(() =>
    {
        var rng = new Random(11);
        int n = 400;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 10, 2)).ToArray();
        var c = Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => "a", 1 => "b", _ => "c" }).ToArray();
        var y = x.Select((v, i) => 3 * v + (c[i] == "b" ? 20 : 0)).ToArray();
        Table Of(double[] target) => new([TableColumn.Numerical("x", x), TableColumn.Categorical("c", c), TableColumn.Numerical("y", target)], "serving-test");
        var trainer = new FastTreeOptions { Trees = 20, Leaves = 8, MinimumRowsPerLeaf = 5 };
        return (TrainedModel.Train(Of(y), "y", ["x", "c"], trainer, ModelTask.Regression),
                TrainedModel.Train(Of(y.Select(v => 2 * v + 100).ToArray()), "y", ["x", "c"], trainer, ModelTask.Regression));
    });

    public static TrainedModel Base => Models.Value.Base;
    public static TrainedModel Doubled => Models.Value.Doubled;

    /// <summary>Saves <paramref name="model"/> into a fresh temporary file and returns its path.</summary>
    public static string Save(TrainedModel model, string dir)
    {
        var path = Path.Combine(dir, $"model-{Guid.NewGuid():N}.zip");
        model.Save(path);
        return path;
    }

    public static string Row(double x, string c) => FormattableString.Invariant($$"""{"x":{{x}},"c":"{{c}}"}""");

    public static double Expected(TrainedModel model, double x, string c) =>
        new ServedModel(model, "m", "v").Predict(Workbooks.Serving.Rows.ServedRow.Of(model.Schema, new Dictionary<string, object?> { ["x"] = x, ["c"] = c })).Score;
}

/// <summary>
/// A real redis-server (Debian package) on a free loopback port, without persistence, stopped (killed) on dispose.
/// Missing binary: the test is skipped, or failed under CI=true (<see cref="Requirements"/>). A port taken between the
/// probe and the bind (other test runs share the machine) makes redis exit; it is started again on another port.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port) { _process = process; Port = port; }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        var binary = Requirements.Program("redis-server", "apt-get install redis-server");
        for (int attempt = 1; ; attempt++)
        {
            int port = Monitoring.AlertTests.FreePort();
            var process = Launch(binary, port);
            if (WaitForPing(port, process, TimeSpan.FromSeconds(20))) return new RedisServer(process, port);
            Stop(process);
            if (attempt == 3) throw new InvalidOperationException("redis-server did not start in 3 attempts.");
        }
    }

    /// <summary>Kills the server: a Redis outage.</summary>
    public void Kill() => Stop(_process);

    private static Process Launch(string binary, int port)
    {
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            start.ArgumentList.Add(a);
        var p = Process.Start(start)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>True once the server on <paramref name="port"/> answers PING (RESP over a plain socket).</summary>
    public static bool Ping(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            int n = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException) { return false; }
    }

    private static bool WaitForPing(int port, Process process, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if (Ping(port)) return true;
            Thread.Sleep(50);
        }
        return false;
    }

    private static void Stop(Process p)
    {
        try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { }
        p.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
    }
}
