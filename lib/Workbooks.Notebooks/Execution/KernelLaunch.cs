using System.Runtime.InteropServices;

namespace Workbooks.Notebooks.Execution;

/// <summary>How to start one notebook's kernel as a child process: a program and its arguments. The
/// program must speak the .NET Interactive stdio protocol on stdin/stdout (as <c>workbooks kernel</c>
/// does) and may write anything to stderr; the runner keeps the last of it as the crash reason.</summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record KernelLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Environment variables set for the kernel process on top of this process's own.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs a framework-dependent .NET entry assembly with the running .NET host, e.g.
    /// <c>dotnet workbooks.dll kernel</c>: the same runtime and the same build as the caller.</summary>
    /// <param name="assemblyPath">The entry assembly (.dll).</param>
    /// <param name="arguments">Arguments after the assembly path.</param>
    public static KernelLaunch DotnetAssembly(string assemblyPath, params string[] arguments) =>
        new(DotnetHost(), [assemblyPath, .. arguments]);

    /// <summary>The <c>dotnet</c> executable running this process, found the way the SDK's tools do:
    /// this process when it is the host, else DOTNET_HOST_PATH, else the root above the runtime folder.</summary>
    private static string DotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self).Equals(exe, StringComparison.OrdinalIgnoreCase)) return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the runtime; dotnet sits in <root>.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
