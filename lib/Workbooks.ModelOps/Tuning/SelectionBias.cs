using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Tuning;

/// <summary>
/// How much choosing a model by its score on some rows flatters that score (the winner's curse of tuning on the test
/// set). The rows are split at random into two halves many times; each time the model with the best score on the
/// first half is picked, and its score there is compared with its score on the second half, rows that took no part in
/// the choice. A model fixed in advance (chosen by validation) is scored on the same halves for comparison: its two
/// means agree up to noise, while the picked model's first-half mean is higher than its second-half mean by the
/// optimism of the choice.
/// </summary>
public sealed record SelectionBias(string Metric, bool HigherIsBetter, int Models, int Repeats, double PickedOnChoiceRows, double PickedOnFreshRows,
    double FixedOnChoiceRows, double FixedOnFreshRows)
{
    /// <summary>How much better the picked model looks on the rows it was picked on than on fresh rows (in the metric's units, positive = flattered).</summary>
    public double Optimism => HigherIsBetter ? PickedOnChoiceRows - PickedOnFreshRows : PickedOnFreshRows - PickedOnChoiceRows;

    /// <summary>Measures it for <paramref name="models"/> scored on <paramref name="rows"/> (table row indices); <paramref name="fixedModel"/>
    /// is the index of the model chosen without looking at these rows.</summary>
    public static SelectionBias Measure(TuningData data, IReadOnlyList<TrainedModel> models, IReadOnlyList<int> rows, int fixedModel,
        int repeats = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(data); ArgumentNullException.ThrowIfNull(models);
        if (models.Count < 2) throw new ArgumentException("Choosing needs at least two models.");
        if ((uint)fixedModel >= (uint)models.Count) throw new ArgumentOutOfRangeException(nameof(fixedModel), fixedModel, $"There are {models.Count} models.");
        if (rows.Count < 20) throw new ArgumentException($"{rows.Count} rows are too few to split in two.");
        // predict once; every split only regroups the predictions
        var table = data.Data.Table.Rows(rows, $"{data.Data.Table.Source} ({rows.Count} rows)");
        var predictions = models.Select(m => m.Predict(table)).ToList();
        var truths = rows.Select(data.Data.TruthAt).ToArray();
        var random = new SeededRandom(seed);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        double pickedChoice = 0, pickedFresh = 0, fixedChoice = 0, fixedFresh = 0;
        for (int r = 0; r < repeats; r++)
        {
            random.Shuffle(order);
            var choice = order[..(order.Length / 2)]; var fresh = order[(order.Length / 2)..];
            double Score(int model, int[] part) => data.Score(part.Select(i => predictions[model][i]).ToList(), part.Select(i => truths[i]).ToList());
            var onChoice = Enumerable.Range(0, models.Count).Select(m => Score(m, choice)).ToList();
            int picked = 0;
            for (int m = 1; m < onChoice.Count; m++) if (data.IsBetter(onChoice[m], onChoice[picked])) picked = m;
            pickedChoice += onChoice[picked]; pickedFresh += Score(picked, fresh);
            fixedChoice += onChoice[fixedModel]; fixedFresh += Score(fixedModel, fresh);
        }
        return new SelectionBias(data.Metric, data.HigherIsBetter, models.Count, repeats, pickedChoice / repeats, pickedFresh / repeats, fixedChoice / repeats, fixedFresh / repeats);
    }

    public override string ToString() => FormattableString.Invariant($"""
        mean {Metric} over {Repeats} random halvings of the held-out rows, {Models} models:
          picked by its score on the choice half:  {PickedOnChoiceRows:0.0000} there, {PickedOnFreshRows:0.0000} on the fresh half (optimism {Optimism:+0.0000;-0.0000})
          fixed in advance by validation:          {FixedOnChoiceRows:0.0000} there, {FixedOnFreshRows:0.0000} on the fresh half
        """);
}
