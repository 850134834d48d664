using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Workbooks.Benchmarks;

/// <summary>
/// Parquet logs for the profiling measurement (issue #16): <c>files</c> files ("replicas") of normal columns, as
/// <see cref="DriftBenchmarkData"/> draws them, written a row group of 1M rows at a time so that making 100M rows
/// never holds more than one group in memory.
/// </summary>
public static class ProfileBenchmarkData
{
    public static async Task WriteParquetFiles(string folder, long rows, int columns, int files, bool current)
    {
        Directory.CreateDirectory(folder);
        const int group = 1_000_000;
        var fields = Enumerable.Range(0, columns).Select(j => new DataField<double>($"c{j}")).ToArray();
        long perFile = (rows + files - 1) / files;
        for (int f = 0; f < files; f++)
        {
            await using var stream = File.Create(Path.Combine(folder, $"{(current ? "current" : "reference")}-{f:D3}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            long left = Math.Min(perFile, rows - f * perFile);
            for (int g = 0; left > 0; g++)
            {
                int n = (int)Math.Min(group, left);
                var data = DriftBenchmarkData.Columns(n, columns, current, seed: (current ? 2 : 1) * 100_000 + f * 1000 + g);
                using var rg = writer.CreateRowGroup();
                for (int j = 0; j < columns; j++) await rg.WriteAsync<double>(fields[j], data[j].AsMemory());
                left -= n;
            }
        }
    }

    /// <summary>One side's rows as a CSV file (header c0..c{n-1}), written 1M rows at a time: the same values as
    /// <see cref="WriteParquetFiles"/> writes into one reference file.</summary>
    public static void WriteCsv(string path, long rows, int columns)
    {
        const int group = 1_000_000;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.WriteLine(string.Join(",", Enumerable.Range(0, columns).Select(j => $"c{j}")));
        var line = new StringBuilder();
        for (int g = 0; (long)g * group < rows; g++)
        {
            int n = (int)Math.Min(group, rows - (long)g * group);
            var data = DriftBenchmarkData.Columns(n, columns, current: false, seed: 100_000 + g);
            for (int i = 0; i < n; i++)
            {
                line.Clear();
                for (int j = 0; j < columns; j++) { if (j > 0) line.Append(','); line.Append(data[j][i].ToString("R", CultureInfo.InvariantCulture)); }
                w.WriteLine(line);
            }
        }
    }
}
