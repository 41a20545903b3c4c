namespace NnGen;

/// <summary>
/// A small, seeded random generator (xoshiro256**, seeded through SplitMix64) whose sequence is the same on every
/// machine and .NET version, so that a seed fixes initial weights, dropout masks and shuffles bit for bit.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The number of 64-bit words in the generator's state (<see cref="SaveState"/>).</summary>
    public const int StateLength = 4;

    /// <summary>
    /// The generator's whole state, four 64-bit words: <see cref="RestoreState"/> on any Rng continues this one's
    /// sequence from here, bit for bit. A checkpoint saves it so that a resumed run shuffles and drops out alike.
    /// </summary>
    public ulong[] SaveState() => [_s0, _s1, _s2, _s3];

    /// <summary>Replaces the state with one that <see cref="SaveState"/> returned; the next values continue that sequence.</summary>
    /// <param name="state">Exactly <see cref="StateLength"/> words, not all zero.</param>
    /// <exception cref="ArgumentException">
    /// The state has another length, or is all zero: xoshiro256**'s one fixed point, which would yield only zeros and
    /// which no seed produces.
    /// </exception>
    public void RestoreState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != StateLength)
        {
            throw new ArgumentException(
                $"An Rng state is {StateLength} 64-bit words (xoshiro256**), got {state.Length}.", nameof(state));
        }

        if ((state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException(
                "An all-zero Rng state is invalid: xoshiro256** would return only zeros from it. Pass a state that SaveState returned.",
                nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>A standard normal value (Box–Muller; one pair of uniforms per value, so the sequence stays simple).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    public void Shuffle<TValue>(Span<TValue> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
