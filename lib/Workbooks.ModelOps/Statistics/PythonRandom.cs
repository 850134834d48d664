namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Python's <c>random.Random</c> for the parts KSWIN needs: the Mersenne Twister (MT19937) seeded from
/// an integer as CPython seeds it (init_by_array over the 32-bit words of |seed|), <c>random</c>, <c>getrandbits</c>,
/// <c>_randbelow</c> and <c>sample(range(n), k)</c>, so a seed gives the same draws as in Python.
/// The state is plain data so a detector using it serializes exactly.
/// </summary>
/// <example>
/// <code>
/// var rng = new PythonRandom(42);
/// Console.WriteLine(rng.GetRandBits(32));
/// // prints: 2746317213
/// // (as Python's random.Random(42).getrandbits(32))
/// </code>
/// </example>
public struct PythonRandom
{
    private const int N = 624;
    private const int M = 397;

    /// <summary>The 624 words of MT19937 state.</summary>
    public uint[] Mt;
    /// <summary>Next word to temper; 624 means "twist first".</summary>
    public int Index;

    /// <summary>Seeds as <c>random.Random(seed)</c> does for an int seed.</summary>
    public PythonRandom(long seed)
    {
        Mt = new uint[N];
        Index = N;
        Seed(seed);
    }

    /// <summary>Re-seeds in place (no allocation once <see cref="Mt"/> exists).</summary>
    public void Seed(long seed)
    {
        Mt ??= new uint[N];
        ulong magnitude = seed < 0 ? (ulong)(-(seed + 1)) + 1 : (ulong)seed;
        Span<uint> key = stackalloc uint[2];
        key[0] = (uint)magnitude;
        key[1] = (uint)(magnitude >> 32);
        int keyLength = key[1] != 0 ? 2 : 1;
        InitByArray(key[..keyLength]);
    }

    private void InitGenrand(uint s)
    {
        Mt[0] = s;
        for (int i = 1; i < N; i++)
            Mt[i] = 1812433253u * (Mt[i - 1] ^ (Mt[i - 1] >> 30)) + (uint)i;
        Index = N;
    }

    private void InitByArray(ReadOnlySpan<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            Mt[i] = (Mt[i] ^ ((Mt[i - 1] ^ (Mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) { Mt[0] = Mt[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            Mt[i] = (Mt[i] ^ ((Mt[i - 1] ^ (Mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { Mt[0] = Mt[N - 1]; i = 1; }
        }
        Mt[0] = 0x80000000u;
    }

    /// <summary>The next tempered 32-bit output (CPython's genrand_uint32).</summary>
    public uint NextUInt32()
    {
        if (Index >= N)
            Twist();
        uint y = Mt[Index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
        int kk = 0;
        uint y;
        for (; kk < N - M; kk++)
        {
            y = (Mt[kk] & upper) | (Mt[kk + 1] & lower);
            Mt[kk] = Mt[kk + M] ^ (y >> 1) ^ ((y & 1) * matrixA);
        }
        for (; kk < N - 1; kk++)
        {
            y = (Mt[kk] & upper) | (Mt[kk + 1] & lower);
            Mt[kk] = Mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1) * matrixA);
        }
        y = (Mt[N - 1] & upper) | (Mt[0] & lower);
        Mt[N - 1] = Mt[M - 1] ^ (y >> 1) ^ ((y & 1) * matrixA);
        Index = 0;
    }

    /// <summary><c>random()</c>: a double in [0, 1) from two outputs, 53 random bits (CPython's genrand_res53).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>getrandbits(k)</c> for 0 ≤ k ≤ 32.</summary>
    public uint GetRandBits(int k)
    {
        if (k is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(k), "0 <= k <= 32");
        return k == 0 ? 0u : NextUInt32() >> (32 - k);
    }

    /// <summary><c>_randbelow(n)</c>: uniform in [0, n) by rejection on bit_length(n) bits.</summary>
    public int RandBelow(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive.");
        int k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        uint r = GetRandBits(k);
        while (r >= (uint)n)
            r = GetRandBits(k);
        return (int)r;
    }

    /// <summary>
    /// <c>sample(range(n), k)</c> into <paramref name="result"/> (length k), with the same branch choice
    /// as CPython: a shrinking pool when n is small, rejection with a "selected" set otherwise.
    /// <paramref name="pool"/> needs length ≥ n; it is scratch space (no allocation).
    /// </summary>
    public void SampleRange(int n, Span<int> result, Span<int> pool)
    {
        int k = result.Length;
        if (k < 0 || k > n) throw new ArgumentException("Sample larger than population or is negative.");
        int setSize = 21;
        if (k > 5)
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3) / Math.Log(4)));
        if (n <= setSize)
        {
            for (int i = 0; i < n; i++) pool[i] = i;
            for (int i = 0; i < k; i++)
            {
                int j = RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            // pool doubles as the "selected" set: 1 marks an index already drawn.
            pool[..n].Clear();
            for (int i = 0; i < k; i++)
            {
                int j = RandBelow(n);
                while (pool[j] != 0)
                    j = RandBelow(n);
                pool[j] = 1;
                result[i] = j;
            }
        }
    }
}
