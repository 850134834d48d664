using System.Globalization;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Models;

/// <summary>
/// One hour of the UCI Bike Sharing data (catalog dataset <c>bike_sharing_hour</c>): the calendar and weather
/// features, and <see cref="Count"/> (<c>cnt</c>), the number of rentals to predict. The dataset's
/// <c>casual</c> and <c>registered</c> columns are left out on purpose: they add up to <c>cnt</c>, so a model
/// given them would read the answer instead of predicting it (target leakage).
/// </summary>
/// <example>
/// <code>
/// var hours = BikeHour.FromTable(DatasetCatalog.LoadTable("bike_sharing_hour"));
/// Console.WriteLine($"{hours.Count} {hours[0].Date:yyyy-MM-dd} {hours[0].Count}");
/// // prints: 17379 2011-01-01 16
/// </code>
/// </example>
public sealed class BikeHour
{
    /// <summary>The day (dteday) plus the hour.</summary>
    [NoColumn] public DateTime Date { get; set; }
    /// <summary>1 winter, 2 spring, 3 summer, 4 autumn.</summary>
    public float Season { get; set; }
    public float Month { get; set; }
    public float Hour { get; set; }
    public float Holiday { get; set; }
    /// <summary>0 = Sunday.</summary>
    public float Weekday { get; set; }
    public float WorkingDay { get; set; }
    /// <summary>1 clear ... 4 heavy rain or snow.</summary>
    public float Weather { get; set; }
    /// <summary>Normalised temperature (°C / 41).</summary>
    public float Temperature { get; set; }
    /// <summary>Normalised feels-like temperature (°C / 50).</summary>
    public float FeelsLike { get; set; }
    /// <summary>Normalised humidity (/ 100).</summary>
    public float Humidity { get; set; }
    /// <summary>Normalised wind speed (/ 67).</summary>
    public float WindSpeed { get; set; }
    /// <summary>Rentals in the hour (the label).</summary>
    [ColumnName("Label")] public float Count { get; set; }

    /// <summary>The feature columns a model may use (no casual/registered, no year, no row id).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = new[]
    {
        nameof(Season), nameof(Month), nameof(Hour), nameof(Holiday), nameof(Weekday), nameof(WorkingDay),
        nameof(Weather), nameof(Temperature), nameof(FeelsLike), nameof(Humidity), nameof(WindSpeed),
    };

    /// <summary>Reads every row of a <c>bike_sharing_hour</c> table; a missing value is an error naming its column and row.</summary>
    public static IReadOnlyList<BikeHour> FromTable(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        string?[] day = table["dteday"].AsLabels();
        double[] Col(string name)
        {
            var values = table[name].RequireNumbers();
            int missing = Array.FindIndex(values, double.IsNaN);
            if (missing >= 0) throw new InvalidDataException($"{table.Source}, column '{name}', row {missing + 1}: the value is missing.");
            return values;
        }
        double[] season = Col("season"), month = Col("mnth"), hour = Col("hr"), holiday = Col("holiday"), weekday = Col("weekday"),
            working = Col("workingday"), weather = Col("weathersit"), temp = Col("temp"), atemp = Col("atemp"), hum = Col("hum"),
            wind = Col("windspeed"), count = Col("cnt");
        var rows = new BikeHour[table.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            if (!DateTime.TryParseExact(day[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{table.Source}, column 'dteday', row {i + 1}: '{day[i]}' is not a yyyy-MM-dd date.");
            rows[i] = new BikeHour
            {
                Date = date.AddHours(hour[i]), Season = (float)season[i], Month = (float)month[i], Hour = (float)hour[i],
                Holiday = (float)holiday[i], Weekday = (float)weekday[i], WorkingDay = (float)working[i], Weather = (float)weather[i],
                Temperature = (float)temp[i], FeelsLike = (float)atemp[i], Humidity = (float)hum[i], WindSpeed = (float)wind[i],
                Count = (float)count[i],
            };
        }
        return rows;
    }
}
