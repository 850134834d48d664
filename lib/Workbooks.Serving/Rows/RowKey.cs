using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Workbooks.ModelOps.Data;

namespace Workbooks.Serving.Rows;

/// <summary>
/// The prediction cache's key for a row: <c>wb:{model}:{version}:{hash}</c>, where the hash is XXH128 (seed 0) of a
/// canonical encoding of the row, so the same row gives the same key in every process and on every machine
/// (string.GetHashCode is randomised per process and would split a shared Redis cache). The encoding follows the
/// model's schema order (the order of a request's JSON fields does not matter), writes each number as the IEEE-754
/// bits of a double with -0 folded onto +0 and every NaN (a missing value) as one tag, and each category as its
/// UTF-8 bytes with their length. The version in the key keeps a new model version from ever reading an old
/// version's answers.
/// </summary>
/// <example>
/// <code>
/// var schema = new[] { new ModelColumn("temp", ColumnKind.Numerical), new ModelColumn("season", ColumnKind.Categorical) };
/// var a = RowKey.Of("bike", "3", ServedRow.Of(schema, new Dictionary&lt;string, object?&gt; { ["temp"] = 0.0, ["season"] = "2" }));
/// var b = RowKey.Of("bike", "3", ServedRow.Of(schema, new Dictionary&lt;string, object?&gt; { ["season"] = "2", ["temp"] = -0.0 }));
/// Console.WriteLine(a == b);
/// // prints: True
/// </code>
/// </example>
public static class RowKey
{
    private const byte Missing = 0, Number = 1, Text = 2;

    public static string Of(string model, string version, ServedRow row) => Of(Prefix(model, version), row);

    /// <summary>The part of every key of one model version before the hash (a served model keeps it, so a lookup
    /// builds one string).</summary>
    public static string Prefix(string model, string version) => $"wb:{model}:{version}:";

    /// <summary><paramref name="prefix"/> followed by the 32 hex digits of the row's hash, built in one allocation.</summary>
    public static string Of(string prefix, ServedRow row) => Of(prefix, Hash128(row));

    /// <summary><paramref name="prefix"/> followed by the 32 hex digits of <paramref name="hash"/> (a <see cref="Hash128"/>).</summary>
    public static string Of(string prefix, UInt128 hash) =>
        string.Create(prefix.Length + 32, (prefix, hash), static (span, s) =>
        {
            s.prefix.CopyTo(span);
            // XXH128's canonical (big-endian) form: the high 64 bits first, as Convert.ToHexString of XxHash128.Hash.
            ((ulong)(s.hash >> 64)).TryFormat(span[s.prefix.Length..], out _, "x16");
            ((ulong)s.hash).TryFormat(span[(s.prefix.Length + 16)..], out _, "x16");
        });

    /// <summary>The 32 hex digits of XXH128 over <see cref="Canonical"/>.</summary>
    public static string Hash(ServedRow row) => Of("", row);

    /// <summary>The canonical bytes of a row (see the type's summary).</summary>
    public static byte[] Canonical(ServedRow row)
    {
        var bytes = new byte[Size(row)];
        Write(row, bytes);
        return bytes;
    }

    /// <summary>XXH128 (seed 0) of the row's <see cref="Canonical"/> bytes, without building them on the heap.</summary>
    public static UInt128 Hash128(ServedRow row)
    {
        // One pass into a small stack buffer covers every all-numeric row of up to 28 columns and most rows with short
        // texts; the hot path of the prediction cache runs this for every request.
        Span<byte> small = stackalloc byte[256];
        if (TryWrite(row, small, out int written)) return XxHash128.HashToUInt128(small[..written]);
        int size = Size(row);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            Write(row, rented);
            return XxHash128.HashToUInt128(rented.AsSpan(0, size));
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    private static bool TryWrite(ServedRow row, Span<byte> buffer, out int at)
    {
        at = 0;
        var schema = row.Schema;
        for (int i = 0; i < schema.Count; i++)
        {
            if (schema[i].Kind == ColumnKind.Numerical)
            {
                if (at + 9 > buffer.Length) return false;
                at += WriteNumber(row.Numbers[i], buffer[at..]);
            }
            else if (row.Labels[i] is not { } s)
            {
                if (at + 1 > buffer.Length) return false;
                buffer[at++] = Missing;
            }
            else
            {
                if (at + 5 + Encoding.UTF8.GetMaxByteCount(s.Length) > buffer.Length) return false;
                at += WriteText(s, buffer[at..]);
            }
        }
        return true;
    }

    private static int Size(ServedRow row)
    {
        int size = 0;
        for (int i = 0; i < row.Schema.Count; i++)
        {
            if (row.Schema[i].Kind == ColumnKind.Numerical) size += double.IsNaN(row.Numbers[i]) ? 1 : 9;
            else size += row.Labels[i] is { } s ? 5 + Encoding.UTF8.GetByteCount(s) : 1;
        }
        return size;
    }

    private static void Write(ServedRow row, Span<byte> buffer)
    {
        int at = 0;
        for (int i = 0; i < row.Schema.Count; i++)
        {
            if (row.Schema[i].Kind == ColumnKind.Numerical) at += WriteNumber(row.Numbers[i], buffer[at..]);
            else if (row.Labels[i] is not { } s) buffer[at++] = Missing;
            else at += WriteText(s, buffer[at..]);
        }
    }

    private static int WriteNumber(double d, Span<byte> buffer)
    {
        if (double.IsNaN(d)) { buffer[0] = Missing; return 1; }
        if (d == 0) d = 0.0;   // -0 == 0: one key for both
        buffer[0] = Number;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], BitConverter.DoubleToInt64Bits(d));
        return 9;
    }

    private static int WriteText(string s, Span<byte> buffer)
    {
        buffer[0] = Text;
        int length = Encoding.UTF8.GetBytes(s, buffer[5..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[1..], length);
        return 5 + length;
    }
}
