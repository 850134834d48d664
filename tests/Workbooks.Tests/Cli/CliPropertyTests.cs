using System.Globalization;
using System.Text;
using CsCheck;
using Workbooks.ModelOps.Data;
using Workbooks.Notebooks.Documents;
using Xunit;
using static Workbooks.Tests.Cli.CliHarness;

namespace Workbooks.Tests.Cli;

/// <summary>
/// Property tests (CsCheck) over random and mutated CSV files and notebooks, fed to the readers and the verbs
/// in-process: every outcome is exit 0 with valid JSON (so no NaN or Infinity) or exit 2 with one line, never an
/// unhandled exception. Each property is bounded by an iteration count and runs on one thread (a few seconds).
/// A failure prints CsCheck's seed, which replays the case.
/// </summary>
public sealed class CliPropertyTests : IDisposable
{
    private readonly CliHarness _h = new();
    private int _files;

    public void Dispose() => _h.Dispose();

    private static readonly Gen<string> Field = Gen.Frequency(
        (8, Gen.Double[-1e6, 1e6].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (4, Gen.Int[0, 3].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("", "NA", "?", "abc", "inf", "-inf", "NaN", "1e400", "0x1F", "\"a,b\"", "\"", "1,5", " 7 ", "\t", "é", "\"q\"\"q\"")),
        (1, Gen.String[Gen.Char["ab1,\"\r\n;\0"], 0, 8]));

    private static readonly Gen<string> Csv =
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 45]).SelectMany((cols, rows) =>
            Field.Array[cols].Array[rows].Select(table =>
            {
                var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, cols).Select(c => "abcd"[c].ToString())) + "\n");
                foreach (var row in table) sb.Append(string.Join(",", row)).Append('\n');
                return sb.ToString();
            }));

    /// <summary>A CSV text, then one random mutation: none, truncation, random bytes spliced in, a line duplicated
    /// many times over, a huge field, or the header dropped.</summary>
    private static readonly Gen<byte[]> MutatedCsv = Gen.Select(Csv, Gen.Int[0, 5], Gen.Int[0, 10_000], Gen.Byte.Array[1, 40]).Select((csv, how, at, noise) =>
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        int cut = bytes.Length == 0 ? 0 : at % bytes.Length;
        return how switch
        {
            1 => bytes[..cut],
            2 => [.. bytes[..cut], .. noise, .. bytes[cut..]],
            3 => Encoding.UTF8.GetBytes(csv + string.Concat(Enumerable.Repeat(csv.Split('\n').ElementAtOrDefault(1) + "\n", 200))),
            4 => Encoding.UTF8.GetBytes(csv.Insert(csv.IndexOf('\n') + 1, new string('9', 70_000) + ",")),
            5 => Encoding.UTF8.GetBytes(csv[(csv.IndexOf('\n') + 1)..]),
            _ => bytes,
        };
    });

    private string Write(byte[] bytes) => _h.File($"f{Interlocked.Increment(ref _files)}.csv", bytes);

    [Fact]
    public void ReaderEitherReadsOrRejectsWithInvalidData()
    {
        MutatedCsv.Sample(bytes =>
        {
            var path = Write(bytes);
            try
            {
                var table = CsvTableReader.Read(path);
                Assert.All(table.Columns, c => Assert.Equal(table.RowCount, c.Length));
            }
            catch (InvalidDataException e) { Assert.DoesNotContain('\n', e.Message); Assert.Contains(Path.GetFileName(path), e.Message); }
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void DriftOnRandomFilesIsJsonOrOneLine()
    {
        Gen.Select(MutatedCsv, MutatedCsv, Gen.Bool).Sample((reference, current, strict) =>
        {
            string[] args = ["drift", "--reference", Write(reference), "--current", Write(current), "--json", "-", "--tests", "all"];
            AssertJsonOrBadInput(Run(strict ? [.. args, "--strict"] : args), "drift");
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void DetectMetricsAndEstimateOnRandomFilesAreJsonOrOneLine()
    {
        Gen.Select(MutatedCsv, Gen.Int[0, 4]).Sample((bytes, verb) =>
        {
            var path = Write(bytes);
            var r = verb switch
            {
                0 => Run("detect", "--detector", "adwin", "--input", path, "--column", "a"),
                1 => Run("detect", "--detector", "page_hinkley", "--input", path),
                2 => Run("metrics", "--task", "regression", "--input", path, "--label", "a", "--prediction", "b"),
                3 => Run("metrics", "--task", "binary", "--input", path, "--label", "a", "--score", "b", "--prediction", "c"),
                _ => Run("estimate", "--reference", path, "--analysis", path, "--score", "a", "--prediction", "b", "--label", "c", "--chunks", "2"),
            };
            if (verb <= 1)
            {
                // detect prints JSON lines, one per signal
                if (r.Code == 0) { AssertNoTrace(r.Err); foreach (var line in r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)) System.Text.Json.JsonDocument.Parse(line).Dispose(); }
                else AssertBadInput(r);
            }
            else AssertJsonOrBadInput(r, $"verb {verb}");
        }, iter: 200, threads: 1);
    }

    private const string Notebook = """
        {"cells":[{"cell_type":"markdown","metadata":{},"source":["# Title"]},
        {"cell_type":"code","execution_count":null,"metadata":{"tags":["parameters"]},"outputs":[],"source":["var n = 3;"]}],
        "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":5}
        """;

    [Fact]
    public void NotebookReaderEitherParsesOrRejectsWithOneLine()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 10_000], Gen.String[Gen.Char["{}[]\",:0a \\n"], 1, 6]).Sample((how, at, noise) =>
        {
            int cut = at % Notebook.Length;
            string text = how switch
            {
                0 => Notebook[..cut],
                1 => Notebook.Insert(cut, noise),
                2 => Notebook.Remove(cut, Math.Min(noise.Length, Notebook.Length - cut)),
                _ => Notebook.Replace("\"code\"", noise).Replace("[\"var n = 3;\"]", noise),
            };
            try
            {
                var doc = NotebookDocument.Parse(text, "random.ipynb");
                Assert.NotNull(doc.Cells);
            }
            catch (NotebookFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.StartsWith("random.ipynb", e.Message);
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void RunRejectsUnreadableNotebooksWithOneLine()
    {
        // Only notebooks that fail to parse are run (a valid one would start a kernel): the verb reports them as exit 2.
        var output = Path.Combine(_h.Dir, "reports");
        Gen.Select(Gen.Int[1, Notebook.Length - 1], Gen.Byte.Array[1, 20]).Sample((cut, noise) =>
        {
            var path = _h.File($"nb{Interlocked.Increment(ref _files)}.ipynb", [.. Encoding.UTF8.GetBytes(Notebook[..cut]), .. noise]);
            try { NotebookDocument.Load(path); return; } catch (NotebookFormatException) { }
            AssertBadInput(Run("run", path, "-o", output), Path.GetFileName(path));
        }, iter: 40, threads: 1);
    }
}
