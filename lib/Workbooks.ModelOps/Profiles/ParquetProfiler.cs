using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Streams one Parquet file into profiles a row group and a column at a time (memory: one column of one row
/// group), with the type rules of <see cref="ParquetTableReader"/>: numbers (null as missing) numerical,
/// strings categorical, booleans and dates as labels; nested columns are an error naming file and column.
/// </summary>
internal static class ParquetProfiler
{
    /// <summary>Profiles row groups [<paramref name="firstGroup"/>, <paramref name="firstGroup"/> + <paramref name="groups"/>) (all by default).</summary>
    public static void Profile(string path, ProfileRunOptions options, WindowSink sink, int firstGroup = 0, int groups = int.MaxValue) =>
        ProfileAsync(path, options, sink, firstGroup, groups).GetAwaiter().GetResult();

    /// <summary>Row groups in a file (read from its footer).</summary>
    public static int RowGroups(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            try { return reader.RowGroupCount; }
            finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        }
        catch (Exception e) when (e is not IOException) { throw new InvalidDataException($"{path}: not a readable Parquet file ({e.Message}).", e); }
    }

    private static async Task ProfileAsync(string path, ProfileRunOptions options, WindowSink sink, int firstGroup, int groups)
    {
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try { reader = await ParquetReader.CreateAsync(stream); }
        catch (Exception e) { throw new InvalidDataException($"{path}: not a readable Parquet file ({e.Message}).", e); }
        await using (reader)
        {
            var fields = reader.Schema.GetDataFields();
            DataField Find(string name) => fields.FirstOrDefault(f => f.Name == name)
                ?? throw new KeyNotFoundException($"{path}: no column '{name}'. Columns: {string.Join(", ", fields.Select(f => f.Name))}.");
            var wanted = options.Columns is { } cols ? cols.Select(Find).ToArray() : fields.Where(f => f.Name != options.TimeColumn).ToArray();
            foreach (var f in wanted)
                if (f.IsArray || f.Path.ToList().Count > 1) throw new InvalidDataException($"{path}: column '{f.Name}' is nested or repeated; only flat columns can be profiled.");
            var timeField = options.Window.ByTime ? Find(options.TimeColumn!) : null;
            var kinds = wanted.Select(f => Kind(f, path)).ToArray();
            sink.Define(wanted.Select(f => f.Name).ToArray(), kinds);
            long firstRow = 0;
            int last = (int)Math.Min(reader.RowGroupCount, (long)firstGroup + groups);
            for (int g = 0; g < firstGroup && options.Window.Kind == "rows"; g++) firstRow += reader.RowGroups[g].RowCount;
            for (int g = firstGroup; g < last; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                int rows = checked((int)rg.RowCount);
                var keys = timeField is null ? Enumerable.Range(0, rows).Select(i => sink.KeyOfRow(firstRow + i)).ToArray() : await TimeKeys(rg, timeField, rows, options.Window, path);
                firstRow += rows;
                // Rows per window once per group; then each column adds its values to its window's profile.
                foreach (var key in keys.Distinct()) sink.Target(key).Profile.Rows += keys.Count(k => k == key);
                for (int c = 0; c < wanted.Length; c++)
                {
                    var f = wanted[c];
                    if (kinds[c] == ColumnKind.Numerical)
                    {
                        var values = await Numbers(rg, f, rows);
                        for (int i = 0; i < rows; i++) sink.Target(keys[i]).Columns[c].AddNumber(values[i]);
                    }
                    else
                    {
                        var labels = await Labels(rg, f, rows);
                        for (int i = 0; i < rows; i++)
                        {
                            var column = sink.Target(keys[i]).Columns[c];
                            if (labels[i] is { } s) column.AddText(s); else column.AddMissing();
                        }
                    }
                }
            }
        }
    }

    private static ColumnKind Kind(DataField f, string path)
    {
        var t = f.ClrType;
        if (t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong) || t == typeof(decimal)) return ColumnKind.Numerical;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>) || t == typeof(bool) || t == typeof(DateTime)) return ColumnKind.Categorical;
        throw new InvalidDataException($"{path}: column '{f.Name}' has type {t.Name}, which profiles do not read.");
    }

    private static Task<double[]> Numbers(ParquetRowGroupReader rg, DataField f, int rows)
    {
        var t = f.ClrType;
        if (t == typeof(double)) return Read<double>(rg, f, rows);
        if (t == typeof(float)) return Read<float>(rg, f, rows);
        if (t == typeof(int)) return Read<int>(rg, f, rows);
        if (t == typeof(long)) return Read<long>(rg, f, rows);
        if (t == typeof(short)) return Read<short>(rg, f, rows);
        if (t == typeof(byte)) return Read<byte>(rg, f, rows);
        if (t == typeof(sbyte)) return Read<sbyte>(rg, f, rows);
        if (t == typeof(ushort)) return Read<ushort>(rg, f, rows);
        if (t == typeof(uint)) return Read<uint>(rg, f, rows);
        if (t == typeof(ulong)) return Read<ulong>(rg, f, rows);
        return Read<decimal>(rg, f, rows);
    }

    private static async Task<double[]> Read<T>(ParquetRowGroupReader rg, DataField f, int rows) where T : struct, INumberBase<T>
    {
        var values = new double[rows];
        if (f.IsNullable)
        {
            var buffer = new T?[rows];
            await rg.ReadAsync<T>(f, buffer.AsMemory(), null, default);
            for (int i = 0; i < rows; i++) values[i] = buffer[i] is { } v ? double.CreateChecked(v) : double.NaN;
        }
        else
        {
            var buffer = new T[rows];
            await rg.ReadAsync<T>(f, buffer.AsMemory(), null, default);
            for (int i = 0; i < rows; i++) values[i] = double.CreateChecked(buffer[i]);
        }
        return values;
    }

    private static async Task<string?[]> Labels(ParquetRowGroupReader rg, DataField f, int rows)
    {
        if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var s = new string?[rows];
            await rg.ReadAsync(f, s.AsMemory(), null, default);
            return s;
        }
        if (f.ClrType == typeof(bool)) return (await Structs<bool>(rg, f, rows)).Select(v => v is { } b ? (b ? "true" : "false") : null).ToArray();
        return (await Structs<DateTime>(rg, f, rows)).Select(v => v?.ToString("o", CultureInfo.InvariantCulture)).ToArray();
    }

    private static async Task<T?[]> Structs<T>(ParquetRowGroupReader rg, DataField f, int rows) where T : struct
    {
        var buffer = new T?[rows];
        if (f.IsNullable) { await rg.ReadAsync<T>(f, buffer.AsMemory(), null, default); return buffer; }
        var plain = new T[rows];
        await rg.ReadAsync<T>(f, plain.AsMemory(), null, default);
        for (int i = 0; i < rows; i++) buffer[i] = plain[i];
        return buffer;
    }

    private static async Task<string[]> TimeKeys(ParquetRowGroupReader rg, DataField f, int rows, WindowRule window, string path)
    {
        if (f.ClrType == typeof(DateTime))
            return (await Structs<DateTime>(rg, f, rows)).Select((t, i) => t is { } v ? window.KeyOf(v) : throw new InvalidDataException($"{path}: time column '{f.Name}' is empty in row group row {i}.")).ToArray();
        if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var s = new string?[rows];
            await rg.ReadAsync(f, s.AsMemory(), null, default);
            return s.Select(v => DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? window.KeyOf(t) : throw new InvalidDataException($"{path}: time '{v}' in column '{f.Name}' is not a date and time.")).ToArray();
        }
        throw new InvalidDataException($"{path}: time column '{f.Name}' has type {f.ClrType.Name}; use a timestamp or an ISO date string.");
    }
}
