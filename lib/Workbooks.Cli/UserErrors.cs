using System.Text.RegularExpressions;

namespace Workbooks.Cli;

/// <summary>
/// Which exceptions are the user's input being wrong, and the one line each becomes. The library signals bad data
/// with <see cref="InvalidDataException"/>, <see cref="KeyNotFoundException"/>, <see cref="ArgumentException"/> and
/// <see cref="FormatException"/> (messages name the file, column or row); the file system with
/// <see cref="IOException"/> and <see cref="UnauthorizedAccessException"/> (messages name the path). Everything else
/// is a bug.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(UserErrors.ParseError("Cannot parse argument 'abc' for option '--threshold' as expected type 'System.Nullable`1[System.Double]'."));
/// // prints: --threshold: 'abc' is not a number.
/// </code>
/// </example>
public static partial class UserErrors
{
    /// <summary>The one-line message for an input error, or null when <paramref name="e"/> is a bug.</summary>
    public static string? Message(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Message(a.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Message(inner),
        BadInputException or Notebooks.Documents.NotebookFormatException or Notebooks.Parameters.ParameterException
            or Notebooks.Execution.RunInputException or InvalidDataException or KeyNotFoundException or FormatException
            or IOException or UnauthorizedAccessException => OneLine(e.Message),
        ArgumentNullException => null,
        ArgumentException a => OneLine(ParameterSuffix().Replace(a.Message, "")),
        _ => null,
    };

    /// <summary>Checks that an input path is an existing file (not a folder), naming the option that gave it.</summary>
    public static string RequireFile(string path, string option)
    {
        if (Directory.Exists(path)) throw new BadInputException($"{path}: is a folder; {option} needs a file.");
        if (!File.Exists(path)) throw new BadInputException($"{path}: file not found ({option}).");
        return path;
    }

    /// <summary>System.CommandLine's parse error in plain words: "--k: 'x' is not a whole number." rather than
    /// the .NET type name it names.</summary>
    public static string ParseError(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success) return OneLine(message);
        string type = m.Groups["type"].Value;
        string expected = type.Contains("Double") || type.Contains("Single") || type.Contains("Decimal") ? "a number"
            : type.Contains("Int") ? "a whole number"
            : type.Contains("Boolean") ? "true or false"
            : type.Contains("TimeSpan") ? "a duration such as 00:01:30"
            : "a valid value";
        return $"{m.Groups["name"].Value}: '{m.Groups["value"].Value}' is not {expected}.";
    }

    /// <summary>The text on one line of at most 600 characters (a message must never spill over a screen).</summary>
    public static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 600 ? line : string.Concat(line.AsSpan(0, 597), "...");
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}
