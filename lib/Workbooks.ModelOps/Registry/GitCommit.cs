using System.ComponentModel;
using System.Diagnostics;

namespace Workbooks.ModelOps.Registry;

/// <summary>The git commit of the code that trains a model, recorded in its lineage when one can be found:
/// <c>WORKBOOKS_GIT_COMMIT</c>, CI's <c>GITHUB_SHA</c> or <c>CI_COMMIT_SHA</c>, else <c>git rev-parse HEAD</c> in the
/// working directory. Null outside a repository or without git.</summary>
public static class GitCommit
{
    private static readonly Lazy<string?> Detected = new(Detect);

    /// <summary>The commit, looked up once per process.</summary>
    public static string? Current => Detected.Value;

    private static string? Detect()
    {
        foreach (var variable in new[] { "WORKBOOKS_GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv) return fromEnv.Trim();
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start);
            if (git is null) return null;
            var stdout = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(5000)) { git.Kill(); return null; }
            var sha = stdout.Result.Trim();
            return git.ExitCode == 0 && sha.Length is 40 or 64 && sha.All(Uri.IsHexDigit) ? sha : null;
        }
        catch (Win32Exception)
        {
            return null;   // no git on this machine
        }
    }
}
