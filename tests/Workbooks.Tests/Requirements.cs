using Xunit;

namespace Workbooks.Tests;

/// <summary>
/// The one rule for tests that need something outside the repository (a server binary such as
/// <c>prometheus</c>, Debian's Chromium, Python's Jupyter clients): where it is missing the test reports
/// itself skipped with the install hint, never passed; with <c>CI=true</c> it fails instead, because CI
/// installs everything the tests need (<c>.ci/run</c>). Use it from a <c>[SkippableFact]</c>.
/// </summary>
internal static class Requirements
{
    /// <summary>True when the CI variable is <c>true</c> (any case), as CI services set it.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the running test (or fails it on CI) because <paramref name="what"/> is missing.</summary>
    public static void Missing(string what)
    {
        Assert.False(IsCi, $"{what}; CI must run this test (.ci/run installs it).");
        Skip.If(true, what + ".");
    }

    /// <summary>The program's full path on PATH; skips (or fails on CI) when it is not there.</summary>
    public static string Program(string program, string install)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
        if (path is null) Missing($"'{program}' is not on PATH ({install})");
        return path!;
    }
}
