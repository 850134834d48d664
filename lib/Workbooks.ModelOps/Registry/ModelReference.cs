using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbooks.ModelOps.Registry;

/// <summary>
/// Names a model version: <c>NAME</c> (the latest version), <c>NAME:VERSION</c> or <c>NAME@ALIAS</c>.
/// Model names are letters, digits, <c>.</c>, <c>_</c> and <c>-</c>; aliases start with a letter.
/// </summary>
/// <example>
/// <code>
/// var r = ModelReference.Parse("bike@champion");
/// Console.WriteLine($"{r.Name} {r.Alias} {r.Version?.ToString() ?? "-"} {ModelReference.Parse("bike:3").Version}");
/// // prints: bike champion - 3
/// </code>
/// </example>
public sealed partial record ModelReference(string Name, int? Version, string? Alias)
{
    /// <summary>The alias every model has: its highest version.</summary>
    public const string Latest = "latest";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AliasPattern();

    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int at = text.IndexOf('@'), colon = text.IndexOf(':');
        if (at >= 0 && colon >= 0) throw new FormatException($"'{text}' names both an alias and a version; use NAME@ALIAS or NAME:VERSION.");
        if (at >= 0) return new ModelReference(CheckName(text[..at]), null, CheckAlias(text[(at + 1)..]));
        if (colon < 0) return new ModelReference(CheckName(text), null, null);
        var v = text[(colon + 1)..];
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            throw new FormatException($"'{text}': the version after ':' must be a whole number from 1, not '{v}'.");
        return new ModelReference(CheckName(text[..colon]), version, null);
    }

    public static string CheckName(string name) => name is not null && NamePattern().IsMatch(name) ? name
        : throw new FormatException($"'{name}' is not a model name: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.");

    public static string CheckAlias(string alias) => alias is not null && AliasPattern().IsMatch(alias) ? alias
        : throw new FormatException($"'{alias}' is not an alias: use 1-64 letters, digits, '_' or '-', starting with a letter.");

    public override string ToString() => Version is { } v ? $"{Name}:{v}" : Alias is { } a ? $"{Name}@{a}" : Name;
}

/// <summary>A registry operation that cannot be done as asked: an unknown model, version or alias, a locked
/// registry, a missing folder. The message is one line that names what is wrong.</summary>
public class ModelRegistryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A version's model file is missing or does not match the SHA-256 recorded for it.</summary>
public sealed class ModelFileException(string name, int version, string path, string message) : ModelRegistryException(message)
{
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string FilePath { get; } = path;
}
