using System.Diagnostics;
using System.Text;
using Workbooks.Notebooks.Jupyter;
using Xunit;

namespace Workbooks.Tests.Jupyter;

/// <summary>
/// What the tests that drive real Jupyter clients share: the Python that has the Debian packages
/// (.ci/run installs them), a throw-away Jupyter data folder holding this kernel's kernelspec, and
/// bounded child processes. Without the packages a test reports itself skipped, except with CI=true
/// where it fails: CI must run it.
/// </summary>
internal static class JupyterClients
{
    /// <summary>The tests that start Jupyter clients run one after another, not side by side.</summary>
    public const string Collection = "jupyter clients";

    /// <summary>The Python with <paramref name="modules"/> importable; skips (or fails on CI) otherwise.</summary>
    public static string RequirePython(params string[] modules)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            var (code, _) = Run(python, ["-c", "import " + string.Join(", ", modules)], null, TimeSpan.FromSeconds(60));
            if (code == 0) return python;
        }
        var missing = $"Python modules {string.Join(", ", modules)} are not installed (apt-get install python3-jupyter-kernel-test jupyter-nbconvert python3-nbclient jupyter-client; .ci/run does)";
        Assert.False(string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), missing + "; CI must run this test.");
        Skip.If(true, missing + ".");
        return "";
    }

    /// <summary>A fresh Jupyter path (JUPYTER_PATH, highest priority) with the kernelspec
    /// <see cref="KernelSpec.DefaultName"/> starting the workbooks.dll built beside the tests.</summary>
    public static string InstallKernelSpec()
    {
        var root = Path.Combine(Path.GetTempPath(), "wb-jupyter-" + Guid.NewGuid().ToString("N"));
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        KernelSpec.Install(Path.Combine(root, "kernels"), KernelSpec.DefaultName, KernelSpec.DefaultDisplayName,
            [dotnet, Path.Combine(AppContext.BaseDirectory, "workbooks.dll")]);
        Directory.CreateDirectory(Path.Combine(root, "runtime"));
        return root;
    }

    /// <summary>Environment for a client process that must find only our kernelspec.</summary>
    public static Dictionary<string, string> ClientEnvironment(string jupyterRoot) => new()
    {
        ["JUPYTER_PATH"] = jupyterRoot,
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(jupyterRoot, "runtime"),
        ["JUPYTER_PLATFORM_DIRS"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    /// <summary>Runs a process to the end (killed after <paramref name="limit"/>), returning exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        TimeSpan limit, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var output = new StringBuilder();
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
        using (process)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (output) output.AppendLine($"[killed after {limit.TotalSeconds:0} s]");
                return (-2, output.ToString());
            }
            process.WaitForExit();
            lock (output) return (process.ExitCode, output.ToString());
        }
    }
}
