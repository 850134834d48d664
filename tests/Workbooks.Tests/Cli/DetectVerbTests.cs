using Workbooks.Tests.Detectors;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Cli;

public class DetectVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("detect-verb").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void One_number_per_line_reproduces_rivers_kswin_docstring()
    {
        // river/drift/kswin.py docstring: KSWIN(alpha=0.0001, seed=42) -> "Change detected at index 1016"
        var (code, output, _) = Run("detect", "--detector", "KSWIN", "--param", "alpha=0.0001", "--param", "seed=42",
            "--input", DetectorFixtures.PathOf("stream_12345.txt"));
        Assert.Equal(0, code);
        Assert.Equal("{\"index\": 1016, \"kind\": \"drift\"}" + Environment.NewLine, output);
    }

    [Fact]
    public void Csv_column_prints_warnings_and_drifts_as_rivers_ddm_docstring()
    {
        var stream = DetectorFixtures.Stream42;
        var csv = Write("errors.csv", "id,error\n" + string.Concat(stream.Select((v, i) => $"{i},{v}\n")));
        var (code, output, _) = Run("detect", "--detector", "ddm", "--input", csv, "--column", "error");
        Assert.Equal(0, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        // river/drift/binary/ddm.py: first warning at 1084, change at 1334, next warning at 1492
        Assert.Equal("{\"index\": 1084, \"kind\": \"warning\"}", lines[0]);
        Assert.Contains("{\"index\": 1334, \"kind\": \"drift\"}", lines);
        Assert.Equal("{\"index\": 1492, \"kind\": \"warning\"}", lines.SkipWhile(l => !l.Contains("drift")).Skip(1).First());
    }

    [Fact]
    public void Non_numeric_value_is_exit_2_naming_the_line()
    {
        var file = Write("values.txt", "0\n1\nabc\n0\n");
        var (code, _, err) = Run("detect", "--detector", "adwin", "--input", file);
        Assert.Equal(2, code);
        Assert.Contains("line 3", err);
        Assert.Contains("'abc'", err);

        var csv = Write("values.csv", "x\n1\n2\noops\n");
        (code, _, err) = Run("detect", "--detector", "adwin", "--input", csv, "--column", "x");
        Assert.Equal(2, code);
        Assert.Contains("line 4", err);
    }

    [Fact]
    public void Unknown_detector_or_parameter_is_exit_2_listing_valid_ones()
    {
        var file = Write("v.txt", "1\n");
        var (code, _, err) = Run("detect", "--detector", "cusum", "--input", file);
        Assert.Equal(2, code);
        Assert.Contains("adwin, ddm, eddm, hddm_a, hddm_w, kswin, page_hinkley", err);

        (code, _, err) = Run("detect", "--detector", "page_hinkley", "--param", "lambda=3", "--input", file);
        Assert.Equal(2, code);
        Assert.Contains("min_instances, delta, threshold, alpha, mode", err);

        (code, _, err) = Run("detect", "--detector", "adwin", "--input", file, "--column", "nope");
        Assert.Equal(2, code);
    }
}
