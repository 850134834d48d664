using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Tuning;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks tune --dataset NAME --trainer fasttree|lightgbm|linear [--searcher random|halving] [--trials N]
/// [--time SECONDS] [--seed S] [--json FILE|-]</c>: tunes a trainer's hyperparameters on a catalog dataset (k-fold, or
/// time-ordered folds for time-ordered data) and measures the defaults and the best on the same held-out rows.
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
        var command = new Command("tune", "Tune a trainer's hyperparameters (random search or successive halving); compare the best with the defaults on held-out rows.");
        foreach (var o in new Option[] { dataset, trainer, searcher, trials, time, seed, folds, rows, resource, json })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            string name = parse.GetValue(dataset)!, family = parse.GetValue(trainer)!, search = parse.GetValue(searcher)!, shrink = parse.GetValue(resource)!;
            if (!DatasetCatalog.Names.Contains(name)) throw new BadInputException($"--dataset: no catalog dataset '{name}'; use one of {string.Join(", ", DatasetCatalog.Names)}.");
            if (!SearchSpace.Families.Contains(family)) throw new BadInputException($"--trainer: '{family}' is not one of {string.Join(", ", SearchSpace.Families)}.");
            if (search is not ("random" or "halving")) throw new BadInputException($"--searcher: '{search}' is not random or halving.");
            if (shrink is not ("rows" or "trees")) throw new BadInputException($"--resource: '{shrink}' is not rows or trees.");
            int n = parse.GetValue(trials), k = parse.GetValue(folds);
            if (n < 1) throw new BadInputException($"--trials must be at least 1, not {n}.");
            if (parse.GetValue(time) is { } t && !(t > 0)) throw new BadInputException($"--time must be a positive number of seconds, not {t.ToString(CultureInfo.InvariantCulture)}.");
            if (k < 2) throw new BadInputException($"--folds must be at least 2, not {k}.");
            var options = new TuningOptions
            {
                Searcher = search, Trials = n, Seed = parse.GetValue(seed), Folds = k,
                Time = parse.GetValue(time) is { } s ? TimeSpan.FromSeconds(s) : null,
                Resource = shrink == "trees" ? HalvingResource.Trees : HalvingResource.Rows,
            };
            TuningResult result;
            try { result = Tuner.Run(TuningData.ForCatalog(name, parse.GetValue(rows), options.Seed), family, options); }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or KeyNotFoundException) { throw new BadInputException(e.Message); }
            var jsonOut = parse.GetValue(json);
            if (jsonOut == "-") context.Out.WriteLine(result.ToJson());
            else if (jsonOut is not null)
            {
                try { AtomicFile.WriteAllText(jsonOut, result.ToJson(indented: true)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {jsonOut}: {e.Message}"); }
            }
            (jsonOut == "-" ? context.Error : context.Out).WriteLine(result.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
