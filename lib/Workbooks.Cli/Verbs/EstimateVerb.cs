using System.CommandLine;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Windows;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks estimate --reference FILE --analysis FILE --score COL --prediction COL [--label COL]
/// [--chunk-size N | --chunks N | --period day|week|month --timestamp COL]</c>: fits CBPE for a binary
/// classifier (or, when --score is a prefix of per-class probability columns, a multiclass one) on the labelled reference file and prints, as one JSON object, the estimated metrics of every
/// analysis chunk with their bands, plus the realized metrics when the analysis file has the label column too.
/// </summary>
public sealed class EstimateVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var reference = new Option<string>("--reference") { Description = "Reference CSV (optionally .csv.gz): scores, predictions and labels of a period the model did well on.", Required = true };
        var analysis = new Option<string>("--analysis") { Description = "Analysis CSV: scores and predictions (labels optional) of the period to estimate.", Required = true };
        var score = new Option<string>("--score") { Description = "Column with P(positive class), in [0, 1]; or, for a multiclass model, the prefix of one probability column per class (p_ for p_cat, p_dog).", Required = true };
        var prediction = new Option<string>("--prediction") { Description = "Column with the predicted class (0/1, or text with --positive-label).", Required = true };
        var label = new Option<string>("--label") { Description = "Column with the true class; required in the reference, optional in the analysis (default: label).", DefaultValueFactory = _ => "label" };
        var positive = new Option<string?>("--positive-label") { Description = "Text value meaning the positive class in text prediction/label columns (default: 1/true/yes)." };
        var chunkSize = new Option<int?>("--chunk-size") { Description = "Rows per chunk (the last chunk holds the rest)." };
        var chunkCount = new Option<int?>("--chunks") { Description = "Number of chunks of near-equal size (default 10 when no chunking is given)." };
        var period = new Option<string?>("--period") { Description = "Chunk by calendar period (hour, day, week, month, quarter, year) of --timestamp." };
        var timestamp = new Option<string?>("--timestamp") { Description = "Column with ISO timestamps, in time order (for --period)." };
        var calibration = new Option<string>("--calibration") { Description = "auto (calibrate when it lowers held-out ECE), always or never.", DefaultValueFactory = _ => "auto" };
        calibration.AcceptOnlyFromAmong("auto", "always", "never");
        var indent = new Option<bool>("--indent") { Description = "Indent the JSON." };

        var command = new Command("estimate", "Estimate a classifier's accuracy, precision, recall, F1, specificity and ROC AUC per chunk without labels (CBPE); print JSON.")
        {
            reference, analysis, score, prediction, label, positive, chunkSize, chunkCount, period, timestamp, calibration, indent,
        };
        command.SetAction(parse =>
        {
            var refTable = Read(parse.GetValue(reference)!, "--reference");
            var anaTable = Read(parse.GetValue(analysis)!, "--analysis");
            string scoreCol = parse.GetValue(score)!, predCol = parse.GetValue(prediction)!, labelCol = parse.GetValue(label)!;
            var positiveLabel = parse.GetValue(positive);
            if (!refTable.HasColumn(labelCol))
                throw new BadInputException($"{refTable.Source}: no label column '{labelCol}' (--label); CBPE learns from a labelled reference. Columns: {string.Join(", ", refTable.ColumnNames)}.");
            var chunks = Chunks(anaTable, parse.GetValue(chunkSize), parse.GetValue(chunkCount), parse.GetValue(period), parse.GetValue(timestamp));
            var options = new CbpeOptions { Calibration = Enum.Parse<CalibrationMode>(parse.GetValue(calibration)!, ignoreCase: true) };
            var estimate = MulticlassColumns.HasScores(refTable, scoreCol)
                ? Multiclass(refTable, anaTable, scoreCol, predCol, labelCol, chunks, options)
                : Binary(refTable, anaTable, scoreCol, predCol, labelCol, positiveLabel, chunks, options);
            context.Out.WriteLine(estimate.ToJson(parse.GetValue(indent)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static PerformanceEstimate Binary(Table reference, Table analysis, string score, string prediction, string label, string? positive, IReadOnlyList<Chunk> chunks, CbpeOptions options)
    {
        var cbpe = BinaryCbpe.Fit(BinaryColumns.Scores(reference, score), BinaryColumns.Classes(reference, prediction, positive),
            BinaryColumns.Classes(reference, label, positive), options);
        var labels = analysis.HasColumn(label) ? BinaryColumns.Classes(analysis, label, positive) : null;
        return cbpe.Estimate(BinaryColumns.Scores(analysis, score), BinaryColumns.Classes(analysis, prediction, positive), chunks, labels);
    }

    /// <summary>--score as a prefix of one probability column per class: multiclass CBPE (macro averages).</summary>
    private static PerformanceEstimate Multiclass(Table reference, Table analysis, string prefix, string prediction, string label, IReadOnlyList<Chunk> chunks, CbpeOptions options)
    {
        var (classes, refScores) = MulticlassColumns.Scores(reference, prefix);
        var (anaClasses, scores) = MulticlassColumns.Scores(analysis, prefix);
        if (!anaClasses.SequenceEqual(classes))
            throw new ArgumentException($"{analysis.Source}: score columns for classes {string.Join(", ", anaClasses)} differ from the reference's {string.Join(", ", classes)}.");
        var cbpe = MulticlassCbpe.Fit(classes, refScores, MulticlassColumns.Classes(reference, prediction, classes), MulticlassColumns.Classes(reference, label, classes), options);
        var labels = analysis.HasColumn(label) ? MulticlassColumns.Classes(analysis, label, classes) : null;
        return cbpe.Estimate(scores, MulticlassColumns.Classes(analysis, prediction, classes), chunks, labels);
    }

    private static Table Read(string path, string option)
    {
        var table = Table.ReadCsv(UserErrors.RequireFile(path, option));
        return table.RowCount > 0 ? table : throw new BadInputException($"{path}: no data rows (only a header) ({option}).");
    }

    private static IReadOnlyList<Chunk> Chunks(Table analysis, int? size, int? count, string? period, string? timestamp)
    {
        int given = (size.HasValue ? 1 : 0) + (count.HasValue ? 1 : 0) + (period is null ? 0 : 1);
        if (given > 1) throw new BadInputException("Give one of --chunk-size, --chunks or --period.");
        if (analysis.RowCount == 0) throw new BadInputException($"{analysis.Source}: no data rows to estimate.");
        if (size is { } s) return s >= 1 ? Chunker.BySize(analysis.RowCount, s) : throw new BadInputException($"--chunk-size must be at least 1, got {s}.");
        if (period is null) return (count ?? 10) is var c and >= 1 ? Chunker.ByCount(analysis.RowCount, c) : throw new BadInputException($"--chunks must be at least 1, got {count}.");
        if (!Enum.TryParse<ChunkPeriod>(period, ignoreCase: true, out var p))
            throw new BadInputException($"--period '{period}' is not one of {string.Join(", ", Enum.GetNames<ChunkPeriod>().Select(n => n.ToLowerInvariant()))}.");
        if (timestamp is null) throw new BadInputException("--period needs --timestamp naming the time column.");
        if (!analysis.HasColumn(timestamp)) throw new BadInputException($"{analysis.Source}: no timestamp column '{timestamp}' (--timestamp).");
        try { return Chunker.ByPeriod(analysis.Dates(timestamp), p); }
        catch (FormatException e) { throw new BadInputException(e.Message); }
        catch (ArgumentException e) { throw new BadInputException($"{analysis.Source}: {e.Message}"); }
    }
}
