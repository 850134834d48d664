using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Simulation;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Monitoring;

/// <summary>Replaying recorded traffic as one simulated day.</summary>
public class TimeCompressionTests
{
    private static readonly DateTime Day = new(2024, 6, 3, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Doc_example_prints_evenly_spaced_half_hours()
    {
        var hours = Enumerable.Range(0, 4).Select(h => new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(6 * h)).ToArray();
        var day = TimeCompression.Map(hours, 0, Day, TimeSpan.FromHours(2));
        Assert.Equal("00:00 00:30 01:00 01:30", string.Join(" ", day.Select(t => t.ToString("HH:mm"))));
    }

    [Fact]
    public void Bike_sharing_hours_span_exactly_one_day_in_order_and_fill_48_half_hour_windows()
    {
        var data = ReplayDataset.ForCatalog("bike_sharing_hour");
        const int from = 3700;
        var day = TimeCompression.Map(data.Times, from, Day, TimeSpan.FromDays(1));
        Assert.Equal(data.RowCount - from, day.Length);
        Assert.Equal(Day, day[0]);
        Assert.True(day[^1] < Day.AddDays(1), $"last row at {day[^1]:O}");
        // the last row owns the last slot: it lands within one mean spacing (1 day / rows) of midnight
        Assert.True(day[^1] >= Day.AddDays(1) - TimeSpan.FromDays(1) / day.Length * 2, $"last row at {day[^1]:O}");
        for (int i = 1; i < day.Length; i++)
        {
            Assert.True(day[i] >= day[i - 1], $"row {from + i} moved before row {from + i - 1}");
            // linear: relative positions are those of the recorded times (to a tick of rounding)
            double recorded = (data.Times[from + i] - data.Times[from]).Ticks / (double)(data.Times[^1] - data.Times[from]).Ticks;
            double simulated = (day[i] - day[0]).Ticks / (double)(day[^1] - day[0]).Ticks;
            Assert.True(Math.Abs(recorded - simulated) < 1e-9, $"row {from + i}: {simulated} of the day, {recorded} of the recorded period");
        }
        var window = WindowSpec.ByTime(TimeSpan.FromMinutes(30));
        var slots = day.Select(t => t.Ticks / window.TimeStep.Ticks).Distinct().ToList();
        Assert.Equal(48, slots.Count);
        Assert.Equal(Day.Ticks / window.TimeStep.Ticks, slots[0]);
    }

    [Fact]
    public void A_compressed_replay_puts_every_window_and_alert_inside_the_day()
    {
        var data = ReplayDataset.ForCatalog("bike_sharing_hour");
        var model = data.Train(0, 3000);
        var baseline = data.Evaluate(model, 3000, 3700);
        var result = TrafficSimulation.Run(data, model, 3700, new SimulationOptions
        {
            Window = WindowSpec.ByTime(TimeSpan.FromMinutes(30)), LabelDelay = 24, CompressInto = TimeSpan.FromDays(1), CompressStart = Day,
        }, baseline);
        Assert.Equal(data.RowCount - 3700, result.RowsReplayed);
        Assert.Equal(48, result.Windows.Count(w => w.Quality.Count > 0));
        Assert.All(result.Windows, w => Assert.InRange(w.Start, Day, Day.AddDays(1)));
        Assert.NotEmpty(result.Alerts);
        Assert.All(result.Alerts, a => Assert.InRange(a.Time, Day, Day.AddDays(1)));
    }

    [Fact]
    public void Bad_span_and_disordered_rows_are_refused()
    {
        var t = new[] { Day, Day.AddHours(2), Day.AddHours(1) };
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeCompression.Map(t, 0, Day, TimeSpan.Zero));
        var e = Assert.Throws<ArgumentException>(() => TimeCompression.Map(t, 0, Day, TimeSpan.FromDays(1)));
        Assert.Contains("row 2", e.Message);
    }
}
