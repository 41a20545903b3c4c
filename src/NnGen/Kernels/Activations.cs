using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// Activations the generated code calls for float layers: tanh in a few multiply-adds and one division, sigmoid from
/// an exponential and one division (Activations.Sigmoid.cs), vectorized, with no call overhead for short rows (a tiny
/// network's eight units are one vector). Every value, in a vector or alone, goes through the same operations, so a
/// sample gives the same bits in Predict and in PredictBatch.
/// </summary>
public static partial class Activations
{
    // tanh x two ways, both computed and one kept per lane, each a short chain (a tiny network waits on this twice per
    // Predict): below SmallLimit, x + x·s·R(s) with s = x² and R a polynomial; from there, 1 − D(|x|) with D a rational
    // function. Each form's own rounding errors reach the result scaled down, by (x − tanh x)/tanh x and by
    // (1 − tanh x)/tanh x, both at most 0.32 on their side of 1. A single ratio x·P(x²)/Q(x²) would be one subtraction
    // shorter, but it rounds P, Q and their quotient at full weight: 4.6 ulp. The polynomials go by Estrin's scheme
    // (pairs, then times s, then times s²): three multiply-adds deep.
    private const float SmallLimit = 1f;

    // Beyond this |x|, tanh(x) rounds to ±1 in float: the largest float below atanh(1 − 2⁻²⁵) = 9.01091334.
    private const float Saturation = 9.010913f;

    // R(s) ≈ (tanh x − x)/x³ for s = x² in [0, 1.01²]: a degree-7 minimax fit whose error is measured relative to
    // tanh x (Lawson's iteratively reweighted least squares in double), the coefficients then rounded to float one at a
    // time from R0 up, refitting the rest after each. The fit's error is 0.008 ulp.
    private const float R0 = -0.33333328f, R1 = 0.13333175f, R2 = -0.05395072f, R3 = 0.021774389f;
    private const float R4 = -0.008571194f, R5 = 0.0030483298f, R6 = -0.000821377f, R7 = 0.000116264906f;

    // D(a) = P(a)/Q(a) ≈ 1 − tanh a for a in [0.99, 9.03]: a degree-(6, 6) minimax fit in absolute error, with
    // Q(0) = 1 (Lawson's algorithm on Loeb's linearization, in double), the coefficients then rounded to float one at a
    // time from the lowest degree up, refitting the rest after each. The fit's error is 0.044 ulp of tanh.
    private const float P0 = 0.99800724f, P1 = -0.67526156f, P2 = 0.19549808f, P3 = -0.030922018f;
    private const float P4 = 0.0028105597f, P5 = -0.00013879269f, P6 = 2.9010178e-06f;
    private const float Q1 = 0.3129789f, Q2 = 0.53861874f, Q3 = 0.13112436f;
    private const float Q4 = 0.06620214f, Q5 = 0.0032169556f, Q6 = 0.0031625913f;

    /// <summary>ReLU's backward pass: gx = gy where x &gt; 0, else 0.</summary>
    public static void ReLUBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (gy.Length < x.Length || gx.Length < x.Length)
            throw new ArgumentException($"Activations.ReLUBackward: x holds {x.Length} values, gy {gy.Length}, gx {gx.Length}.", nameof(gx));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var gyr = ref MemoryMarshal.GetReference(gy);
        ref var gxr = ref MemoryMarshal.GetReference(gx);
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            for (; i + System.Numerics.Vector<T>.Count <= x.Length; i += System.Numerics.Vector<T>.Count)
            {
                var positive = System.Numerics.Vector.GreaterThan(System.Numerics.Vector.LoadUnsafe(ref xr, (nuint)i), System.Numerics.Vector<T>.Zero);
                System.Numerics.Vector.StoreUnsafe(System.Numerics.Vector.BitwiseAnd(System.Numerics.Vector.LoadUnsafe(ref gyr, (nuint)i), positive), ref gxr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) Unsafe.Add(ref gxr, i) = Unsafe.Add(ref xr, i) > T.Zero ? Unsafe.Add(ref gyr, i) : T.Zero;
    }

    /// <summary>
    /// y = tanh(x), within 2 ulp of the exact value (1.37 ulp at worst, at ±1.032549, over every float in [−10, 10]);
    /// NaN stays NaN.
    /// </summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Lanewise.Apply<TanhLanes>(x, y, "Activations.Tanh");

    /// <summary>
    /// tanh(x) for one value, with the same arithmetic as each lane of the vector version: within 2 ulp of the exact
    /// value; ±0, tiny values and NaN come back as they are, ±∞ and |x| beyond 9.010913 give ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        var a = MathF.Abs(x);
        var s = x * x;
        var s2 = s * s;
        var p = MathF.FusedMultiplyAdd(
            s2,
            MathF.FusedMultiplyAdd(s, P6, MathF.FusedMultiplyAdd(P5, a, P4)),
            MathF.FusedMultiplyAdd(s, MathF.FusedMultiplyAdd(P3, a, P2), MathF.FusedMultiplyAdd(P1, a, P0)));
        var q = MathF.FusedMultiplyAdd(
            s2,
            MathF.FusedMultiplyAdd(s, Q6, MathF.FusedMultiplyAdd(Q5, a, Q4)),
            MathF.FusedMultiplyAdd(s, MathF.FusedMultiplyAdd(Q3, a, Q2), MathF.FusedMultiplyAdd(Q1, a, 1f)));
        var large = 1f - p / q;

        var r = MathF.FusedMultiplyAdd(
            s2 * s2,
            MathF.FusedMultiplyAdd(s2, MathF.FusedMultiplyAdd(R7, s, R6), MathF.FusedMultiplyAdd(R5, s, R4)),
            MathF.FusedMultiplyAdd(s2, MathF.FusedMultiplyAdd(R3, s, R2), MathF.FusedMultiplyAdd(R1, s, R0)));
        var small = MathF.CopySign(a > Saturation ? 1f : MathF.FusedMultiplyAdd(x * s, r, x), x);

        // A NaN fails both comparisons and comes back through the small path as it went in.
        return a >= SmallLimit && a <= Saturation ? MathF.CopySign(large, x) : small;
    }

    /// <summary>tanh of every lane (eight values: a tiny network's layer in one register), as <see cref="Tanh(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        // The large path first: it is the longer chain, and the processor starts the oldest waiting operations first.
        var a = Vector256.Abs(x);
        var s = x * x;
        var s2 = s * s;
        var p = Vector256.FusedMultiplyAdd(
            s2,
            Vector256.FusedMultiplyAdd(s, Vector256.Create(P6), Vector256.FusedMultiplyAdd(Vector256.Create(P5), a, Vector256.Create(P4))),
            Vector256.FusedMultiplyAdd(s, Vector256.FusedMultiplyAdd(Vector256.Create(P3), a, Vector256.Create(P2)), Vector256.FusedMultiplyAdd(Vector256.Create(P1), a, Vector256.Create(P0))));
        var q = Vector256.FusedMultiplyAdd(
            s2,
            Vector256.FusedMultiplyAdd(s, Vector256.Create(Q6), Vector256.FusedMultiplyAdd(Vector256.Create(Q5), a, Vector256.Create(Q4))),
            Vector256.FusedMultiplyAdd(s, Vector256.FusedMultiplyAdd(Vector256.Create(Q3), a, Vector256.Create(Q2)), Vector256.FusedMultiplyAdd(Vector256.Create(Q1), a, Vector256<float>.One)));
        var large = Vector256<float>.One - p / q;

        var r = Vector256.FusedMultiplyAdd(
            s2 * s2,
            Vector256.FusedMultiplyAdd(s2, Vector256.FusedMultiplyAdd(Vector256.Create(R7), s, Vector256.Create(R6)), Vector256.FusedMultiplyAdd(Vector256.Create(R5), s, Vector256.Create(R4))),
            Vector256.FusedMultiplyAdd(s2, Vector256.FusedMultiplyAdd(Vector256.Create(R3), s, Vector256.Create(R2)), Vector256.FusedMultiplyAdd(Vector256.Create(R1), s, Vector256.Create(R0))));
        var saturated = Vector256.GreaterThan(a, Vector256.Create(Saturation));
        var small = Vector256.CopySign(Vector256.ConditionalSelect(saturated, Vector256<float>.One, Vector256.FusedMultiplyAdd(x * s, r, x)), x);

        // One bitwise choice after the subtraction: the large path's value but for its sign bit, which comes from the
        // small path's (x's sign there). A NaN fails both comparisons and comes back through the small path.
        var useLarge = Vector256.GreaterThanOrEqual(a, Vector256.Create(SmallLimit)) & ~saturated;
        return Vector256.ConditionalSelect(Vector256.AndNot(useLarge, Vector256.Create(-0f)), large, small);
    }

    private readonly struct TanhLanes : ILanewise
    {
        public static float Of(float x) => Tanh(x);

        public static Vector256<float> Of(Vector256<float> x) => Tanh(x);
    }
}
