namespace Workbooks.ModelOps.Data;

/// <summary>
/// An append-only buffer of doubles kept in 8,192-value chunks (64 KiB, below the large-object threshold),
/// for readers that do not know the row count up front. Unlike <see cref="List{T}"/> it never doubles and
/// copies a large array, so reading a column leaves no large-object garbage behind: peak memory stays near
/// the data itself plus one exact-size copy per column.
/// </summary>
internal sealed class ChunkedDoubleBuffer
{
    private const int ChunkSize = 8192;
    private readonly List<double[]> _chunks = [];
    private int _last = ChunkSize;   // values used in the last chunk; ChunkSize means "start a new one"

    public int Count { get; private set; }

    public void Add(double value)
    {
        if (_last == ChunkSize) { _chunks.Add(new double[ChunkSize]); _last = 0; }
        _chunks[^1][_last++] = value;
        Count++;
    }

    public void Clear()
    {
        _chunks.Clear();
        _last = ChunkSize;
        Count = 0;
    }

    /// <summary>The values as one exact-size array; the chunks are released.</summary>
    public double[] ToArrayAndClear()
    {
        var result = new double[Count];
        int at = 0;
        foreach (var chunk in _chunks)
        {
            int n = Math.Min(ChunkSize, Count - at);
            Array.Copy(chunk, 0, result, at, n);
            at += n;
        }
        Clear();
        return result;
    }
}
