namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// A small deterministic random source (xoshiro256**, seeded through SplitMix64; Blackman and Vigna 2018), so a
/// generator with a fixed seed writes the same bytes on every platform and .NET version; System.Random's
/// sequence is not a documented contract. It is a <see cref="Random"/>, so the library's every seeded draw
/// (shuffles, folds, permutations, initial weights, synthetic streams) goes through it: <c>Shuffle</c>,
/// <c>GetItems</c> and the other base methods call the overrides below.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new SeededRandom(0).NextUInt64().ToString("X"));
/// // prints: 99EC5F36CB75F2B4
/// </code>
/// </example>
public sealed class SeededRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator for <paramref name="seed"/>; an int seed is widened (sign-extended), so seeds 0 and 0UL agree.</summary>
    public SeededRandom(int seed) : this(unchecked((ulong)seed)) { }

    public SeededRandom(ulong seed) : base(0)
    {
        _s0 = SplitMix(ref seed); _s1 = SplitMix(ref seed); _s2 = SplitMix(ref seed); _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 bits of precision.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    protected override double Sample() => NextDouble();

    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <summary>Uniform in [0, int.MaxValue), as <see cref="Random.Next()"/> promises.</summary>
    public override int Next()
    {
        int r;
        do r = (int)(NextUInt64() >> 33); while (r == int.MaxValue);
        return r;
    }

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : NextInt(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        return range == 0 ? minValue : (int)(minValue + (long)Below((ulong)range));
    }

    public override long NextInt64()
    {
        long r;
        do r = (long)(NextUInt64() >> 1); while (r == long.MaxValue);
        return r;
    }

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : (long)Below((ulong)maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        ulong range = unchecked((ulong)(maxValue - minValue));
        return range == 0 ? minValue : unchecked(minValue + (long)Below(range));
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong bits = NextUInt64();
            for (int j = 0; j < 8 && i + j < buffer.Length; j++) buffer[i + j] = (byte)(bits >> (8 * j));
        }
    }

    /// <summary>Uniform in [0, bound) without modulo bias (rejection of the top remainder).</summary>
    private ulong Below(ulong bound)
    {
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return r % bound;
    }

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, count), without modulo bias.</summary>
    public int NextInt(int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be positive.");
        return (int)Below((ulong)count);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal draw (Box-Muller; one value per call, for simplicity over speed).</summary>
    public double Normal(double mean = 0, double sd = 1)
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
