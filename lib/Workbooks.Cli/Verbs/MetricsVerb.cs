using System.CommandLine;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks metrics --task binary|multiclass|regression|ranking --input FILE [--label COL] [--prediction COL]
/// [--score COL] [--query COL] [--k N]</c>: prints every metric of the task as one JSON object keyed by
/// snake_case name. Column meanings per task are those of <see cref="MetricColumns"/>.
/// </summary>
public sealed class MetricsVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var task = new Option<string>("--task") { Description = "binary, multiclass, regression or ranking.", Required = true };
        task.AcceptOnlyFromAmong("binary", "multiclass", "regression", "ranking");
        var input = new Option<string>("--input") { Description = "CSV file (optionally .csv.gz) with a header row.", Required = true };
        var label = new Option<string?>("--label") { Description = "Actual label column; for ranking, the graded relevance (default: label, or relevance for ranking)." };
        var prediction = new Option<string?>("--prediction") { Description = "Predicted class or value column (default: prediction; binary without it: score >= 0.5)." };
        var score = new Option<string?>("--score") { Description = "Binary: P(positive) column. Multiclass: prefix of per-class probability columns (e.g. p_ for p_a, p_b). Ranking: the model's score (default: score)." };
        var query = new Option<string?>("--query") { Description = "Ranking: query id column (default: query)." };
        var k = new Option<int>("--k") { Description = "Ranking: cut-off for @k metrics (default 10).", DefaultValueFactory = _ => 10 };

        var command = new Command("metrics", "Compute every quality metric of a task from a CSV of labels and predictions; print one JSON object. "
            + "Binary: label 0/1, score = P(1), prediction (default score >= 0.5). Multiclass: label, prediction, optional p_<class> columns. "
            + "Regression: label, prediction. Ranking: one row per (query, document) with columns query, relevance, score.")
        {
            task, input, label, prediction, score, query, k,
        };
        command.SetAction(parse =>
        {
            var kind = Enum.Parse<MetricTask>(parse.GetValue(task)!, ignoreCase: true);
            var path = parse.GetValue(input)!;
            UserErrors.RequireFile(path, "--input");
            int cutoff = parse.GetValue(k);
            if (cutoff < 1) throw new BadInputException($"--k must be at least 1, got {cutoff}.");
            var explicitColumns = new HashSet<string>();
            string Pick(Option<string?> option, string property, string fallback)
            {
                var v = parse.GetValue(option);
                if (v is null) return fallback;
                explicitColumns.Add(property);
                return v;
            }
            var columns = new MetricColumns
            {
                Label = Pick(label, nameof(MetricColumns.Label), kind == MetricTask.Ranking ? "relevance" : "label"),
                Prediction = Pick(prediction, nameof(MetricColumns.Prediction), "prediction"),
                Score = Pick(score, nameof(MetricColumns.Score), kind == MetricTask.Multiclass ? "p_" : "score"),
                Query = Pick(query, nameof(MetricColumns.Query), "query"),
                K = cutoff,
                Explicit = explicitColumns,
            };
            context.Out.WriteLine(TableMetrics.Evaluate(Table.ReadCsv(path), kind, columns).ToJson());
            return ExitCodes.Success;
        });
        return command;
    }
}
