using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Workbooks.ModelOps.Registry;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Registry;

/// <summary>
/// The registry's guarantees across real processes: concurrent <c>workbooks models register</c> runs get distinct
/// versions, and child processes killed with SIGKILL at random moments inside a register/promote loop leave a
/// registry that opens, lists every version they reported committed, and resolves every alias to a whole version.
/// </summary>
public sealed class RegistryProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-registry-proc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>A child whose stdout lines are collected as they arrive.</summary>
    private sealed class Child : IDisposable
    {
        public readonly Process Process;
        public readonly ConcurrentQueue<string> Lines = new();

        public Child(string dll, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            foreach (var a in args) start.ArgumentList.Add(a);
            Process = new Process { StartInfo = start };
            Process.OutputDataReceived += (_, e) => { if (e.Data is not null) Lines.Enqueue(e.Data); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Lines.Enqueue("stderr: " + e.Data); };
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public bool WaitForFirst(string prefix, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            bool Seen() => Lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal));
            while (clock.Elapsed < timeout && !Process.HasExited && !Seen()) Thread.Sleep(20);
            return Seen();
        }

        public void Kill()
        {
            if (!Process.HasExited) kill(Process.Id, 9);   // SIGKILL: no handler runs, nothing is flushed or closed
            Process.WaitForExit();   // also waits until the output pipes are drained
        }

        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(); Process.WaitForExit(10_000); } catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }

    private static string Beside(string file) => Path.Combine(AppContext.BaseDirectory, file);

    [Fact]
    public void SIGKILL_at_random_moments_leaves_every_committed_version_and_alias_whole()
    {
        var registryDir = Path.Combine(_dir, "reg");
        var random = new Random(20261201);
        var committed = new Dictionary<int, string>();   // version -> sha256, as the children reported after commit
        var clock = Stopwatch.StartNew();
        int rounds = 0, kills = 0;
        // Bounded in time: as many rounds as fit in 45 s (at least 3, at most 10), two children at once in each.
        while (rounds < 3 || (rounds < 10 && clock.Elapsed < TimeSpan.FromSeconds(45)))
        {
            rounds++;
            using var a = new Child(Beside("Workbooks.RegistryChild.dll"), [registryDir, "m", random.Next().ToString()]);
            using var b = new Child(Beside("Workbooks.RegistryChild.dll"), [registryDir, "m", random.Next().ToString()]);
            // Past start-up (each has committed once), so the kills land among registry operations.
            Assert.True(a.WaitForFirst("registered ", TimeSpan.FromSeconds(90)), string.Join(" / ", a.Lines));
            Assert.True(b.WaitForFirst("registered ", TimeSpan.FromSeconds(90)), string.Join(" / ", b.Lines));
            Thread.Sleep(random.Next(0, 1200));
            a.Kill();
            Thread.Sleep(random.Next(0, 400));
            b.Kill();
            kills += 2;
            // 137 = 128 + SIGKILL: both were still looping when killed (a child that failed on its own exits otherwise).
            Assert.True((a.Process.ExitCode, b.Process.ExitCode) == (137, 137), $"exit codes {a.Process.ExitCode}, {b.Process.ExitCode}: " +
                string.Join(" / ", a.Lines.Concat(b.Lines).Where(l => l.StartsWith("stderr:", StringComparison.Ordinal)).Take(5)));
            foreach (var line in a.Lines.Concat(b.Lines))
            {
                Assert.DoesNotContain("stderr:", line);
                var parts = line.Split(' ');
                if (parts[0] == "registered") Assert.True(committed.TryAdd(int.Parse(parts[1]), parts[2]), $"version {parts[1]} was reported twice");
            }
            int found = CheckWhole(registryDir, committed);
            output.WriteLine($"round {rounds} at {clock.Elapsed.TotalSeconds:F1}s: {found} versions in the registry, {committed.Count} reported committed " +
                $"(child A {a.Lines.Count} lines, child B {b.Lines.Count} lines)");
        }
        output.WriteLine($"{kills} SIGKILLs in {rounds} rounds; {committed.Count} versions reported committed, all present and verified");
        Assert.True(committed.Count >= 2 * rounds, "each child commits at least once per round");
    }

    /// <summary>Opens the registry after the kills and checks everything it promises; returns the number of versions.</summary>
    private static int CheckWhole(string registryDir, IReadOnlyDictionary<int, string> committed)
    {
        var registry = ModelRegistry.Open(registryDir, create: false);
        if (registry.List().Count == 0) { Assert.Empty(committed); return 0; }
        var versions = registry.Versions("m");
        // Numbered 1..N with no gap and no duplicate: a killed registration left no partial row.
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        foreach (var (version, sha) in committed) Assert.Equal(sha, versions[version - 1].Sha256);
        foreach (var v in versions)
        {
            registry.GetVerifiedFile(v);   // throws if the file is missing or does not match
            Assert.True(v.Metrics.ContainsKey("i") && v.Tags.ContainsKey("pid"), $"version {v.Version} lost its metrics or tags");
            Assert.Equal("random", v.Lineage.Dataset);
        }
        foreach (var (alias, version) in registry.List().Single().Aliases)
        {
            var target = registry.Get($"m@{alias}");
            Assert.Equal(version, target.Version);
            registry.GetVerifiedFile(target);
            var history = registry.AliasHistory("m", alias);
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.Sequence));
            Assert.Equal(version, history[^1].ToVersion);
        }
        return versions.Count;
    }

    [Fact]
    public void Concurrent_cli_registrations_get_distinct_versions()
    {
        var registryDir = Path.Combine(_dir, "reg");
        const int processes = 4;
        var files = Enumerable.Range(0, processes).Select(i =>
        {
            var path = Path.Combine(_dir, $"model{i}.bin");
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(50_000 + i));
            return path;
        }).ToArray();
        var children = files.Select(f => new Child(Beside("workbooks.dll"), ["models", "register", "--registry", registryDir, "--name", "m", "--model", f])).ToArray();
        try
        {
            foreach (var c in children) Assert.True(c.Process.WaitForExit(180_000), "a register process did not finish in 3 minutes");
            foreach (var c in children) c.Process.WaitForExit();
            var printed = children.Select(c => (Code: c.Process.ExitCode, Lines: c.Lines.ToArray())).ToArray();
            Assert.All(printed, p => Assert.Equal(0, p.Code));
            var versions = printed.Select(p => int.Parse(Assert.Single(p.Lines))).ToArray();
            output.WriteLine("versions printed: " + string.Join(", ", versions));
            Assert.Equal(Enumerable.Range(1, processes), versions.Order());
            var registry = ModelRegistry.Open(registryDir, create: false);
            for (int i = 0; i < processes; i++)
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files[i]))), registry.Get($"m:{versions[i]}").Sha256);
        }
        finally
        {
            foreach (var c in children) c.Dispose();
        }
    }
}
