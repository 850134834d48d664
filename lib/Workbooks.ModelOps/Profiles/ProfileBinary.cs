using System.Text;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// The binary profile format, little-endian: magic <c>WBPROF</c>, format version (1), sketch options, window,
/// rows, then per column its name, kind, counts, moments and sketches. A reader refuses other versions with a
/// message naming the file, so an old tool never misreads a newer profile.
/// </summary>
public static class ProfileBinary
{
    public const int Version = 1;
    private static readonly byte[] Magic = "WBPROF"u8.ToArray();

    public static byte[] Write(DatasetProfile profile)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(Version);
            var o = profile.Options;
            w.Write(o.QuantileK); w.Write(o.FrequentItemsK); w.Write(o.DistinctPrecision); w.Write(o.Seed);
            w.Write(profile.Window ?? ""); w.Write(profile.Rows);
            w.Write(profile.Columns.Count);
            foreach (var c in profile.Columns) WriteColumn(w, c);
        }
        return stream.ToArray();
    }

    private static void WriteColumn(BinaryWriter w, ColumnProfile c)
    {
        w.Write(c.Name); w.Write((byte)c.Kind);
        w.Write(c.Rows); w.Write(c.Missing); w.Write(c.PositiveInfinity); w.Write(c.NegativeInfinity); w.Write(c.Invalid);
        w.Write(c.Moments.Count); w.Write(c.Moments.Mean); w.Write(c.Moments.M2);
        w.Write((byte)c.Distinct.Precision); w.Write(c.Distinct.Registers);
        if (c.Quantiles is { } q)
        {
            w.Write(q.Count); w.Write(q.Min); w.Write(q.Max); w.Write(q.RankVariance); w.Write(q.Compactions);
            w.Write(q.Levels.Count);
            foreach (var level in q.Levels) { w.Write(level.Count); foreach (var v in level) w.Write(v); }
            w.Write(c.SmallDomain?.Count ?? -1);
            if (c.SmallDomain is { } small) foreach (var (v, n) in small.OrderBy(p => p.Key)) { w.Write(v); w.Write(n); }
            w.Write(c.Histogram?.Edges.Length ?? 0);
            if (c.Histogram is { } h)
            {
                foreach (var e in h.Edges) w.Write(e);
                foreach (var n in h.Counts) w.Write(n);
                w.Write(h.Below); w.Write(h.Above);
            }
        }
        if (c.Items is { } f)
        {
            w.Write(f.Total); w.Write(f.ErrorBound); w.Write(f.Counters.Count);
            foreach (var (item, n) in f.Ordered()) { w.Write(item); w.Write(n); }
        }
    }

    public static DatasetProfile Read(byte[] bytes, string source = "profile")
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (bytes.Length < Magic.Length + 4 || !r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{source}: not a Workbooks profile (no WBPROF header).");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{source}: profile format version {version}; this build reads version {Version}.");
            var options = new ProfileOptions(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt64());
            string window = r.ReadString();
            var profile = new DatasetProfile(options, window.Length == 0 ? null : window) { Rows = r.ReadInt64() };
            int columns = r.ReadInt32();
            for (int i = 0; i < columns; i++) profile.Add(ReadColumn(r, options));
            if (r.BaseStream.Position != bytes.Length) throw new InvalidDataException($"{source}: {bytes.Length - r.BaseStream.Position} unexpected bytes after the last column.");
            return profile;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: the profile is truncated or damaged ({e.Message}).", e);
        }
    }

    private static ColumnProfile ReadColumn(BinaryReader r, ProfileOptions options)
    {
        string name = r.ReadString();
        var kind = (ColumnKind)r.ReadByte();
        if (kind is not (ColumnKind.Numerical or ColumnKind.Categorical)) throw new InvalidDataException($"column '{name}' has an unknown kind {(int)kind}.");
        long rows = r.ReadInt64(), missing = r.ReadInt64(), posInf = r.ReadInt64(), negInf = r.ReadInt64(), invalid = r.ReadInt64();
        var moments = Moments.Restore(r.ReadInt64(), r.ReadDouble(), r.ReadDouble());
        int p = r.ReadByte();
        var distinct = HyperLogLog.Restore(p, r.ReadBytes(1 << p));
        var column = new ColumnProfile(name, kind, options);
        KllSketch? quantiles = null; Dictionary<double, long>? small = null; FixedEdgeHistogram? histogram = null; FrequentItems? items = null;
        if (kind == ColumnKind.Numerical)
        {
            long count = r.ReadInt64(); double min = r.ReadDouble(), max = r.ReadDouble(), variance = r.ReadDouble(); long compactions = r.ReadInt64();
            var levels = new List<List<double>>();
            int levelCount = Checked(r.ReadInt32(), 64, name);
            for (int h = 0; h < levelCount; h++)
            {
                int n = Checked(r.ReadInt32(), 1 << 24, name);
                var level = new List<double>(n);
                for (int i = 0; i < n; i++) level.Add(r.ReadDouble());
                levels.Add(level);
            }
            quantiles = KllSketch.Restore(options.QuantileK, options.Seed, count, min, max, variance, compactions, levels);
            int smallCount = r.ReadInt32();
            if (smallCount >= 0)
            {
                small = [];
                for (int i = 0; i < Checked(smallCount, ProfileOptions.SmallDomainLimit, name); i++) small[r.ReadDouble()] = r.ReadInt64();
            }
            int edges = Checked(r.ReadInt32(), 1 << 20, name);
            if (edges > 0)
            {
                var e = new double[edges]; for (int i = 0; i < edges; i++) e[i] = r.ReadDouble();
                var counts = new long[edges - 1]; for (int i = 0; i < counts.Length; i++) counts[i] = r.ReadInt64();
                histogram = FixedEdgeHistogram.Restore(e, counts, r.ReadInt64(), r.ReadInt64());
            }
        }
        else
        {
            long total = r.ReadInt64(), error = r.ReadInt64();
            int n = Checked(r.ReadInt32(), 1 << 24, name);
            var counters = new List<KeyValuePair<string, long>>(n);
            for (int i = 0; i < n; i++) counters.Add(new(r.ReadString(), r.ReadInt64()));
            items = FrequentItems.Restore(options.FrequentItemsK, total, error, counters);
        }
        column.Restore(rows, missing, posInf, negInf, invalid, moments, quantiles, small, histogram, items, distinct);
        return column;
    }

    private static int Checked(int n, int max, string column) =>
        n >= 0 && n <= max ? n : throw new InvalidDataException($"column '{column}': a stored length {n} is out of range.");

    /// <summary>A deep copy (through the format, so copy and file can never disagree).</summary>
    internal static ColumnProfile Clone(ColumnProfile column, ProfileOptions options)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) WriteColumn(w, column);
        stream.Position = 0;
        using var r = new BinaryReader(stream, Encoding.UTF8);
        return ReadColumn(r, options);
    }
}
