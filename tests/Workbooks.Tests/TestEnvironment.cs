using System.Runtime.CompilerServices;

namespace Workbooks.Tests;

/// <summary>Where the tests find the repository and the dataset mirror.</summary>
public static class TestEnvironment
{
    /// <summary>The folder holding Workbooks.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Tests read datasets from the shared mirror (../shared/data beside the clone) unless
    /// WORKBOOKS_DATA_MIRROR already names one: no test touches the network.</summary>
    [ModuleInitializer]
    internal static void PointAtMirror()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WORKBOOKS_DATA_MIRROR")))
        {
            var mirror = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            if (Directory.Exists(mirror)) Environment.SetEnvironmentVariable("WORKBOOKS_DATA_MIRROR", mirror);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Workbooks.sln not found above {AppContext.BaseDirectory}.");
    }
}
