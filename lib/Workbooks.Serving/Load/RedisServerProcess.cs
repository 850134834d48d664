using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workbooks.Serving.Load;

/// <summary>
/// A throwaway <c>redis-server</c> (the Debian package) for tests, load runs and demos: a child process on a free
/// loopback port, without persistence, killed on dispose. A port probed free can be taken before Redis binds it
/// (other runs share the machine): then Redis exits and is started again on another port.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;

    private RedisServerProcess(Process process, int port) { _process = process; Port = port; }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The redis-server on PATH, or null.</summary>
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);

    public static RedisServerProcess Start(string? binary = null)
    {
        binary ??= FindBinary() ?? throw new FileNotFoundException("redis-server is not on PATH (apt-get install redis-server).");
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
                start.ArgumentList.Add(a);
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                if (Command(port, "PING") == "+PONG") return new RedisServerProcess(process, port);
                Thread.Sleep(50);
            }
            Stop(process);
            process.Dispose();
            if (attempt == 3) throw new InvalidOperationException("redis-server did not start in 3 attempts.");
        }
    }

    /// <summary>Empties every database (a cold L2 for the next run).</summary>
    public void FlushAll()
    {
        if (Command(Port, "FLUSHALL") != "+OK") throw new InvalidOperationException($"FLUSHALL failed on {Endpoint}.");
    }

    /// <summary>Kills the server: a Redis outage.</summary>
    public void Kill() => Stop(_process);

    /// <summary>Sends one inline command and returns the first reply line (null when nothing answers).</summary>
    public static string? Command(int port, string command)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            var stream = client.GetStream();
            stream.ReadTimeout = 2000;
            stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[256];
            int n = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
        }
        catch (Exception e) when (e is SocketException or IOException) { return null; }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
