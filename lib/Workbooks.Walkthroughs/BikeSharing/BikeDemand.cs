namespace Workbooks.Walkthroughs;

/// <summary>
/// Walkthrough material, not library: the bike-demand model of notebooks 01 and 03, built on the generic
/// <see cref="TrainedModel"/>. A FastTree regression of hourly rentals (<c>cnt</c> of catalog dataset
/// <c>bike_sharing_hour</c>) from the calendar and weather (<see cref="Features"/>). The dataset's <c>casual</c> and
/// <c>registered</c> columns are left out on purpose: they add up to <c>cnt</c>, so a model given them would read the
/// answer instead of predicting it (target leakage); the year is left out so that 2012 growth stays unseen. Trained on
/// one year (the walkthroughs use 2011) and replayed on the next, it shows quality decaying as demand drifts.
/// </summary>
/// <example>
/// <code>
/// var hours = ReplayDataset.ForCatalog("bike_sharing_hour");
/// var model = BikeDemand.Train(hours, year: 2011);
/// Console.WriteLine($"{hours.RowCount} {model.Metrics["mae"] &lt; 60} {BikeDemand.FirstRowOf(hours, 2012)}");
/// // prints: 17379 True 8645
/// </code>
/// </example>
public static class BikeDemand
{
    public const string Label = "cnt";

    /// <summary>The columns the model reads (no casual/registered, no year, no row id).</summary>
    public static IReadOnlyList<string> Features { get; } =
        ["season", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed"];

    /// <summary>The walkthroughs' trees: 100 trees of up to 31 leaves.</summary>
    public static FastTreeOptions Trainer { get; } = new() { Trees = 100, Leaves = 31, MinimumRowsPerLeaf = 10, LearningRate = 0.1 };

    /// <summary>The first row of <paramref name="year"/> in the hourly data.</summary>
    public static int FirstRowOf(ReplayDataset hours, int year)
    {
        int row = Array.FindIndex(hours.Times, t => t.Year == year);
        return row >= 0 ? row : throw new ArgumentException($"{hours.Table.Source} has no hours in {year}; it covers {hours.Times[0].Year}-{hours.Times[^1].Year}.");
    }

    /// <summary>Trains on the hours of <paramref name="year"/>, holding out every n-th day (whole days, so hours of one day never
    /// sit on both sides) to measure the validation metrics (mae, rmse, r2) a replay is compared with.</summary>
    public static TrainedModel Train(ReplayDataset hours, int year, int validationEveryNthDay = 5, FastTreeOptions? trainer = null)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (validationEveryNthDay < 2) throw new ArgumentOutOfRangeException(nameof(validationEveryNthDay), validationEveryNthDay, "Hold out every n-th day with n of at least 2.");
        var rows = Enumerable.Range(0, hours.RowCount).Where(r => hours.Times[r].Year == year).ToList();
        if (rows.Count < 100) throw new ArgumentException($"{hours.Table.Source}: training needs at least 100 hours of {year}, got {rows.Count}.");
        bool Held(int r) => hours.Times[r].DayOfYear % validationEveryNthDay == 0;
        var train = hours.Table.Rows(rows.Where(r => !Held(r)).ToArray(), $"bike_sharing_hour {year} training days");
        var heldOut = hours.Table.Rows(rows.Where(Held).ToArray(), $"bike_sharing_hour {year} held-out days");
        var model = TrainedModel.Train(train, Label, Features, trainer ?? Trainer, ModelTask.Regression);
        var report = RegressionMetrics.Evaluate(heldOut[Label].RequireNumbers(), model.PredictScores(heldOut));
        return model.WithMetrics(new Dictionary<string, double> { ["mae"] = report.Mae, ["rmse"] = report.Rmse, ["r2"] = report.R2, ["held_out_hours"] = report.Count });
    }
}
