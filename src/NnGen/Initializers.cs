using System.Numerics;

namespace NnGen;

/// <summary>
/// Weight initialization. Values are drawn in double and rounded to the network's type, so a float network and
/// a double network with the same seed start from the same weights (up to float rounding).
/// </summary>
public static class Initializers
{
    /// <summary>He (Kaiming) normal: w ~ N(0, 2 / fanIn), for layers followed by ReLU or LeakyReLU.</summary>
    public static void He<T>(Span<T> weights, int fanIn, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var std = Math.Sqrt(2.0 / fanIn);
        for (var i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(std * rng.NextGaussian());
    }

    /// <summary>Glorot (Xavier) uniform: w ~ U(−a, a), a = √(6 / (fanIn + fanOut)), for every other layer.</summary>
    public static void Glorot<T>(Span<T> weights, int fanIn, int fanOut, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (var i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(limit * (2.0 * rng.NextDouble() - 1.0));
    }
}
