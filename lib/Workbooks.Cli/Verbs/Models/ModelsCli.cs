using System.CommandLine;
using Spectre.Console;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary>What the <c>models</c> sub-verbs share: the --registry and --json options, opening the registry, turning
/// registry errors into exit code 2, and plain-text tables.</summary>
internal static class ModelsCli
{
    public static Option<string> RegistryOption() => new("--registry") { Description = "The registry folder.", Required = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    public static ModelRegistry Open(string directory, bool create = false) => ModelRegistry.Open(directory, create);

    /// <summary>Runs a sub-verb; a registry error (unknown model, version or alias, bad name, locked registry) is bad input.</summary>
    public static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (ModelFileException) { throw; }
        catch (Exception e) when (e is ModelRegistryException or FormatException or ArgumentException) { throw new BadInputException(e.Message); }
    }

    public static ModelReference Reference(string text, bool versionRequired = false)
    {
        var reference = ModelReference.Parse(text);
        if (versionRequired && reference.Version is null) throw new FormatException($"'{text}' must name a version: NAME:VERSION.");
        return reference;
    }

    /// <summary>Writes a borderless table with a header row to <paramref name="output"/> (no colours, wide lines).</summary>
    public static void Table(TextWriter output, string[] headers, IEnumerable<string?[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var row in rows) table.AddRow(row.Select(c => Markup.Escape(c ?? "")).ToArray());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        console.Write(table);
    }

    public static string Map<T>(IReadOnlyDictionary<string, T> map, Func<T, string> show) =>
        string.Join(" ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={show(kv.Value)}"));
}
