namespace Workbooks.Tests;

/// <summary>Where the tests find the repository and its bundled datasets.</summary>
public static class TestEnvironment
{
    /// <summary>The folder holding Workbooks.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The prepared datasets the repository ships (data/datasets): the tests read them, so a fresh clone
    /// passes offline. WORKBOOKS_DATA_MIRROR, when set, is still honoured by the catalog, after this folder.</summary>
    public static string BundledData { get; } = Path.Combine(RepoRoot, "data", "datasets");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Workbooks.sln not found above {AppContext.BaseDirectory}.");
    }
}
