using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// Compiles a tree model: its trainer's scoring is replaced by a <see cref="CompiledEnsemble"/> read from ML.NET's
/// own tree parameters, behind the model's own feature preparation (<see cref="CompressedModel"/>). Predictions
/// match <see cref="TrainedModel.Predict(Table, int)"/> to float precision. When the caller already holds prepared
/// vectors, <see cref="CompressedModel.Ensemble"/> scores them directly, skipping the transforms.
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
/// var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("y", [.. x.Select(v => v &lt; 100 ? 0.0 : 10.0)])]);
/// var model = TrainedModel.Train(table, "y", ["x"], new FastTreeOptions { Trees = 5 }, ModelTask.Regression);
/// var compiled = CompiledModel.Compile(model);
/// Console.WriteLine($"{compiled.Ensemble.TreeCount} {compiled.Predict(table, 150).Score == model.Predict(table, 150).Score}");
/// // prints: 5 True
/// </code>
/// </example>
public static class CompiledModel
{
    /// <summary>Compiles <paramref name="model"/>'s trees; a model that is not a FastTree or LightGBM ensemble is a <see cref="NotSupportedException"/>.</summary>
    public static CompressedModel Compile(TrainedModel model) =>
        CompressedModel.From(model, TreeModelReader.Compile(model).Ensemble, "compile", "");
}
