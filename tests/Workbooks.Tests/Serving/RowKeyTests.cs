using System.Text;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.Serving.Rows;
using Xunit;

namespace Workbooks.Tests.Serving;

/// <summary>The cache key: one key per row whatever its JSON spelling, a different key per version, and a hash that is
/// the same in every process (XXH128 of the canonical bytes, not a per-process randomised hash).</summary>
public sealed class RowKeyTests
{
    private static readonly ModelColumn[] Schema = [new("temp", ColumnKind.Numerical), new("season", ColumnKind.Categorical), new("hum", ColumnKind.Numerical)];

    private static string Key(string json, string version = "1") =>
        RowKey.Of("bike", version, RowReader.Read(Encoding.UTF8.GetBytes(json), Schema, 10, out _)[0]);

    [Fact]
    public void Field_order_number_spelling_signed_zero_and_missing_values_give_one_key()
    {
        var key = Key("""{"temp":0,"season":"2","hum":0.5}""");
        Assert.Equal(key, Key("""{"hum":0.5,"season":"2","temp":0}"""));
        Assert.Equal(key, Key("""{"temp":-0.0,"season":"2","hum":5e-1,"other":"ignored"}"""));
        Assert.Equal(key, Key("""{"temp":0.0,"season":2,"hum":0.50}"""));   // a category sent as a number reads as its text
        Assert.NotEqual(key, Key("""{"temp":0,"season":"2","hum":0.5}""", version: "2"));
        Assert.NotEqual(key, Key("""{"temp":0,"season":"3","hum":0.5}"""));
        Assert.NotEqual(key, Key("""{"temp":1e-300,"season":"2","hum":0.5}"""));
        // missing: null for a number and for a category, distinct from zero and from an empty text
        var missing = Key("""{"temp":null,"season":null,"hum":0.5}""");
        Assert.NotEqual(missing, Key("""{"temp":0,"season":null,"hum":0.5}"""));
        Assert.NotEqual(missing, Key("""{"temp":null,"season":"","hum":0.5}"""));
    }

    [Fact]
    public void Texts_are_length_prefixed_so_neighbouring_columns_cannot_run_into_each_other()
    {
        ModelColumn[] two = [new("a", ColumnKind.Categorical), new("b", ColumnKind.Categorical)];
        var ab = RowReader.Read("""{"a":"ab","b":"c"}"""u8, two, 1, out _)[0];
        var a_bc = RowReader.Read("""{"a":"a","b":"bc"}"""u8, two, 1, out _)[0];
        Assert.NotEqual(RowKey.Hash(ab), RowKey.Hash(a_bc));
    }

    [Fact]
    public void The_hash_is_xxh128_of_the_documented_canonical_bytes()
    {
        var row = RowReader.Read("""{"temp":1.5,"season":"é","hum":null}"""u8, Schema, 1, out _)[0];
        // tag 1 + 1.5 as little-endian IEEE-754 bits, tag 2 + length 2 + UTF-8 of é, tag 0 (missing)
        byte[] expected = [1, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 2, 2, 0, 0, 0, 0xC3, 0xA9, 0];
        Assert.Equal(expected, RowKey.Canonical(row));
        // XXH128 (seed 0) of the empty input is the published test vector 99aa06d3014798d86001c324468d497f
        Assert.Equal("99aa06d3014798d86001c324468d497f", Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash([])));
        Assert.Equal(Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(expected)), RowKey.Hash(row));
        Assert.Matches("^wb:bike:7:[0-9a-f]{32}$", RowKey.Of("bike", "7", row));
    }
}
