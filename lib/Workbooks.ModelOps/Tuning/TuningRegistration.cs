using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Registry;

namespace Workbooks.ModelOps.Tuning;

/// <summary>Registers a search's best model with the search as its lineage: the rows it was trained on (count and SHA-256),
/// its trainer and hyperparameters, its held-out metric next to the defaults' on the same rows, and the search itself
/// (searcher, trials, seed, folds, and the whole <c>workbooks tune</c> document as the <c>tuning_json</c> tag).</summary>
public static class TuningRegistration
{
    public static ModelVersionInfo RegisterBest(this ModelRegistry registry, string name, TuningResult result, TuningData data, string dataset,
        string createdBy = "api")
    {
        ArgumentNullException.ThrowIfNull(registry); ArgumentNullException.ThrowIfNull(result); ArgumentNullException.ThrowIfNull(data);
        var rows = result.SearchRows;
        var table = data.Data.Table.Rows(rows, $"{data.Data.Table.Source} ({rows.Count} rows)");
        // time-ordered search rows are one contiguous span; a sample of shuffled rows has no range to name
        var range = data.TimeOrdered && rows.Count > 0 ? DataRange.Rows(rows[0], rows[^1] + 1) : null;
        var options = result.Options ?? new TuningOptions();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return registry.Register(name, result.BestModel, new RegisterOptions
        {
            Description = result.ToString(),
            CreatedBy = createdBy,
            Lineage = ModelLineage.ForTable(dataset, table, range),
            Metrics = new Dictionary<string, double>
            {
                [result.Metric] = result.Best.Value, [$"default_{result.Metric}"] = result.Default.Value, [$"validation_{result.Metric}"] = result.BestTrial.Value,
            },
            Tags = new Dictionary<string, string>
            {
                ["tuning_searcher"] = result.Searcher, ["tuning_trials"] = result.Trials.Count.ToString(CultureInfo.InvariantCulture),
                ["tuning_seed"] = options.Seed.ToString(CultureInfo.InvariantCulture), ["tuning_folds"] = $"{options.Folds}{(data.TimeOrdered ? " time-ordered" : " k-fold")}",
                ["tuning_holdout_rows"] = result.HoldoutRows.Count.ToString(CultureInfo.InvariantCulture), ["tuning_improvement"] = F(result.Improvement),
                ["tuning_json"] = result.ToJson(),
            },
        });
    }
}
