using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Models;

/// <summary>What a model learns from its label column.</summary>
/// <example>
/// <code>
/// var label = TableColumn.Categorical("y", ["a", "b", "a"]);
/// Console.WriteLine(ModelTasks.Infer(label));
/// // prints: Binary
/// </code>
/// </example>
public enum ModelTask { Binary, Multiclass, Regression }

/// <summary>Choosing the task from a label column.</summary>
public static class ModelTasks
{
    /// <summary>A numerical label with more than ten distinct values is a regression target; two classes are a
    /// binary task; anything else is multiclass.</summary>
    public static ModelTask Infer(TableColumn label)
    {
        ArgumentNullException.ThrowIfNull(label);
        int classes = label.AsLabels().Where(v => v is not null).Distinct().Take(11).Count();
        return label.Kind == ColumnKind.Numerical && classes > 10 ? ModelTask.Regression
            : classes == 2 ? ModelTask.Binary : ModelTask.Multiclass;
    }

    public static string Name(this ModelTask task) => task.ToString().ToLowerInvariant();
}
