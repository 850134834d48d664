using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Xunit;

namespace Workbooks.Tests.Data.Generators;

/// <summary>The scenario generators are deterministic, the committed data/ files are exactly what they write,
/// and each one's drift is really there at its documented change points.</summary>
public class GeneratorTests
{
    [Fact]
    public void Committed_files_are_regenerated_byte_for_byte()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = ScenarioGenerators.WriteAll(dir);
            Assert.Equal(ScenarioGenerators.All.Count + 1, written.Count);
            foreach (var path in written)
            {
                var committed = Path.Combine(TestEnvironment.RepoRoot, "data", Path.GetFileName(path));
                Assert.True(File.Exists(committed), $"{committed} is missing: run 'workbooks generate --out data'.");
                Assert.Equal(DatasetStore.Sha256Of(committed), DatasetStore.Sha256Of(path));
            }
            long bytes = written.Sum(p => new FileInfo(p).Length);
            Assert.InRange(bytes, 1, 3_000_000); // "a few MB at most"
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Same_seed_same_table_other_seed_other_table()
    {
        string Csv(IScenarioGenerator g)
        {
            var stream = new MemoryStream();
            TableCsvWriter.Write(g.Generate(), stream);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream.ToArray()));
        }
        Assert.Equal(Csv(new SeaGenerator(false)), Csv(new SeaGenerator(false)));
        Assert.NotEqual(Csv(new SeaGenerator(false)), Csv(new SeaGenerator(false, seed: 7)));
        // The random source is fixed by its definition, not by the runtime: first outputs for seed 0.
        var random = new SeededRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
    }

    [Fact]
    public void Doc_example_prints_the_documented_line()
    {
        var sea = new SeaGenerator(gradual: false);
        Assert.Equal("sea_abrupt_drift: 10000 rows, drift at 2500, 5000, 7500",
            $"{sea.Name}: {sea.Rows} rows, drift at {string.Join(", ", sea.ChangePoints.Select(c => c.Row))}");
    }

    [Fact]
    public void Sea_abrupt_label_rule_changes_exactly_at_the_change_points()
    {
        var g = new SeaGenerator(gradual: false);
        var t = g.Generate();
        var (x1, x2, y) = (t["x1"].Numbers!, t["x2"].Numbers!, t["class"].Numbers!);
        var bounds = new[] { 0 }.Concat(g.ChangePoints.Select(c => c.Row)).Append(g.Rows).ToArray();
        for (int k = 0; k < 4; k++)
        {
            double Agree(int concept) => Enumerable.Range(bounds[k], bounds[k + 1] - bounds[k]).Average(i => SeaGenerator.Label(x1[i], x2[i], concept) == y[i] ? 1.0 : 0.0);
            Assert.InRange(Agree(k), 0.88, 0.92); // 10% label noise
            if (k > 0) Assert.True(Agree(k) - Agree(k - 1) > 0.04, $"concept {k}: the previous rule fits as well ({Agree(k - 1):F3} vs {Agree(k):F3})");
            // In the band where the old and new rules disagree, the labels follow the new one.
            if (k > 0)
            {
                var band = Enumerable.Range(bounds[k], bounds[k + 1] - bounds[k]).Where(i => SeaGenerator.Label(x1[i], x2[i], k) != SeaGenerator.Label(x1[i], x2[i], k - 1)).ToList();
                Assert.InRange(band.Average(i => SeaGenerator.Label(x1[i], x2[i], k) == y[i] ? 1.0 : 0.0), 0.8, 1.0);
            }
        }
    }

    [Fact]
    public void Sea_gradual_moves_to_the_new_rule_across_the_transition()
    {
        var g = new SeaGenerator(gradual: true);
        var t = g.Generate();
        var (x1, x2, y) = (t["x1"].Numbers!, t["x2"].Numbers!, t["class"].Numbers!);
        int k = 1;
        foreach (var change in g.ChangePoints)
        {
            Assert.Equal(1000, change.Width);
            double NewRuleShare(int from, int to)
            {
                var band = Enumerable.Range(from, to - from).Where(i => SeaGenerator.Label(x1[i], x2[i], k) != SeaGenerator.Label(x1[i], x2[i], k - 1)).ToList();
                return band.Average(i => SeaGenerator.Label(x1[i], x2[i], k) == y[i] ? 1.0 : 0.0);
            }
            Assert.InRange(NewRuleShare(change.Row - 1500, change.Row - 500), 0, 0.35);
            Assert.InRange(NewRuleShare(change.Row + 500, change.Row + 1500), 0.65, 1);
            k++;
        }
    }

    [Fact]
    public void Stagger_labels_follow_each_concept_exactly_and_concept_A_recurs()
    {
        var g = new StaggerGenerator();
        var t = g.Generate();
        var bounds = new[] { 0 }.Concat(g.ChangePoints.Select(c => c.Row)).Append(g.Rows).ToArray();
        for (int k = 0; k < 4; k++)
        {
            char concept = StaggerGenerator.ConceptOf(k);
            for (int i = bounds[k]; i < bounds[k + 1]; i++)
                Assert.Equal(StaggerGenerator.Label(t["size"].Labels![i]!, t["colour"].Labels![i]!, t["shape"].Labels![i]!, concept), (int)t["class"].Numbers![i]);
        }
        Assert.Equal('A', StaggerGenerator.ConceptOf(3));
        // Paper definitions: A = small and red; B = green or circle; C = medium or large.
        Assert.Equal(1, StaggerGenerator.Label("small", "red", "triangle", 'A'));
        Assert.Equal(0, StaggerGenerator.Label("small", "blue", "triangle", 'A'));
        Assert.Equal(1, StaggerGenerator.Label("large", "blue", "circle", 'B'));
        Assert.Equal(0, StaggerGenerator.Label("small", "red", "square", 'C'));
    }

    [Fact]
    public void Agrawal_functions_follow_the_paper_and_switch_at_the_change_points()
    {
        var a = new AgrawalGenerator.Applicant(Salary: 60e3, Commission: 20e3, Age: 30, Elevel: 1, Car: 3, Zipcode: 2, Hvalue: 500e3, Hyears: 25, Loan: 150e3);
        // Worked by hand from the paper's definitions (age band 0: age < 40; total pay 80K).
        Assert.True(AgrawalGenerator.GroupA(a, 1));                                   // age < 40
        Assert.False(AgrawalGenerator.GroupA(a with { Age = 45 }, 1));                // 40 <= age < 60
        Assert.True(AgrawalGenerator.GroupA(a, 2));                                   // 50K <= salary <= 100K
        Assert.True(AgrawalGenerator.GroupA(a, 3));                                   // elevel in 0..1
        Assert.False(AgrawalGenerator.GroupA(a with { Age = 45, Elevel = 4 }, 4));    // band 1, elevel 4: salary must be 75K..125K
        Assert.True(AgrawalGenerator.GroupA(a, 5));                                   // salary 50K..100K, so loan 100K..300K
        Assert.True(AgrawalGenerator.GroupA(a, 6));                                   // salary + commission = 80K in 50K..100K
        Assert.False(AgrawalGenerator.GroupA(a with { Commission = 50e3 }, 6));       // 110K
        Assert.True(AgrawalGenerator.GroupA(a, 7));                                   // 0.67*80K - 0.2*150K - 20K = 3.6K > 0
        Assert.False(AgrawalGenerator.GroupA(a with { Loan = 400e3 }, 7));            // 53.6K - 80K - 20K < 0
        Assert.False(AgrawalGenerator.GroupA(a with { Salary = 30e3, Commission = 10e3, Elevel = 4 }, 8)); // 26.8K - 20K - 20K < 0
        Assert.True(AgrawalGenerator.GroupA(a, 9));                                   // 53.6K - 5K - 30K - 10K = 8.6K > 0
        var poor = a with { Salary = 30e3, Commission = 10e3, Elevel = 4, Hyears = 10 };
        Assert.False(AgrawalGenerator.GroupA(poor, 10));                              // 26.8K - 20K + 0 - 10K < 0
        Assert.True(AgrawalGenerator.GroupA(poor with { Hyears = 25 }, 10));          // equity 0.1*500K*5 = 250K adds 50K
        Assert.Throws<ArgumentException>(() => new AgrawalGenerator([0]));
        var g = new AgrawalGenerator();
        var t = g.Generate();
        var cols = new[] { "salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears", "loan" }.Select(n => t[n].Numbers!).ToArray();
        var bounds = new[] { 0 }.Concat(g.ChangePoints.Select(c => c.Row)).Append(g.Rows).ToArray();
        for (int k = 0; k < g.Functions.Count; k++)
            for (int i = bounds[k]; i < bounds[k + 1]; i++)
            {
                var row = new AgrawalGenerator.Applicant(cols[0][i], cols[1][i], (int)cols[2][i], (int)cols[3][i], (int)cols[4][i], (int)cols[5][i], cols[6][i], (int)cols[7][i], cols[8][i]);
                Assert.Equal(AgrawalGenerator.GroupA(row, g.Functions[k]) ? 1.0 : 0.0, t["class"].Numbers![i]);
            }
        // P(x) does not drift: salary's mean is the same in the first and last segment (uniform 20K..150K: 85K).
        Assert.InRange(cols[0][..2500].Average(), 83e3, 87e3);
        Assert.InRange(cols[0][7500..].Average(), 83e3, 87e3);
    }
}

public class ShiftGeneratorTests
{
    [Fact]
    public void Covariate_shift_moves_inputs_but_not_the_labelling_rule()
    {
        var t = new CovariateShiftGenerator().Generate();
        var (x1, x3, y, channel) = (t["x1"].Numbers!, t["x3"].Numbers!, t["label"].Numbers!, t["channel"].Labels!);
        Assert.InRange(x1[..5000].Average(), -0.05, 0.05);
        Assert.InRange(x1[5000..].Average(), 0.95, 1.05);
        Assert.InRange(x3[5000..].Average() - x3[..5000].Average(), -0.06, 0.06);       // the control column stays
        Assert.InRange(channel[5000..].Count(c => c == "store") / 5000.0, 0.47, 0.53);
        Assert.InRange(channel[..5000].Count(c => c == "store") / 5000.0, 0.08, 0.12);
        // P(y|x) is unchanged: for web rows with x1 in [0.4, 0.6], the positive rate is the same before and after.
        double Rate(int from, int to) => Enumerable.Range(from, to - from).Where(i => channel[i] == "web" && x1[i] is >= 0.4 and <= 0.6).Average(i => y[i]);
        Assert.InRange(Rate(0, 5000) - Rate(5000, 10000), -0.15, 0.15);
    }

    [Fact]
    public void Label_shift_moves_the_prior_but_not_the_class_conditionals()
    {
        var t = new LabelShiftGenerator().Generate();
        var (x1, y) = (t["x1"].Numbers!, t["label"].Numbers!);
        Assert.InRange(y[..5000].Average(), 0.18, 0.22);
        Assert.InRange(y[5000..].Average(), 0.58, 0.62);
        double MeanX1(int from, int to, int label) => Enumerable.Range(from, to - from).Where(i => y[i] == label).Average(i => x1[i]);
        Assert.InRange(MeanX1(0, 5000, 1), 1.9, 2.1);
        Assert.InRange(MeanX1(5000, 10000, 1), 1.9, 2.1);
        Assert.InRange(MeanX1(0, 5000, 0), -0.1, 0.1);
        Assert.InRange(MeanX1(5000, 10000, 0), -0.1, 0.1);
    }

    [Fact]
    public void Hyperplane_is_stable_then_turns_away_from_its_first_boundary()
    {
        var g = new RotatingHyperplaneGenerator();
        var t = g.Generate();
        var w = g.InitialWeights();
        var x = Enumerable.Range(1, w.Length).Select(i => t[$"x{i}"].Numbers!).ToArray();
        double Accuracy(int from, int to) => Enumerable.Range(from, to - from).Average(i =>
            (Enumerable.Range(0, w.Length).Sum(f => w[f] * x[f][i]) >= 0.5 * w.Sum() ? 1.0 : 0.0) == t["class"].Numbers![i] ? 1.0 : 0.0);
        Assert.InRange(Accuracy(0, g.DriftStart), 0.93, 0.97);        // only the 5% label noise
        Assert.True(Accuracy(g.Rows - 1000, g.Rows) < 0.85, $"the boundary barely moved: {Accuracy(g.Rows - 1000, g.Rows):F3}");
    }

    [Fact]
    public void Seasonal_drift_recurs_a_year_later()
    {
        var t = new SeasonalDriftGenerator().Generate();
        var (time, temp, rain) = (t["timestamp"].Labels!, t["temperature"].Numbers!, t["rain"].Labels!);
        double Mean(string prefix) => Enumerable.Range(0, t.RowCount).Where(i => time[i]!.StartsWith(prefix)).Average(i => temp[i]);
        double RainShare(string prefix) => Enumerable.Range(0, t.RowCount).Where(i => time[i]!.StartsWith(prefix)).Average(i => rain[i] == "yes" ? 1.0 : 0.0);
        Assert.True(Mean("2023-07") - Mean("2023-01") > 15);
        Assert.InRange(Mean("2024-07") - Mean("2023-07"), -1, 1);
        Assert.InRange(Mean("2024-01") - Mean("2023-01"), -1, 1);
        Assert.True(RainShare("2023-01") > RainShare("2023-07") + 0.15);
        Assert.Equal(2 * 365 * 8 + 8, t.RowCount); // 2024 is a leap year
        Assert.Equal("2023-01-01T00:00", time[0]);
    }
}

public class GenerateVerbTests
{
    [Fact]
    public void Generate_writes_the_chosen_scenarios_and_rejects_unknown_ones()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-verb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, CliApp.Run(["generate", "--out", dir, "--scenario", "label_shift"], output, error));
            Assert.True(File.Exists(Path.Combine(dir, "label_shift.csv")));
            Assert.True(File.Exists(Path.Combine(dir, "README.md")));
            Assert.Contains("sha256", output.ToString());

            Assert.Equal(2, CliApp.Run(["generate", "--out", dir, "--scenario", "nope"], output, error));
            Assert.Contains("No scenario 'nope'", error.ToString());
            Assert.Contains("label_shift", error.ToString());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}
