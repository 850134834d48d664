using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Registry;
using Xunit;
using static Workbooks.Tests.Cli.CliHarness;

namespace Workbooks.Tests.Cli;

/// <summary>Every verb turns bad input into exit 2 with one clear line (issue 8, section 3): empty file, header
/// only, binary garbage, a folder, an unwritable output path, a very long line, a wrong option type.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private string Numbers(string name, int rows, Func<int, string> value)
    {
        var sb = new StringBuilder("x,y,label,prediction,score\n");
        for (int i = 0; i < rows; i++) sb.Append(CultureInfo.InvariantCulture, $"{value(i)},{i % 4},{i % 2},{(i % 3 == 0 ? 1 : 0)},{(i % 10) / 10.0}\n");
        return _h.File(name, sb.ToString());
    }

    public static IEnumerable<object[]> Verbs() =>
    [
        ["drift", "--reference", "{good}", "--current", "{bad}"],
        ["drift", "--reference", "{bad}", "--current", "{good}"],
        ["detect", "--detector", "adwin", "--input", "{bad}", "--column", "x"],
        ["detect", "--detector", "adwin", "--input", "{bad}"],
        ["metrics", "--task", "binary", "--input", "{bad}"],
        ["estimate", "--reference", "{good}", "--analysis", "{bad}", "--score", "score", "--prediction", "prediction"],
        ["estimate", "--reference", "{bad}", "--analysis", "{good}", "--score", "score", "--prediction", "prediction"],
        ["simulate", "--dataset", "{bad}", "--label", "x", "--train"],
        ["run", "{badnb}"],
    ];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryVerbRejectsUnreadableFilesWithOneLine(params string[] template)
    {
        string good = Numbers("good.csv", 60, i => (i * 0.5).ToString(CultureInfo.InvariantCulture));
        var random = new Random(8);
        var garbage = new byte[3000];
        random.NextBytes(garbage);
        var cases = new Dictionary<string, string>
        {
            ["empty file"] = _h.File("empty.csv", ""),
            ["header only"] = _h.File("header.csv", "x,y,label,prediction,score\n"),
            ["binary garbage"] = _h.File("garbage.csv", garbage),
            ["a folder"] = Directory.CreateDirectory(Path.Combine(_h.Dir, "folder.csv")).FullName,
            ["missing file"] = Path.Combine(_h.Dir, "nope.csv"),
            ["corrupt gzip"] = _h.File("corrupt.csv.gz", [0x1f, 0x8b, 8, 0, .. garbage[..200]]),
        };
        foreach (var (what, bad) in cases)
        {
            var nb = what == "a folder" ? bad : _h.File("bad.ipynb", System.IO.File.Exists(bad) ? System.IO.File.ReadAllText(bad) : "");
            var args = template.Select(a => a.Replace("{good}", good).Replace("{bad}", bad).Replace("{badnb}", nb)).ToArray();
            var r = Run(args);
            if (template[0] == "run" && what == "a folder") { Assert.NotEqual(3, r.Code); continue; } // an empty folder: the runner's own rule
            AssertBadInput(r);
            Assert.True(r.Err.Contains(Path.GetFileName(template[0] == "run" ? nb : bad)) || r.Err.Contains("no data") || r.Err.Contains("no values") || r.Err.Contains("no rows"),
                $"{string.Join(' ', template)} on {what}: the message should name the file: {r.Err}");
        }
    }

    [Theory]
    [InlineData("drift", "--threshold", "abc", "'abc' is not a number")]
    [InlineData("drift", "--drift-share", "1e", "'1e' is not a number")]
    [InlineData("metrics", "--k", "ten", "'ten' is not a whole number")]
    [InlineData("estimate", "--chunks", "x", "'x' is not a whole number")]
    [InlineData("simulate", "--rate", "fast", "'fast' is not a number")]
    [InlineData("run", "--cell-timeout", "soon", "'soon' is not a number")]
    public void WrongOptionTypesGiveReadableMessages(string verb, string option, string value, string expected)
    {
        string f = Numbers("n.csv", 40, i => i.ToString(CultureInfo.InvariantCulture));
        string[] args = verb switch
        {
            "drift" => ["drift", "--reference", f, "--current", f, option, value],
            "metrics" => ["metrics", "--task", "binary", "--input", f, option, value],
            "estimate" => ["estimate", "--reference", f, "--analysis", f, "--score", "score", "--prediction", "prediction", option, value],
            "simulate" => ["simulate", "--dataset", f, "--label", "x", "--train", option, value],
            _ => ["run", f, option, value],
        };
        var line = AssertBadInput(Run(args), expected);
        Assert.Contains(option, line);
        Assert.DoesNotContain("Nullable", line);
    }

    [Fact]
    public void UnwritableOutputsAreExitTwoNamingThePath()
    {
        string f = Numbers("n.csv", 40, i => i.ToString(CultureInfo.InvariantCulture));
        string blocker = _h.File("blocker", "a file where a folder should be");
        AssertBadInput(Run("drift", "--reference", f, "--current", f, "--json", Path.Combine(blocker, "r.json")), "blocker");
        AssertBadInput(Run("drift", "--reference", f, "--current", f, "--html", Path.Combine(blocker, "r.html")), "blocker");
        AssertBadInput(Run("generate", "--out", Path.Combine(blocker, "data"), "--scenario", "label_shift"), "blocker");
    }

    [Fact]
    public async Task ServeRefusesAModelOrRegistryItCannotServeBeforeListening()
    {
        var registry = Path.Combine(_h.Dir, "reg");
        using (var bytes = new MemoryStream([1, 2, 3])) ModelRegistry.Open(registry).Register("bike", bytes, "bike.zip");
        var cases = new (string[] Args, string Mentions)[]
        {
            (["--model", _h.File("garbage.zip", [1, 2, 3])], "garbage.zip"),
            (["--model", Path.Combine(_h.Dir, "nope.zip")], "nope.zip"),
            (["--registry", Path.Combine(_h.Dir, "no-registry"), "--name", "bike"], "no-registry"),
            (["--registry", registry, "--name", "bik"], "'bik'"),
            (["--registry", registry, "--name", "bike"], "no alias 'champion'"),
            (["--registry", registry, "--name", "bike", "--cache", "disk"], "--cache"),
            ([], "--model"),
        };
        foreach (var (args, mentions) in cases)
        {
            // A serve that wrongly starts would block: bound it so the test fails instead of hanging.
            var run = Task.Run(() => Run(["serve", "--port", "0", .. args]));
            var result = await run.WaitAsync(TimeSpan.FromSeconds(60));   // TimeoutException: it started instead of refusing
            AssertBadInput(result, mentions);
        }
        Assert.False(Directory.Exists(Path.Combine(_h.Dir, "no-registry")), "a mistyped registry path must not be created");
    }

    [Fact]
    public void AVeryLongLineIsRead()
    {
        var sb = new StringBuilder("x,note\n");
        for (int i = 0; i < 40; i++) sb.Append(CultureInfo.InvariantCulture, $"{i},{(i == 3 ? new string('w', 1_000_000) : "ok")}\n");
        string f = _h.File("long.csv", sb.ToString());
        var r = Run("drift", "--reference", f, "--current", f, "--json", "-");
        Assert.Equal(0, r.Code);
        AssertNoTrace(r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public void DetectOnAnEmptyInputSaysSo()
    {
        AssertBadInput(Run("detect", "--detector", "adwin", "--input", _h.File("blank.txt", "\n\n")), "no values");
        AssertBadInput(Run("detect", "--detector", "adwin", "--input", _h.File("hdr.csv", "x\n"), "--column", "x"), "no values");
    }

    [Fact]
    public void MetricsWithOneClassComputesWhatIsDefinedAndNamesTheRest()
    {
        var f = _h.File("one.csv", "label,prediction,score\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"1,{(i < 18 ? 1 : 0)},0.{i % 9 + 1}\n")));
        var r = Run("metrics", "--task", "binary", "--input", f);
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal(0.9, root.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(1.0, root.GetProperty("precision").GetDouble(), 12);
        Assert.False(root.TryGetProperty("roc_auc", out _));
        Assert.Contains("both classes", root.GetProperty("undefined").GetProperty("roc_auc").GetString());

        var multi = _h.File("multi.csv", "label,prediction\n" + string.Concat(Enumerable.Repeat("cat,cat\n", 5)));
        var m = Run("metrics", "--task", "multiclass", "--input", multi);
        Assert.Equal(0, m.Code);
        using var mdoc = JsonDocument.Parse(m.Out);
        Assert.Equal(1.0, mdoc.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Contains("single class", mdoc.RootElement.GetProperty("undefined").GetProperty("mcc").GetString());
    }

    [Fact]
    public void DriftFailOnDriftExitsOneOnlyWhenDatasetDrifts()
    {
        string r = Numbers("r.csv", 60, i => i.ToString(CultureInfo.InvariantCulture));
        string c = Numbers("c.csv", 60, i => (i + 200).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, Run("drift", "--reference", r, "--current", c).Code);          // default: 0 whatever the verdict
        Assert.Equal(1, Run("drift", "--reference", r, "--current", c, "--fail-on-drift", "--columns", "x").Code);
        Assert.Equal(0, Run("drift", "--reference", r, "--current", r, "--fail-on-drift").Code);
    }

    [Fact]
    public void StrictNamesFileColumnLineAndValue()
    {
        string r = Numbers("r.csv", 200, i => i.ToString(CultureInfo.InvariantCulture));
        string c = Numbers("c.csv", 200, i => i == 10 ? "abc" : i.ToString(CultureInfo.InvariantCulture));
        var ok = Run("drift", "--reference", r, "--current", c);
        Assert.Equal(0, ok.Code);
        Assert.Contains("no dataset drift", ok.Out);
        Assert.Contains("x: left out of the tests: current: 1 not a number (first 'abc' at row 11) of 200", ok.Out);
        Assert.DoesNotContain("warning", ok.Out);   // 0.5% is under the 1% limit
        var line = AssertBadInput(Run("drift", "--reference", r, "--current", c, "--strict"));
        Assert.Contains("c.csv", line);
        Assert.Contains("'x'", line);
        Assert.Contains("line 12", line);
        Assert.Contains("'abc'", line);
    }

    [Fact]
    public void TextOutputListsUntestedColumnsAndWarnings()
    {
        string r = Numbers("r.csv", 60, i => i.ToString(CultureInfo.InvariantCulture));
        string c = Numbers("c.csv", 60, i => i < 5 ? "?" : "");   // x: 5 'missing' tokens, the rest empty: nothing usable
        var o = Run("drift", "--reference", r, "--current", c);
        Assert.Equal(0, o.Code);
        Assert.Contains("x: not tested: the current side has no usable values: all 60 missing", o.Out);
        Assert.Contains("x: warning: current: 100.0% of values missing (60 of 60)", o.Out);
        Assert.Contains("1 not tested", o.Out.Split('\n')[0]);
    }
}
