using System.Globalization;

namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// Seasonal (recurring) drift: a 3-hourly series over two years starting 2023-01-01. Temperature follows a yearly
/// cycle (mean 12 °C, amplitude 10 °C, coldest around 20 January) plus a daily cycle (±4 °C, warmest at 15:00) and
/// N(0, 2²) noise; rain is likelier in winter (45%) than summer (15%); demand = 100 + 3·|temperature − 18| + 20 in
/// daytime (08:00-20:00) + N(0, 5²). The distribution changes with the seasons and the same season recurs a year
/// later, so a detector should fire at each season and a reference window from last year's season should match.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new SeasonalDriftGenerator().Rows);
/// // prints: 5848
/// </code>
/// </example>
public sealed class SeasonalDriftGenerator(int years = 2, int hoursPerStep = 3, ulong seed = 365) : IScenarioGenerator
{
    private static readonly DateTime Start = new(2023, 1, 1);

    public string Name => "seasonal_drift";
    public string Description => FormattableString.Invariant($"{years} years of {hoursPerStep}-hourly rows from 2023-01-01: temperature with yearly and daily cycles, rain likelier in winter, demand driven by temperature and daytime. Recurring drift: the change points are the summer and winter halves of each year.");
    public string Reference => "Recurring seasonal drift, as in the Nebraska weather benchmark of R. Elwell and R. Polikar, IEEE TNN 22(10), 2011 (here simulated).";
    public ulong Seed => seed;
    public int Rows => (int)((Start.AddYears(years) - Start).TotalHours / hoursPerStep);
    public IReadOnlyList<ChangePoint> ChangePoints =>
        Enumerable.Range(0, years).SelectMany(y => new[]
        {
            new ChangePoint(RowAt(new DateTime(2023 + y, 4, 21)), RowAt(new DateTime(2023, 3, 1)), FormattableString.Invariant($"{2023 + y}: winter → summer (temperature mean rises ~20 °C, rain falls 45% → 15%)")),
            new ChangePoint(RowAt(new DateTime(2023 + y, 10, 21)), RowAt(new DateTime(2023, 3, 1)), FormattableString.Invariant($"{2023 + y}: summer → winter (the reverse; the winter regime recurs)")),
        }).ToArray();

    private int RowAt(DateTime time) => (int)((time - Start).TotalHours / hoursPerStep);

    /// <summary>The expected (noise-free) temperature at <paramref name="time"/>.</summary>
    public static double MeanTemperature(DateTime time) =>
        12 - 10 * Math.Cos(2 * Math.PI * (time.DayOfYear - 20) / 365.0) + 4 * Math.Cos(2 * Math.PI * (time.Hour - 15) / 24.0);

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        int rows = Rows;
        var columns = new ScenarioColumns(rows);
        var timestamp = columns.Labels("timestamp");
        var hour = columns.Numbers("hour");
        var temperature = columns.Numbers("temperature");
        var rain = columns.Labels("rain");
        var demand = columns.Numbers("demand");
        for (int i = 0; i < rows; i++)
        {
            var time = Start.AddHours((double)i * hoursPerStep);
            timestamp[i] = time.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            hour[i] = time.Hour;
            temperature[i] = Math.Round(MeanTemperature(time) + random.Normal(0, 2), 1);
            // Rain probability follows the same yearly cycle: 45% mid-winter, 15% mid-summer.
            double pRain = 0.30 + 0.15 * Math.Cos(2 * Math.PI * (time.DayOfYear - 20) / 365.0);
            rain[i] = random.Chance(pRain) ? "yes" : "no";
            bool daytime = time.Hour is >= 8 and < 20;
            demand[i] = Math.Round(100 + 3 * Math.Abs(temperature[i] - 18) + (daytime ? 20 : 0) + random.Normal(0, 5), 1);
        }
        return columns.Build(Name);
    }
}
