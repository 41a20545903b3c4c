using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NnGen.Tests.Kernels;

/// <summary>
/// The products reduce their accumulators transposed together (Sum4x4, Sum2x4): each sum must get the bits of that
/// accumulator's own Sum, which a lone row (one sample) and every other width use. The values span many orders of
/// magnitude, so that adding the lanes in any other order rounds differently. A width this processor lacks is never
/// used here, so it is not checked.
/// </summary>
public class SimdSumsTests
{
    [Fact]
    public void TransposedSums_GiveEachAccumulatorTheBitsOfItsOwnSum()
    {
        var rng = new Rng(11);
        for (var trial = 0; trial < 300; trial++)
        {
            if (Avx512F.IsSupported)
            {
                var c = new Vector512<float>[16];
                for (var v = 0; v < c.Length; v++) c[v] = Vector512.Create(Values(rng, 16));
                var sixteen = Simd512<float>.Sum4x4(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15]);
                for (var v = 0; v < 16; v++) AssertBits(Simd512<float>.Sum(c[v]), sixteen.GetElement(v), $"Simd512.Sum4x4, accumulator {v}");
                var eight = Simd512<float>.Sum2x4(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
                for (var v = 0; v < 8; v++) AssertBits(Simd512<float>.Sum(c[v]), eight.GetElement(v), $"Simd512.Sum2x4, accumulator {v}");
            }

            if (Avx.IsSupported)
            {
                var c = new Vector256<float>[8];
                for (var v = 0; v < c.Length; v++) c[v] = Vector256.Create(Values(rng, 8));
                var eight = Simd256<float>.Sum2x4(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
                for (var v = 0; v < 8; v++) AssertBits(Simd256<float>.Sum(c[v]), eight.GetElement(v), $"Simd256.Sum2x4, accumulator {v}");
            }
        }
    }

    private static float[] Values(Rng rng, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)(rng.NextGaussian() * Math.Pow(2, rng.NextInt(40) - 20));
        return values;
    }

    private static void AssertBits(float expected, float actual, string what) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{what}: {actual:R}, its own Sum gives {expected:R}");
}
