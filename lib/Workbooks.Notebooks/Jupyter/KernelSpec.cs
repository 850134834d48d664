using System.Text.Json.Nodes;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// The kernelspec that makes Jupyter start this kernel: a folder named after the kernel holding
/// kernel.json (argv, display name, language, interrupt by message) and a logo. The default name is
/// <see cref="DefaultName"/>, the name the project's notebooks carry in their metadata (the one the
/// .NET Interactive kernelspec used), so they open with this kernel without editing.
/// </summary>
public static class KernelSpec
{
    /// <summary>The kernelspec name in the notebooks' <c>metadata.kernelspec.name</c>.</summary>
    public const string DefaultName = ".net-csharp";

    /// <summary>The name Jupyter front ends show.</summary>
    public const string DefaultDisplayName = "C# (Workbooks)";

    /// <summary>The per-user Jupyter data folder's kernels folder, as jupyter_core computes it.</summary>
    public static string UserKernelsDirectory()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data) return Path.Combine(data, "kernels");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root;
        if (OperatingSystem.IsWindows()) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        else if (OperatingSystem.IsMacOS()) root = Path.Combine(home, "Library", "Jupyter");
        else root = Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share"), "jupyter");
        return Path.Combine(root, "kernels");
    }

    /// <summary>The kernels folder under an installation prefix (<c>PREFIX/share/jupyter/kernels</c>).</summary>
    public static string PrefixKernelsDirectory(string prefix) => Path.Combine(prefix, "share", "jupyter", "kernels");

    /// <summary>Writes the kernelspec <paramref name="name"/> into <paramref name="kernelsDirectory"/>,
    /// replacing an existing one of that name; returns its folder. The folder is built beside its final
    /// place and moved in, so a failed install never leaves half a kernelspec.</summary>
    /// <param name="command">What starts the kernel, before <c>jupyter kernel --connection-file {connection_file}</c>.</param>
    public static string Install(string kernelsDirectory, string name, string displayName, IReadOnlyList<string> command)
    {
        CheckName(name);
        Directory.CreateDirectory(kernelsDirectory);
        var target = Path.Combine(kernelsDirectory, name);
        var staging = Path.Combine(kernelsDirectory, "." + name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        Directory.CreateDirectory(staging);
        try
        {
            var argv = new JsonArray(command.Concat(["jupyter", "kernel", "--connection-file", "{connection_file}"]).Select(a => (JsonNode?)a).ToArray());
            var spec = new JsonObject
            {
                ["argv"] = argv,
                ["display_name"] = displayName,
                ["language"] = "C#",
                ["interrupt_mode"] = "message",
                // Dynamic PGO costs the kernel's start-up about a quarter and gains nothing in short cells
                // (measured for the runner's kernel processes, docs/notebook-engine.md).
                ["env"] = new JsonObject { ["DOTNET_TieredPGO"] = "0" },
                ["metadata"] = new JsonObject { ["debugger"] = false, ["workbooks"] = new JsonObject { ["protocol"] = JupyterMessage.ProtocolVersion } },
            };
            File.WriteAllText(Path.Combine(staging, "kernel.json"), spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.WriteAllText(Path.Combine(staging, "logo-svg.svg"), Logo);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Removes the kernelspec <paramref name="name"/>; false when there was none.</summary>
    public static bool Uninstall(string kernelsDirectory, string name)
    {
        CheckName(name);
        var target = Path.Combine(kernelsDirectory, name);
        if (!File.Exists(Path.Combine(target, "kernel.json"))) return false;
        Directory.Delete(target, recursive: true);
        return true;
    }

    // jupyter_client accepts ASCII letters, digits, '.', '_' and '-' (and lower-cases the rest).
    private static void CheckName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ArgumentException($"kernel name '{name}' is not valid: use letters, digits, '.', '_' and '-'.");
    }

    // A C# mark for the launcher (JupyterLab shows logo-svg.svg).
    private const string Logo = """
        <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
          <rect width="64" height="64" rx="12" fill="#512bd4"/>
          <text x="32" y="42" font-family="DejaVu Sans, Arial, sans-serif" font-size="26" font-weight="bold" fill="#ffffff" text-anchor="middle">C#</text>
        </svg>

        """;
}
