using System.Globalization;
using System.Text;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.Serving.Load;

/// <summary>
/// Walkthrough and benchmark material (notebook 11, <c>benchmarks … serving-load</c>), not part of the service: Bike
/// Sharing (hourly) as service traffic. The champion is trained on 2011, a challenger on 2011 and the first half of
/// 2012; requests are 2012 rows as JSON bodies, either replayed in time order or drawn with Zipf key popularity from
/// a fixed set of distinct rows.
/// </summary>
public sealed class BikeServingScenario
{
    public static readonly IReadOnlyList<string> Features = ["season", "yr", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed"];

    private BikeServingScenario(Table table, int[] rows2011, int[] rows2012, TrainedModel champion, TrainedModel challenger)
    {
        Table = table; Rows2011 = rows2011; Rows2012 = rows2012; Champion = champion; Challenger = challenger;
    }

    public Table Table { get; }
    public IReadOnlyList<int> Rows2011 { get; }
    /// <summary>2012's rows in time order: the traffic.</summary>
    public IReadOnlyList<int> Rows2012 { get; }
    public TrainedModel Champion { get; }
    public TrainedModel Challenger { get; }

    /// <summary>Loads the dataset (catalog: bundled copy first) and trains both models (<paramref name="trees"/> each).</summary>
    public static BikeServingScenario Load(int trees = 60)
    {
        var table = DatasetCatalog.LoadTable("bike_sharing_hour");
        var yr = table["yr"].RequireNumbers();
        var rows2011 = Enumerable.Range(0, table.RowCount).Where(i => yr[i] == 0).ToArray();
        var rows2012 = Enumerable.Range(0, table.RowCount).Where(i => yr[i] == 1).ToArray();
        var trainer = new FastTreeOptions { Trees = trees };
        var champion = TrainedModel.Train(table.Rows(rows2011), "cnt", Features, trainer, ModelTask.Regression);
        var challenger = TrainedModel.Train(table.Rows([.. rows2011, .. rows2012.Take(rows2012.Length / 2)]), "cnt", Features, trainer, ModelTask.Regression);
        return new BikeServingScenario(table, rows2011, rows2012, champion, challenger);
    }

    /// <summary>The request body of table row <paramref name="row"/>: a JSON object of the features.</summary>
    public byte[] Body(int row)
    {
        var sb = new StringBuilder("{");
        foreach (var name in Features)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append('"').Append(name).Append("\":").Append(Table[name].RequireNumbers()[row].ToString("R", CultureInfo.InvariantCulture));
        }
        return Encoding.UTF8.GetBytes(sb.Append('}').ToString());
    }

    /// <summary>A <c>POST /predict</c> body of table row <paramref name="row"/>, typed as JSON.</summary>
    public HttpContent Request(int row)
    {
        var content = new ByteArrayContent(Body(row));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The first <paramref name="count"/> rows of 2012 in time order.</summary>
    public IReadOnlyList<byte[]> Replay(int count) => Rows2012.Take(count).Select(Body).ToArray();

    /// <summary><paramref name="count"/> requests over <paramref name="keys"/> distinct 2012 rows (after the first
    /// <paramref name="skip"/>, so runs can use disjoint keys), key popularity Zipf(<paramref name="exponent"/>); which
    /// row gets which popularity rank is shuffled by the seed.</summary>
    public IReadOnlyList<byte[]> Zipf(double exponent, int keys, int count, ulong seed, int skip = 0)
    {
        var distinct = Rows2012.Skip(skip).Take(keys).ToArray();
        var random = new ModelOps.Data.Generators.SeededRandom(seed ^ 0x5EED);
        for (int i = distinct.Length - 1; i > 0; i--) { int j = random.NextInt(i + 1); (distinct[i], distinct[j]) = (distinct[j], distinct[i]); }
        var bodies = distinct.Select(Body).ToArray();
        return ZipfKeys.Sample(distinct.Length, exponent, count, seed).Select(k => bodies[k]).ToArray();
    }
}
