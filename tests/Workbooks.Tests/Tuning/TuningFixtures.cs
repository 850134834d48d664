using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Tuning;

namespace Workbooks.Tests.Tuning;

/// <summary>Small synthetic tables that train in milliseconds, so searches in tests stay quick.</summary>
internal static class TuningFixtures
{
    /// <summary>A binary task: y is 1 when x1 + x2² + noise exceeds 1; x3 is noise; a category shifts the odds.</summary>
    public static TuningData Binary(int rows = 600, bool timeOrdered = false)
    {
        var random = new Random(5);
        double[] x1 = new double[rows], x2 = new double[rows], x3 = new double[rows];
        var group = new string?[rows];
        var y = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            x1[i] = random.NextDouble() * 2; x2[i] = random.NextDouble() * 2 - 1; x3[i] = random.NextDouble();
            group[i] = random.Next(3) switch { 0 => "a", 1 => "b", _ => "c" };
            y[i] = x1[i] + x2[i] * x2[i] + (group[i] == "a" ? 0.3 : 0) + random.NextDouble() * 0.8 - 0.4 > 1.2 ? "yes" : "no";
        }
        var table = new Table([TableColumn.Numerical("x1", x1), TableColumn.Numerical("x2", x2), TableColumn.Numerical("x3", x3),
            TableColumn.Categorical("group", group), TableColumn.Categorical("y", y)], "synthetic binary");
        return TuningData.Create(ReplayDataset.Create(table, "y", positiveClass: "yes"), timeOrdered);
    }

    /// <summary>A regression task with a trend over time (rows in time order).</summary>
    public static TuningData Regression(int rows = 500)
    {
        var random = new Random(9);
        double[] x = new double[rows], t = new double[rows], y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = random.NextDouble() * 10; t[i] = i;
            y[i] = 3 * Math.Sin(x[i]) + i * 0.01 + random.NextDouble();
        }
        var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("t", t), TableColumn.Numerical("y", y)], "synthetic regression");
        return TuningData.Create(ReplayDataset.Create(table, "y", task: ModelTask.Regression), timeOrdered: true);
    }
}
