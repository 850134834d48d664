using System.Text.Json;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Registry;

/// <summary>The registry with the project's one model type: a <see cref="TrainedModel"/> is registered as its one
/// saved file, with its trainer family, hyperparameters, training rows and validation metrics as lineage, and
/// loaded back verified. (The registry itself stores any file; this is the typed front.)</summary>
public static class TrainedModelRegistration
{
    /// <summary>Registers <paramref name="model"/> as the next version of <paramref name="name"/>. What
    /// <paramref name="options"/> gives (metrics, trainer, row count) wins over what the model carries.</summary>
    public static ModelVersionInfo Register(this ModelRegistry registry, string name, TrainedModel model, RegisterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new RegisterOptions();
        var l = options.Lineage;
        var lineage = l with
        {
            Trainer = l.Trainer ?? model.Trainer?.Family,
            Hyperparameters = l.Hyperparameters.Count > 0 || model.Trainer is null ? l.Hyperparameters : Hyperparameters(model.Trainer),
            RowCount = l.RowCount ?? model.TrainingRows,
        };
        var metrics = new Dictionary<string, double>(model.Metrics);
        foreach (var (k, v) in options.Metrics) metrics[k] = v;
        var temp = Path.Combine(Path.GetTempPath(), $".workbooks-register-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(temp);
            using var file = File.OpenRead(temp);
            return registry.Register(name, file, $"{name}.zip", options with { Lineage = lineage, Metrics = metrics });
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Resolves <paramref name="reference"/>, verifies its file and loads it as a <see cref="TrainedModel"/>.</summary>
    public static (ModelVersionInfo Version, TrainedModel Model) LoadTrainedModel(this ModelRegistry registry, string reference) =>
        registry.Load(reference, TrainedModel.Load);

    /// <summary>The trainer's hyperparameters by their saved (snake_case) names, the family name left out.</summary>
    private static Dictionary<string, string> Hyperparameters(TrainerOptions trainer)
    {
        // The shared options, so enums read as the manifest writes them ("relu"), not as numbers.
        var json = JsonSerializer.SerializeToElement(trainer, JsonText.Options(indented: false));
        return json.EnumerateObject().Where(p => p.Name != "family").ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
