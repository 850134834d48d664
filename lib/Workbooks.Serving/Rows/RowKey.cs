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

    public static string Of(string model, string version, ServedRow row) => $"wb:{model}:{version}:{Hash(row)}";

    /// <summary>The 32 hex digits of XXH128 over <see cref="Canonical"/>.</summary>
    public static string Hash(ServedRow row) => Convert.ToHexStringLower(XxHash128.Hash(Canonical(row)));

    /// <summary>The canonical bytes of a row (see the type's summary).</summary>
    public static byte[] Canonical(ServedRow row)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        for (int i = 0; i < row.Schema.Count; i++)
        {
            if (row.Schema[i].Kind == ColumnKind.Numerical)
            {
                double d = row.Numbers[i];
                if (double.IsNaN(d)) { Put(buffer, Missing); continue; }
                if (d == 0) d = 0.0;   // -0 == 0: one key for both
                Put(buffer, Number);
                BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), BitConverter.DoubleToInt64Bits(d));
                buffer.Advance(8);
            }
            else if (row.Labels[i] is not { } s) Put(buffer, Missing);
            else
            {
                Put(buffer, Text);
                int length = Encoding.UTF8.GetByteCount(s);
                BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), length);
                buffer.Advance(4);
                buffer.Advance(Encoding.UTF8.GetBytes(s, buffer.GetSpan(length)));
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Put(ArrayBufferWriter<byte> buffer, byte tag)
    {
        buffer.GetSpan(1)[0] = tag;
        buffer.Advance(1);
    }
}
