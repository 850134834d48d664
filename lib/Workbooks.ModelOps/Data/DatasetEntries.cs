using Workbooks.ModelOps.Data.Preparation;
using T = Workbooks.ModelOps.Data.DatasetColumnType;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// The catalogued datasets. Origins, licences, columns and mirror checksums follow the bundled data README
/// (<c>data/datasets/README.md</c>, <c>SHA256SUMS</c>). Source URLs are pinned to the commits that README names;
/// where only the abbreviated commit is known, the URL uses it (GitHub resolves abbreviated commit ids).
/// </summary>
internal static class DatasetEntries
{
    private const string Zskpp = "https://raw.githubusercontent.com/ZSKPP/feature-drift/53e4f82/DATA%20real/";
    private const string ZskppNote = "commit 53e4f82 as the data README names it; its full id could not be resolved offline";
    private const string Bike = "https://raw.githubusercontent.com/ardasengun04/bike-sharing-data/2ddf5e302aac50a56e6ebee5ae14054e9d880500/Bike-Sharing-Dataset/";
    private const string Adult = "https://raw.githubusercontent.com/vukk/lfr/ed62ba97952b233be794314ce2ed748877edfeeb/data/adult-delve/Source/";
    private const string Thu = "https://raw.githubusercontent.com/songqiaohu/THU-Concept-Drift-Datasets-v1.0/eca54a2/Harvard_Concept_Drift_Datasets/";
    private const string ThuNote = "commit eca54a2 as the data README names it (full id not resolvable offline; the search index holds the same path, same size, at 8778a99d478cc7b49cb772587c0c774471fd5d8c)";
    private const string Unchanged = "equals the mirror file's SHA-256: the data README says the bytes are unchanged";
    private const string UnchangedGz = "equals the SHA-256 of the mirror file after gunzip: the data README says the content is unchanged, only gzipped";
    private const string UnknownOffline = "not known: it could not be established offline; the prepared CSV's SHA-256 is verified instead";
    private const string Uci = "CC BY 4.0 (UCI Machine Learning Repository).";
    private const string NoLicence = "None formal. The ZSKPP/feature-drift README says its data \"can be downloaded and used without restrictions\" and asks for a citation (Porwik et al. 2024).";

    private const string Lobo = "J. L. Lobo, \"Synthetic datasets for concept drift detection purposes\", Harvard Dataverse, 2020, doi:10.7910/DVN/5OWRGB";
    private const string SeaConcepts = "SEA concepts: W. N. Street and Y. Kim, \"A streaming ensemble algorithm (SEA) for large-scale classification\", KDD 2001";
    private const string StaggerConcepts = "STAGGER concepts: J. C. Schlimmer and R. H. Granger, \"Incremental learning from noisy data\", Machine Learning 1(3), 1986";

    public static readonly IReadOnlyList<DatasetInfo> All =
    [
        new()
        {
            Name = "elec2",
            Description = "Elec2: NSW electricity market 1996-1998 (MOA elecNormNew), 30-minute steps; class UP/DOWN = price vs its 24-hour average. The standard real concept-drift benchmark.",
            Licence = NoLicence,
            Citation = "M. Harries, \"Splice-2 comparative evaluation: Electricity pricing\", University of New South Wales, 1999.",
            Sources = [new(Zskpp + "Electricity.zip", null, UnknownOffline + "; " + ZskppNote)],
            Preparation = new ArffToCsvPreparation("Electricity.arff",
                new TimestampColumn("timestamp", new DateTime(1996, 5, 7, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.FromMinutes(30), "yyyy-MM-dd'T'HH:mm")),
            MirrorFile = "electricity_elec2.csv.gz",
            MirrorSha256 = "04d30c002f3fcde35d0fe6fc79f8d5425e347de4b2a91016cb33addd86ea75ab",
            CsvSha256 = "cc99e0d806788eec6231c9352100a0c2996c46968ef7fc8b1a4e535d82a0a160",
            RowCount = 45_312,
            Columns =
            [
                new("timestamp", T.DateTime, "yyyy-MM-dd'T'HH:mm"), new("date", T.Double), new("day", T.Int32), new("period", T.Double),
                new("nswprice", T.Double), new("nswdemand", T.Double), new("vicprice", T.Double), new("vicdemand", T.Double),
                new("transfer", T.Double), new("class", T.String),
            ],
        },
        BikeSharing("bike_sharing_hour", "hour.csv", hourly: true, 17_379,
            "e03de4ee4ef4dc376ac6e04bf829673c6269e8eba5c60fa121640fa2f829504f"),
        BikeSharing("bike_sharing_day", "day.csv", hourly: false, 731,
            "a6bcf826782d3c0fbfdcbeead17cd0884185a0dafe8ff10cd48a874ee7ba18be"),
        new()
        {
            Name = "adult",
            Description = "UCI Adult / Census Income (1994): income <=50K / >50K; train and test joined with a split column. Not temporal: split by a feature to make covariate shift.",
            Licence = Uci,
            Citation = "R. Kohavi, \"Scaling up the accuracy of naive-Bayes classifiers: a decision-tree hybrid\", KDD 1996.",
            Sources =
            [
                new(Adult + "adult.data.gz", null, UnknownOffline + " (uncompressed, the original UCI adult.data is 3,974,305 bytes)"),
                new(Adult + "adult.test.gz", null, UnknownOffline + " (uncompressed, the original UCI adult.test is 2,003,153 bytes)"),
            ],
            Preparation = new AdultPreparation(),
            MirrorFile = "adult.csv.gz",
            MirrorSha256 = "ae0655a69eefdf7e0186431236d13982bc29cb8c1ab2dcc1bd68dae2ecec0d92",
            CsvSha256 = "d99d5b2c07ff6c7e09b6e0cefe115f6835d5c7b6efebdb9276238f1243c6369b",
            RowCount = 48_842,
            Columns = AdultPreparation.Columns.Select(name => new DatasetColumn(name,
                name is "age" or "fnlwgt" or "education-num" or "capital-gain" or "capital-loss" or "hours-per-week" ? T.Int32 : T.String)).ToArray(),
        },
        new()
        {
            Name = "weather_nebraska",
            Description = "NOAA daily weather at Offutt AFB, Bellevue, Nebraska, 1949-1999 in time order (some days missing); rain TRUE/FALSE. Seasonal, recurring drift.",
            Licence = "None in the source repositories; NOAA data, normally US public domain.",
            Citation = "R. Elwell and R. Polikar, \"Incremental learning of concept drift in nonstationary environments\", IEEE TNN 22(10), 2011.",
            Sources = [new("https://raw.githubusercontent.com/Anjin-Liu/ConceptDriftDatasets/3204807/RealWorld/Classification/weather/weather.arff", null,
                UnknownOffline + "; commit 3204807 as the data README names it (full id not resolvable offline)")],
            Preparation = new ArffToCsvPreparation(),
            MirrorFile = "weather_nebraska.csv.gz",
            MirrorSha256 = "d77678b82495da8c52873b23501a055327105626b50e7d165ca20a11599b825e",
            CsvSha256 = "2685f3180bc43803b4b6af0f2951fe1696bd700e03e9c8ad98cbd2d70ea5299c",
            RowCount = 18_159,
            Columns =
            [
                new("Temperature", T.Double), new("DewPoint", T.Double), new("SeaLevelPressure", T.Double), new("Visibility", T.Double),
                new("AverageWindSpeed", T.Double), new("MaximumSustainedWindSpeed", T.Double), new("MaximumTemperature", T.Double),
                new("MinimumTemperature", T.Double), new("rain", T.Boolean),
            ],
        },
        new()
        {
            Name = "weather_seattle_newyork",
            Description = "Daily weather in Seattle then New York, 2012-2015 (vega-datasets weather.csv); label sun/rain/fog/drizzle/snow. Seasonal drift and a location shift.",
            Licence = "vega-datasets is BSD-3-Clause; its datapackage.json gives this resource the licence \"U.S. Government Dataset\" (NOAA Climate Data Online).",
            Citation = "vega-datasets 3.2.1, data/weather.csv (NOAA Climate Data Online).",
            Sources = [new("https://registry.npmjs.org/vega-datasets/-/vega-datasets-3.2.1.tgz", null,
                UnknownOffline + " (npm publishes a SHA-512 integrity for the tarball); the entry package/data/weather.csv " + Unchanged)],
            Preparation = new CopyPreparation("package/data/weather.csv"),
            MirrorFile = "weather_seattle_newyork.csv",
            MirrorSha256 = "27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549",
            CsvSha256 = "27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549",
            RowCount = 2_922,
            Columns =
            [
                new("location", T.String), new("date", T.DateTime, "yyyy-MM-dd"), new("precipitation", T.Double),
                new("temp_max", T.Double), new("temp_min", T.Double), new("wind", T.Double), new("weather", T.String),
            ],
        },
        new()
        {
            Name = "insects_gradual_balanced",
            Description = "INSECTS gradual, balanced: 33 optical-sensor wingbeat features of mosquitoes, 6 classes; gradual drift from a temperature change during recording.",
            Licence = NoLicence,
            Citation = "V. M. A. Souza, D. M. dos Reis, A. G. Maletzke and G. E. A. P. A. Batista, \"Challenges in benchmarking stream learning algorithms with real-world data\", Data Mining and Knowledge Discovery, 2020 (arXiv:2005.00113).",
            Sources = [new(Zskpp + "Insects/gradual_balanced_24150.zip", null,
                UnknownOffline + " for the zip; its CSV entry (6,474,831 bytes, the size river registers) has SHA-256 69128fe3743645e6ac04727603d22a71e6a5d4611b2b4c6b342959d642f48c0b, the mirror's table without its added header line; " + ZskppNote)],
            Preparation = new PrependHeaderPreparation(string.Join(',', Enumerable.Range(1, 33).Select(i => $"Att{i}")) + ",class", ".csv"),
            MirrorFile = "insects_gradual_balanced.csv.gz",
            MirrorSha256 = "f553171ba8d1b24cc29074b3ced2c5ef03b9c4beaab50f6c8909b3c531cf9664",
            CsvSha256 = "d916acdd3f09befe265a9b0ce2a1c4e7acf8eb63c2b6265205af8d2017aa6907",
            RowCount = 24_150,
            Columns = [.. Enumerable.Range(1, 33).Select(i => new DatasetColumn($"Att{i}", T.Double)), new("class", T.String)],
        },
        Synthetic("sea_abrupt", "sea_0123_abrupto_noise_0.2.csv", 40_000,
            "SEA concepts 0-1-2-3 with abrupt drift at rows 10,000 / 20,000 / 30,000 and 20% label noise.",
            "d63bc1c17648177ddb938c83b148b4ad91d656dbe38bbf89b9566a1161161ac3", "cc0d43e011db0b0dfc898128b106f1bafba30f63affa1a3bc6099d0d88e2a703", categorical: false),
        Synthetic("sea_gradual", "sea_0123_gradual_noise_0.2.csv", 41_000,
            "SEA concepts 0-1-2-3 with gradual drifts centred at rows 9,500 / 20,000 / 30,500, each 1,000 rows wide (as the source states), 20% label noise.",
            "1a7555f44f85dddbc3a6868212282b18462ef88f6a312f10e4c3fd7191bc7c53", "9b1c8e696cab0a729e609fa85c80e780f220bbbc446fb0e9c39470a450ec5b39", categorical: false),
        Synthetic("stagger_abrupt", "stagger_0120_abrupto.csv", 40_000,
            "STAGGER concepts 0-1-2-0 (size/colour/shape coded 0/1/2) with abrupt drift at rows 10,000 / 20,000 / 30,000.",
            "f9053a01cdbff66d5f1e41cf36174e2a9f0ea7be94c6b58c7a6eb1fe8f91538b", "9e05928dd84f59165697e1f06d9f1d36b4d87d6a00aa54755a6595fd0ecede70", categorical: true),
    ];

    private static DatasetInfo BikeSharing(string name, string file, bool hourly, int rows, string sha256)
    {
        var codes = hourly ? new[] { "season", "yr", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit" }
                           : ["season", "yr", "mnth", "holiday", "weekday", "workingday", "weathersit"];
        return new()
        {
            Name = name,
            Description = $"UCI Bike Sharing, Capital Bikeshare (Washington DC) 2011-2012, {(hourly ? "hourly" : "daily")} rental counts (cnt = casual + registered: do not use those two as features). Seasonal and trend drift.",
            Licence = Uci,
            Citation = "H. Fanaee-T and J. Gama, \"Event labeling combining ensemble detectors and background knowledge\", Progress in Artificial Intelligence, 2013, doi:10.1007/s13748-013-0040-3.",
            Sources = [new(Bike + file, sha256, Unchanged)],
            Preparation = new CopyPreparation(),
            MirrorFile = $"{name}.csv",
            MirrorSha256 = sha256,
            CsvSha256 = sha256,
            RowCount = rows,
            Columns =
            [
                new("instant", T.Int32), new("dteday", T.DateTime, "yyyy-MM-dd"), .. codes.Select(c => new DatasetColumn(c, T.Int32)),
                new("temp", T.Double), new("atemp", T.Double), new("hum", T.Double), new("windspeed", T.Double),
                new("casual", T.Int32), new("registered", T.Int32), new("cnt", T.Int32),
            ],
        };
    }

    private static DatasetInfo Synthetic(string name, string file, int rows, string description, string mirrorSha, string csvSha, bool categorical) => new()
    {
        Name = name,
        Description = $"Synthetic stream (Lobo 2020): {description}",
        Licence = "Harvard Dataverse default terms, CC0 1.0 (from common knowledge; not checked on the page). The THU repository has no licence file.",
        Citation = $"{Lobo}; {(categorical ? StaggerConcepts : SeaConcepts)}.",
        Sources = [new(Thu + file, csvSha, UnchangedGz + "; " + ThuNote)],
        Preparation = new CopyPreparation(),
        MirrorFile = $"{name}.csv.gz",
        MirrorSha256 = mirrorSha,
        CsvSha256 = csvSha,
        RowCount = rows,
        Columns = [.. new[] { "X1", "X2", "X3" }.Select(x => new DatasetColumn(x, categorical ? T.String : T.Double)), new("class", T.Int32)],
    };
}
