using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NnGen;

public static partial class Activations
{
    // σ(x) = 1/(1 + e^−x) from e = e^−|x|, which is at most 1 (Exponential's range): 1/(1 + e) for x ≥ 0 and
    // e/(1 + e) below, one division either way. Nothing is subtracted from 1, so a small σ keeps its relative accuracy
    // (the usual 1 − σ(−x) loses it); the exponential's rounding reaches the result at most once, the sum's and the
    // quotient's half an ulp each.

    /// <summary>
    /// y = σ(x) = 1/(1 + e^−x), within 3.5 ulp of the exact value where it is a normal float (x ≥ −87.33), 0
    /// below (3.22 ulp at worst, at −2.727128, over every float from −87.33 to 20; <c>TensorPrimitives.Sigmoid</c>:
    /// 3.69). NaN stays NaN, +∞ gives 1 and −∞ gives 0.
    /// </summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Lanewise.Apply<SigmoidLanes>(x, y, "Activations.Sigmoid");

    /// <summary>σ(x) for one value, with the same arithmetic as each lane of the vector version.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        var e = Exponential.Of(-MathF.Abs(x));
        return (x >= 0f ? 1f : e) / (1f + e);
    }

    /// <summary>σ of every lane (eight values: a tiny network's layer in one register), as <see cref="Sigmoid(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var e = Exponential.Of(-Vector256.Abs(x));
        var numerator = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One, e);
        return numerator / (Vector256<float>.One + e);
    }

    private readonly struct SigmoidLanes : ILanewise
    {
        public static float Of(float x) => Sigmoid(x);

        public static Vector256<float> Of(Vector256<float> x) => Sigmoid(x);
    }
}
