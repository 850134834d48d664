namespace Workbooks.ModelOps.Drift.StatTests;

/// <summary>Shared reading of category counts for the categorical tests.</summary>
internal static class CategoryNotes
{
    /// <summary>"category 'x' appears only in current" (first few named), or null.</summary>
    public static string? OnlyInCurrent(CategoryCounts counts)
    {
        var only = counts.Keys.Where((_, i) => counts.Reference[i] == 0 && counts.Current[i] > 0).ToList();
        if (only.Count == 0) return null;
        var names = string.Join(", ", only.Take(5).Select(k => $"'{k}'")) + (only.Count > 5 ? $" and {only.Count - 5} more" : "");
        return $"{(only.Count == 1 ? "category" : "categories")} {names} only in current";
    }

    /// <summary>Reference counts scaled to the current total: Evidently's expected counts.</summary>
    public static double[] ExpectedFromReference(CategoryCounts counts)
    {
        double scale = (double)counts.CurrentTotal / counts.ReferenceTotal;
        return counts.Reference.Select(r => r * scale).ToArray();
    }

    /// <summary>Counts of the first category (in key order) and of all others, per side.</summary>
    public static (long RefFirst, long RefRest, long CurFirst, long CurRest, string Split) FirstVersusRest(CategoryCounts counts)
    {
        long rf = counts.Reference[0], cf = counts.Current[0];
        string split = counts.Keys.Count > 2 ? $"'{counts.Keys[0]}' against the {counts.Keys.Count - 1} other categories" : $"'{counts.Keys[0]}' against '{(counts.Keys.Count > 1 ? counts.Keys[1] : "-")}'";
        return (rf, counts.ReferenceTotal - rf, cf, counts.CurrentTotal - cf, split);
    }

    public static string Join(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));
}
