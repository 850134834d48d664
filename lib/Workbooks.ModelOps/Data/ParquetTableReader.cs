using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Reads a Parquet file (flat schema) into a <see cref="Table"/> with Parquet.Net: integer, floating and decimal
/// columns become numerical (null -> NaN), strings categorical (null -> missing), booleans and dates categorical
/// labels (invariant culture). Nested or repeated columns are an error naming the file and the column.
/// </summary>
/// <example>
/// <code>
/// var table = ParquetTableReader.Read("current.parquet", columns: ["age", "city"]);
/// Console.WriteLine(table.Columns[0]);
/// // prints e.g.: age (numerical, 1000 rows)
/// </code>
/// </example>
public static class ParquetTableReader
{
    /// <summary>Reads the file; <paramref name="columns"/> keeps only those columns (each must exist).</summary>
    public static Table Read(string path, IReadOnlyList<string>? columns = null) =>
        ReadAsync(path, columns).GetAwaiter().GetResult();

    public static async Task<Table> ReadAsync(string path, IReadOnlyList<string>? columns = null, CancellationToken cancel = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Parquet file not found: {path}", path);
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try { reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancel); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{path}: not a readable Parquet file ({e.Message}).", e);
        }
        await using (reader)
        {
            var fields = reader.Schema.GetDataFields();
            var wanted = columns is null ? fields : columns.Select(name => fields.FirstOrDefault(f => f.Name == name)
                ?? throw new KeyNotFoundException($"{path}: no column '{name}'. Columns: {string.Join(", ", fields.Select(f => f.Name))}.")).ToArray();
            foreach (var f in wanted)
                if (f.IsArray || f.Path.ToList().Count > 1)
                    throw new InvalidDataException($"{path}: column '{f.Name}' is nested or repeated; only flat columns can be compared.");
            long total = 0;
            for (int g = 0; g < reader.RowGroupCount; g++) { using var rg = reader.OpenRowGroupReader(g); total += rg.RowCount; }
            if (total > int.MaxValue) throw new InvalidDataException($"{path}: {total} rows is more than one table holds.");
            var builders = wanted.Select(f => ColumnBuilder.For(f, (int)total, path)).ToArray();
            int offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                int rows = (int)rg.RowCount;
                foreach (var b in builders) await b.ReadAsync(rg, offset, rows, cancel);
                offset += rows;
            }
            return new Table(builders.Select(b => b.Build()), path);
        }
    }

    private abstract class ColumnBuilder(DataField field)
    {
        protected DataField Field { get; } = field;
        public abstract Task ReadAsync(ParquetRowGroupReader rg, int offset, int rows, CancellationToken cancel);
        public abstract TableColumn Build();

        public static ColumnBuilder For(DataField f, int rows, string path)
        {
            var t = f.ClrType;
            if (t == typeof(double)) return new Numeric<double>(f, rows);
            if (t == typeof(float)) return new Numeric<float>(f, rows);
            if (t == typeof(int)) return new Numeric<int>(f, rows);
            if (t == typeof(long)) return new Numeric<long>(f, rows);
            if (t == typeof(short)) return new Numeric<short>(f, rows);
            if (t == typeof(byte)) return new Numeric<byte>(f, rows);
            if (t == typeof(sbyte)) return new Numeric<sbyte>(f, rows);
            if (t == typeof(ushort)) return new Numeric<ushort>(f, rows);
            if (t == typeof(uint)) return new Numeric<uint>(f, rows);
            if (t == typeof(ulong)) return new Numeric<ulong>(f, rows);
            if (t == typeof(decimal)) return new Numeric<decimal>(f, rows);
            if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return new Text(f, rows);
            if (t == typeof(bool)) return new Labels<bool>(f, rows, v => v ? "true" : "false");
            if (t == typeof(DateTime)) return new Labels<DateTime>(f, rows, v => v.ToString("o", CultureInfo.InvariantCulture));
            throw new InvalidDataException($"{path}: column '{f.Name}' has type {t.Name}, which drift analysis does not read.");
        }
    }

    private sealed class Numeric<T>(DataField f, int rows) : ColumnBuilder(f) where T : struct, INumberBase<T>
    {
        private readonly double[] _values = new double[rows];

        public override async Task ReadAsync(ParquetRowGroupReader rg, int offset, int rows, CancellationToken cancel)
        {
            if (Field.IsNullable)
            {
                var buffer = new T?[rows];
                await rg.ReadAsync<T>(Field, buffer.AsMemory(), null, cancel);
                for (int i = 0; i < rows; i++) _values[offset + i] = buffer[i] is { } v ? double.CreateChecked(v) : double.NaN;
            }
            else
            {
                var buffer = new T[rows];
                await rg.ReadAsync<T>(Field, buffer.AsMemory(), null, cancel);
                for (int i = 0; i < rows; i++) _values[offset + i] = double.CreateChecked(buffer[i]);
            }
        }

        public override TableColumn Build() => TableColumn.Numerical(Field.Name, _values);
    }

    private sealed class Text(DataField f, int rows) : ColumnBuilder(f)
    {
        private readonly string?[] _values = new string?[rows];

        public override async Task ReadAsync(ParquetRowGroupReader rg, int offset, int rows, CancellationToken cancel) =>
            await rg.ReadAsync(Field, _values.AsMemory(offset, rows), null, cancel);

        public override TableColumn Build() => TableColumn.Categorical(Field.Name, _values);
    }

    private sealed class Labels<T>(DataField f, int rows, Func<T, string> format) : ColumnBuilder(f) where T : struct
    {
        private readonly string?[] _values = new string?[rows];

        public override async Task ReadAsync(ParquetRowGroupReader rg, int offset, int rows, CancellationToken cancel)
        {
            var buffer = new T?[rows];
            if (Field.IsNullable) await rg.ReadAsync<T>(Field, buffer.AsMemory(), null, cancel);
            else
            {
                var plain = new T[rows];
                await rg.ReadAsync<T>(Field, plain.AsMemory(), null, cancel);
                for (int i = 0; i < rows; i++) buffer[i] = plain[i];
            }
            for (int i = 0; i < rows; i++) _values[offset + i] = buffer[i] is { } v ? format(v) : null;
        }

        public override TableColumn Build() => TableColumn.Categorical(Field.Name, _values);
    }
}
