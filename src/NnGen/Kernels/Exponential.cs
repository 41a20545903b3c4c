using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// e^x for float, each value by the same operations whether it sits in a vector or alone, so that a value's bits do
/// not depend on where it lies in a span: softmax can run one pass over a whole chunk of rows (one library call per
/// row of ten classes was a few percent of batch inference) and still give Predict's bits.
/// </summary>
internal static class Exponential
{
    private const float Log2E = 1.44269504f;

    // Below this, e^x is under the smallest normal float, and the result is 0 (2^k below would not be a float's bits).
    private const float Lowest = -87.33654f;

    // 1.5·2²³ + 127: added to a small whole number k, the low bits of the sum are k + 127, so shifted left 23 they are
    // the bits of 2^k (cheaper than a float-to-int conversion, which .NET makes saturating).
    private const float ExponentBias = 12582912f + 127f;
    private const float Ln2High = 0.693145751953125f;       // ln 2 in few bits, so that k·Ln2High is exact
    private const float Ln2Low = 1.42860682e-06f;           // ln 2 − Ln2High

    // e^r = 1 + r + r²/2 + … + r⁷/7! for |r| ≤ ln 2 / 2 (the next term is below 6e-9 relative), by Estrin's scheme.
    private const float E2 = 0.5f, E3 = 0.166666667f, E4 = 0.0416666667f, E5 = 0.00833333333f, E6 = 0.00138888889f, E7 = 0.000198412698f;

    /// <summary>y = e^x for x ≤ 0 (softmax's shifted logits; larger values would overflow 2^k), NaN staying NaN.</summary>
    public static void OfNonPositive(ReadOnlySpan<float> x, Span<float> y) => Lanewise.Apply<Lanes>(x, y, "Exponential.OfNonPositive");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Of(float x)
    {
        var k = MathF.Floor(MathF.FusedMultiplyAdd(MathF.Max(x, Lowest), Log2E, 0.5f));
        var r = MathF.FusedMultiplyAdd(k, -Ln2High, x);
        r = MathF.FusedMultiplyAdd(k, -Ln2Low, r);
        var r2 = r * r;
        var e = MathF.FusedMultiplyAdd(
            r2 * r2,
            MathF.FusedMultiplyAdd(r2, MathF.FusedMultiplyAdd(E7, r, E6), MathF.FusedMultiplyAdd(E5, r, E4)),
            MathF.FusedMultiplyAdd(r2, MathF.FusedMultiplyAdd(E3, r, E2), r + 1f));
        e *= BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(k + ExponentBias) << 23);
        return x < Lowest ? 0f : e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Of(Vector256<float> x)
    {
        var k = Vector256.Floor(Vector256.FusedMultiplyAdd(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Log2E), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Low), r);
        var r2 = r * r;
        var e = Vector256.FusedMultiplyAdd(
            r2 * r2,
            Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(Vector256.Create(E7), r, Vector256.Create(E6)), Vector256.FusedMultiplyAdd(Vector256.Create(E5), r, Vector256.Create(E4))),
            Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(Vector256.Create(E3), r, Vector256.Create(E2)), r + Vector256<float>.One));
        e *= Vector256.ShiftLeft((k + Vector256.Create(ExponentBias)).AsInt32(), 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Lowest)), Vector256<float>.Zero, e);
    }

    private readonly struct Lanes : ILanewise
    {
        public static float Of(float x) => Exponential.Of(x);

        public static Vector256<float> Of(Vector256<float> x) => Exponential.Of(x);
    }
}
