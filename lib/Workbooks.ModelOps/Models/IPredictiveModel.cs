using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Models;

/// <summary>
/// What every model of the library does, whatever holds its parameters: <see cref="TrainedModel"/> (an ML.NET
/// transformer) and the compressed variants of <see cref="Compression.CompressedModel"/> (the same feature
/// preparation with compiled, pruned, quantised or distilled scoring). Rows are read from a <see cref="Table"/> by
/// column name; one file holds the whole model.
/// </summary>
public interface IPredictiveModel
{
    ModelTask Task { get; }
    /// <summary>The table columns it reads, by name.</summary>
    IReadOnlyList<ModelColumn> Schema { get; }
    /// <summary>Binary: [negative, positive]; multiclass: every class; regression: none.</summary>
    IReadOnlyList<string> Classes { get; }
    /// <summary>Where the model came from (named in errors).</summary>
    string Source { get; }
    /// <summary>A thread-safe single-row predictor of rows of <paramref name="table"/>.</summary>
    Func<int, PredictionView> CreatePredictor(Table table);
    /// <summary>Predictions for every row of <paramref name="table"/>.</summary>
    PredictionView[] Predict(Table table);
    /// <summary>Writes the model as one file, complete or not at all.</summary>
    void Save(string path);
}
