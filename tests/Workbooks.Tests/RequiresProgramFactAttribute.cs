using Xunit;

namespace Workbooks.Tests;

/// <summary>
/// A fact that starts an external program (a server binary such as <c>prometheus</c>). Where the program is not on
/// PATH the test is reported as skipped, with the install hint, never as passed; with <c>CI=true</c> it runs
/// anyway and fails, because CI installs the program (<c>.ci/run</c>). xunit 2 decides skips at discovery, from
/// the attribute, so the check lives here rather than in the test body.
/// </summary>
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(string program, string install)
    {
        if (Find(program) is null && !IsCi)
            Skip = $"'{program}' is not on PATH ({install}); skipped here, and with CI=true this test fails instead.";
    }

    /// <summary>True when the CI variable is <c>true</c> (any case), as CI services set it.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The program's full path on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>The program's path, or a failure that says CI was expected to install it.</summary>
    public static string Require(string program) => Find(program)
        ?? throw new InvalidOperationException($"'{program}' is not on PATH, and CI=true: CI must install it (.ci/run).");
}
