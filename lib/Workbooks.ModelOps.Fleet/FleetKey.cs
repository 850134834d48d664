namespace Workbooks.ModelOps.Fleet;

/// <summary>Grain keys: <c>model|version</c> for a model grain, <c>model|version|window</c> for a window grain.</summary>
public sealed record FleetKey(string Model, string Version, string? Window = null)
{
    public override string ToString()
    {
        foreach (var part in new[] { Model, Version, Window })
            if (part is not null && (part.Length == 0 || part.Contains('|'))) throw new ArgumentException($"fleet key part '{part}' must be non-empty and hold no '|'.");
        return Window is null ? $"{Model}|{Version}" : $"{Model}|{Version}|{Window}";
    }

    public FleetKey ModelKey => this with { Window = null };

    public static FleetKey Parse(string key)
    {
        var parts = key.Split('|');
        return parts.Length switch
        {
            2 => new(parts[0], parts[1]),
            3 => new(parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException($"'{key}' is not a fleet key (model|version or model|version|window)."),
        };
    }
}
