using System.CommandLine;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Retraining;
using Workbooks.Notebooks.Reports;
using Workbooks.Walkthroughs;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks backtest --dataset NAME --strategy never|periodic:N|drift:DETECTOR|quality:THRESHOLD [--window sliding:N|expanding]
/// [--initial N] [--report-every N] [--json FILE|-]</c>: a prequential (test-then-train) backtest of a retraining strategy on a
/// catalog dataset, with the online and no-change baselines on the same rows.
/// </summary>
public sealed class BacktestVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = $"A catalog dataset ({string.Join(", ", DatasetCatalog.Names)}).", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "never, periodic:N (every N rows), drift:DETECTOR (on the error stream, e.g. drift:adwin), quality:THRESHOLD (accuracy below, or MAE above).", Required = true };
        var window = new Option<string?>("--window") { Description = "Rows a retrained model learns from: sliding:N or expanding (default sliding over --initial rows)." };
        var initial = new Option<int>("--initial") { Description = "Rows that train the first model (not scored).", DefaultValueFactory = _ => 2000 };
        var every = new Option<int>("--report-every") { Description = "Rows per reported window.", DefaultValueFactory = _ => 1000 };
        var json = new Option<string?>("--json") { Description = "Write the JSON result to this file, or to standard output with '-'." };
        var command = new Command("backtest", "Prequential backtest of a retraining strategy against never retraining, an online model and the no-change baseline.");
        foreach (var o in new Option[] { dataset, strategy, window, initial, every, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(dataset)!;
            if (!DatasetCatalog.Names.Contains(name)) throw new BadInputException($"--dataset: '{name}' is not a catalog dataset ({string.Join(", ", DatasetCatalog.Names)}).");
            BacktestResult result;
            try
            {
                var s = RetrainStrategy.Parse(parse.GetValue(strategy)!);
                var options = new BacktestOptions
                {
                    Window = parse.GetValue(window) is { } w ? TrainingWindow.Parse(w) : null,
                    InitialRows = parse.GetValue(initial), ReportEvery = parse.GetValue(every),
                };
                result = PrequentialBacktest.Run(name, s, options);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or KeyNotFoundException)
            {
                throw new BadInputException(e.Message);
            }
            if (parse.GetValue(json) is { } target)
            {
                if (target == "-") { context.Out.WriteLine(result.ToJson()); return ExitCodes.Success; }
                try { AtomicFile.WriteAllText(target, result.ToJson()); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new BadInputException($"cannot write {target}: {e.Message}");
                }
            }
            context.Out.WriteLine(result);
            return ExitCodes.Success;
        });
        return command;
    }
}
