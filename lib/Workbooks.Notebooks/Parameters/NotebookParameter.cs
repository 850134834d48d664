using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbooks.Notebooks.Parameters;

/// <summary>Thrown for a parameter that cannot be injected; the message names it.</summary>
public sealed class ParameterException(string message) : Exception(message);

/// <summary>
/// One <c>-p name=value</c> given to <c>workbooks run</c>, turned into a C# declaration. The value
/// only ever reaches the kernel as a literal built by Roslyn's own literal formatter, so no value can
/// inject code. Its type is the one the parameters cell declares for that name; for <c>var</c> or an
/// undeclared name it is inferred: bool, int, long, double, ISO date/time, else string.
/// </summary>
/// <example>
/// <code>
/// var p = NotebookParameter.Parse("name=x\"; Environment.Exit(7); \"");
/// Console.WriteLine(p.ToDeclaration(declaredType: null));   // string name = "x\"; Environment.Exit(7); \"";
/// Console.WriteLine(NotebookParameter.Parse("rows=1000").ToDeclaration("long"));   // long rows = 1000L;
/// </code>
/// </example>
public sealed partial class NotebookParameter
{
    private NotebookParameter(string name, string rawValue)
    {
        Name = name;
        RawValue = rawValue;
    }

    /// <summary>The C# variable name.</summary>
    public string Name { get; }

    /// <summary>The value exactly as given on the command line.</summary>
    public string RawValue { get; }

    /// <summary>Parses <c>name=value</c> (the first '=' splits; the value may contain more).</summary>
    public static NotebookParameter Parse(string assignment)
    {
        var split = assignment.IndexOf('=');
        if (split <= 0) throw new ParameterException($"parameter '{assignment}' must look like name=value.");
        var name = assignment[..split].Trim();
        if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
            throw new ParameterException($"parameter name '{name}' is not a valid C# identifier.");
        return new NotebookParameter(name, assignment[(split + 1)..]);
    }

    /// <summary>The C# type the value is given when no type is declared for it.</summary>
    public string InferredType
    {
        get
        {
            var v = RawValue;
            if (bool.TryParse(v, out _)) return "bool";
            if (Integer().IsMatch(v))
            {
                if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return "int";
                if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return "long";
            }
            if (Decimal().IsMatch(v)) return "double";
            var iso = IsoDateTime().Match(v);
            if (iso.Success && DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                return iso.Groups["offset"].Success && iso.Groups["offset"].Value != "Z" ? "DateTimeOffset" : "DateTime";
            return "string";
        }
    }

    /// <summary>A declaration statement <c>T name = literal;</c>. <paramref name="declaredType"/> is the
    /// type the parameters cell declares for this name (null or "var" to infer).</summary>
    public string ToDeclaration(string? declaredType)
    {
        var type = declaredType is null or "var" ? InferredType : declaredType;
        return $"{type} {Name} = {Literal(type)};";
    }

    private string Literal(string type)
    {
        var v = RawValue.Trim();
        var inv = CultureInfo.InvariantCulture;
        switch (Normalize(type))
        {
            case "string": return SymbolDisplay.FormatLiteral(RawValue, quote: true);
            case "bool": return bool.TryParse(v, out var b) ? (b ? "true" : "false") : Fail(type);
            case "int": return int.TryParse(v, NumberStyles.AllowLeadingSign, inv, out var i) ? i.ToString(inv) : Fail(type);
            case "long": return long.TryParse(v, NumberStyles.AllowLeadingSign, inv, out var l) ? l.ToString(inv) + "L" : Fail(type);
            case "double": return double.TryParse(v, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d.ToString("R", inv) + "d" : Fail(type);
            case "float": return float.TryParse(v, NumberStyles.Float, inv, out var f) && float.IsFinite(f) ? f.ToString("R", inv) + "f" : Fail(type);
            case "decimal": return decimal.TryParse(v, NumberStyles.Float, inv, out var m) ? m.ToString(inv) + "m" : Fail(type);
            case "DateTime":
                return DateTime.TryParse(v, inv, DateTimeStyles.RoundtripKind, out var dt)
                    ? $"global::System.DateTime.Parse({Quote(dt.ToString("O", inv))}, global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.RoundtripKind)"
                    : Fail(type);
            case "DateTimeOffset":
                return DateTimeOffset.TryParse(v, inv, DateTimeStyles.None, out var dto)
                    ? $"global::System.DateTimeOffset.Parse({Quote(dto.ToString("O", inv))}, global::System.Globalization.CultureInfo.InvariantCulture)"
                    : Fail(type);
            case "DateOnly":
                return DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date)
                    ? $"new global::System.DateOnly({date.Year}, {date.Month}, {date.Day})"
                    : Fail(type);
            case "TimeSpan":
                return TimeSpan.TryParse(v, inv, out var span)
                    ? $"global::System.TimeSpan.Parse({Quote(span.ToString("c", inv))}, global::System.Globalization.CultureInfo.InvariantCulture)"
                    : Fail(type);
            default:
                throw new ParameterException(
                    $"parameter '{Name}' is declared as '{type}' in the parameters cell; -p supports string, bool, int, long, double, float, decimal, DateTime, DateTimeOffset, DateOnly and TimeSpan (or var).");
        }
    }

    private static string Normalize(string type) => type.Replace("global::", "", StringComparison.Ordinal).Replace("System.", "", StringComparison.Ordinal) switch
    {
        "String" => "string", "Boolean" => "bool", "Int32" => "int", "Int64" => "long",
        "Double" => "double", "Single" => "float", "Decimal" => "decimal", var other => other,
    };

    private static string Quote(string s) => SymbolDisplay.FormatLiteral(s, quote: true);

    private string Fail(string type) =>
        throw new ParameterException($"parameter '{Name}': '{RawValue}' is not a valid {type} (the type declared in the parameters cell).");

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<offset>Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoDateTime();
}
