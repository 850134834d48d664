using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Tuning;
using Workbooks.Notebooks.Reports;
using Workbooks.Walkthroughs;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks tune --dataset NAME --trainer fasttree|lightgbm|linear [--searcher random|halving] [--trials N]
/// [--time SECONDS] [--seed S] [--json FILE|-] [--registry DIR --name NAME]</c>: tunes a trainer's hyperparameters on a catalog dataset (k-fold, or
/// time-ordered folds for time-ordered data) and measures the defaults and the best on the same held-out rows; with --registry the best model is registered, the search as its lineage.
/// </summary>
public sealed class TuneVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = $"A catalog dataset ({string.Join(", ", DatasetCatalog.Names)}).", Required = true };
        var trainer = new Option<string>("--trainer") { Description = "Trainer family: fasttree, lightgbm or linear.", Required = true };
        var searcher = new Option<string>("--searcher") { Description = "random (every trial at the full budget) or halving (successive halving).", DefaultValueFactory = _ => "random" };
        var trials = new Option<int>("--trials") { Description = "Configurations to draw.", DefaultValueFactory = _ => 20 };
        var time = new Option<double?>("--time") { Description = "Wall-time budget in seconds: no trial starts after it." };
        var seed = new Option<int>("--seed") { Description = "Seed of the draws, folds, held-out split and trainers.", DefaultValueFactory = _ => 1 };
        var folds = new Option<int>("--folds") { Description = "Validation folds.", DefaultValueFactory = _ => 3 };
        var rows = new Option<int?>("--rows") { Description = "Use only this many rows (the first of time-ordered data, a seeded sample of others)." };
        var resource = new Option<string>("--resource") { Description = "What halving shrinks on early rungs: rows or trees.", DefaultValueFactory = _ => "rows" };
        var json = new Option<string?>("--json") { Description = "Write the JSON result to this file, or to standard output with '-'." };
        var registry = new Option<string?>("--registry") { Description = "Register the best model in this model registry folder (with --name), the search as its lineage." };
        var name = new Option<string?>("--name") { Description = "The registered model's name (with --registry)." };
        var command = new Command("tune", "Tune a trainer's hyperparameters (random search or successive halving); compare the best with the defaults on held-out rows.");
        foreach (var o in new Option[] { dataset, trainer, searcher, trials, time, seed, folds, rows, resource, json, registry, name })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            string datasetName = parse.GetValue(dataset)!, family = parse.GetValue(trainer)!, search = parse.GetValue(searcher)!, shrink = parse.GetValue(resource)!;
            if (!DatasetCatalog.Names.Contains(datasetName)) throw new BadInputException($"--dataset: no catalog dataset '{datasetName}'; use one of {string.Join(", ", DatasetCatalog.Names)}.");
            if (!SearchSpace.Families.Contains(family)) throw new BadInputException($"--trainer: '{family}' is not one of {string.Join(", ", SearchSpace.Families)}.");
            if (search is not ("random" or "halving")) throw new BadInputException($"--searcher: '{search}' is not random or halving.");
            if (shrink is not ("rows" or "trees")) throw new BadInputException($"--resource: '{shrink}' is not rows or trees.");
            int n = parse.GetValue(trials), k = parse.GetValue(folds);
            if (n < 1) throw new BadInputException($"--trials must be at least 1, not {n}.");
            if (parse.GetValue(time) is { } t && !(t > 0)) throw new BadInputException($"--time must be a positive number of seconds, not {t.ToString(CultureInfo.InvariantCulture)}.");
            if (k < 2) throw new BadInputException($"--folds must be at least 2, not {k}.");
            string? registryDir = parse.GetValue(registry), modelName = parse.GetValue(name);
            if ((registryDir is null) != (modelName is null)) throw new BadInputException("Give --registry DIR and --name NAME together.");
            if (modelName is not null)
            {
                try { ModelReference.CheckName(modelName); }
                catch (FormatException e) { throw new BadInputException($"--name: {e.Message}"); }
            }
            var options = new TuningOptions
            {
                Searcher = search, Trials = n, Seed = parse.GetValue(seed), Folds = k,
                Time = parse.GetValue(time) is { } s ? TimeSpan.FromSeconds(s) : null,
                Resource = shrink == "trees" ? HalvingResource.Trees : HalvingResource.Rows,
            };
            TuningResult result;
            TuningData data;
            try { data = TuningData.ForCatalog(datasetName, parse.GetValue(rows), options.Seed); result = Tuner.Run(data, family, options); }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or KeyNotFoundException) { throw new BadInputException(e.Message); }
            var jsonOut = parse.GetValue(json);
            if (jsonOut == "-") context.Out.WriteLine(result.ToJson());
            else if (jsonOut is not null)
            {
                try { AtomicFile.WriteAllText(jsonOut, result.ToJson(indented: true)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {jsonOut}: {e.Message}"); }
            }
            var summary = jsonOut == "-" ? context.Error : context.Out;
            summary.WriteLine(result.ToString());
            if (registryDir is not null)
            {
                try
                {
                    var version = ModelRegistry.Open(registryDir).RegisterBest(modelName!, result, data, datasetName, createdBy: "cli");
                    summary.WriteLine($"registered {version} in {registryDir}");
                }
                catch (Exception e) when (e is ModelRegistryException or IOException or UnauthorizedAccessException) { throw new BadInputException($"--registry {registryDir}: {e.Message}"); }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
