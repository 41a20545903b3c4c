using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// Activations the generated code calls for float layers: tanh in a few multiply-adds and one division, vectorized,
/// with no call overhead for short rows (a tiny network's eight units are one vector). Every value, in a vector or
/// alone, goes through the same operations, so a sample gives the same bits in Predict and in PredictBatch.
/// </summary>
public static class Activations
{
    // Below this |x|, tanh is its odd Taylor series to x¹⁷ (the next term is below 0.1 ulp); above, 1 − 2/(e^{2|x|} + 1).
    private const float SeriesLimit = 0.55f;

    // Beyond this |x|, tanh(x) rounds to ±1 in float.
    private const float Saturation = 9.1f;

    private const float Log2E = 1.44269504f;

    // 1.5·2²³ + 127: added to a small whole number k, the low bits of the sum are k + 127, so shifted left 23 they are
    // the bits of 2^k (cheaper than a float-to-int conversion, which .NET makes saturating).
    private const float ExponentBias = 12582912f + 127f;
    private const float Ln2High = 0.693145751953125f;       // ln 2 in few bits, so that k·Ln2High is exact
    private const float Ln2Low = 1.42860682e-06f;           // ln 2 − Ln2High

    // tanh x = x + x³ (T1 + x² (T2 + …)): the series' coefficients −1/3, 2/15, −17/315, 62/2835, …
    private const float T1 = -0.333333333f, T2 = 0.133333333f, T3 = -0.0539682540f, T4 = 0.0218694885f;
    private const float T5 = -0.00886323553f, T6 = 0.00359212803f, T7 = -0.00145583438f, T8 = 0.000590027441f;

    // e^r = 1 + r + r²/2 + … + r⁷/7! for |r| ≤ ln 2 / 2, evaluated by Estrin's scheme (pairs, then r², then r⁴): three
    // multiply-adds deep instead of seven, since a tiny network waits on this chain twice per Predict.
    private const float E2 = 0.5f, E3 = 0.166666667f, E4 = 0.0416666667f, E5 = 0.00833333333f, E6 = 0.00138888889f, E7 = 0.000198412698f;

    /// <summary>
    /// Softmax of each of <paramref name="rows"/> rows of <paramref name="length"/> values: y = e^(x − max x) / Σ e^(x − max x).
    /// The maximum, the sum and the division are plain loops, which for a few classes cost less than the calls they
    /// replace (four vector-library calls per sample were a tenth of batch inference); the exponential is
    /// <c>TensorPrimitives.Exp</c> on each row.
    /// </summary>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (rows < 0 || length <= 0 || x.Length < (long)rows * length || y.Length < (long)rows * length)
            throw new ArgumentException($"Activations.Softmax: {rows} rows of {length} values need {(long)rows * length} in x and y; they hold {x.Length} and {y.Length}.");
        for (var s = 0; s < rows; s++)
        {
            var xs = x.Slice(s * length, length);
            var ys = y.Slice(s * length, length);
            var max = xs[0];
            for (var i = 1; i < length; i++) max = T.Max(max, xs[i]);
            for (var i = 0; i < length; i++) ys[i] = xs[i] - max;
            System.Numerics.Tensors.TensorPrimitives.Exp<T>(ys, ys);
            var sum = T.Zero;
            for (var i = 0; i < length; i++) sum += ys[i];
            for (var i = 0; i < length; i++) ys[i] /= sum;
        }
    }

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

    /// <summary>y = tanh(x), within 2 ulp of the exact value; NaN stays NaN.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Activations.Tanh: the output holds {y.Length} values, the input {x.Length}.", nameof(y));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
                Tanh(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < x.Length; i++) Unsafe.Add(ref yr, i) = Tanh(Unsafe.Add(ref xr, i));
    }

    /// <summary>tanh(x) for one value, with the same operations as each lane of the vector version.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        var a = MathF.Min(MathF.Abs(x), Saturation);
        var a2 = a * a;
        var p = MathF.FusedMultiplyAdd(T8, a2, T7);
        p = MathF.FusedMultiplyAdd(p, a2, T6);
        p = MathF.FusedMultiplyAdd(p, a2, T5);
        p = MathF.FusedMultiplyAdd(p, a2, T4);
        p = MathF.FusedMultiplyAdd(p, a2, T3);
        p = MathF.FusedMultiplyAdd(p, a2, T2);
        p = MathF.FusedMultiplyAdd(p, a2, T1);
        var series = MathF.FusedMultiplyAdd(a * a2, p, a);

        var twice = a + a;
        var k = MathF.Floor(MathF.FusedMultiplyAdd(twice, Log2E, 0.5f));
        var r = MathF.FusedMultiplyAdd(k, -Ln2High, twice);
        r = MathF.FusedMultiplyAdd(k, -Ln2Low, r);
        var r2 = r * r;
        var e = MathF.FusedMultiplyAdd(
            r2 * r2,
            MathF.FusedMultiplyAdd(r2, MathF.FusedMultiplyAdd(E7, r, E6), MathF.FusedMultiplyAdd(E5, r, E4)),
            MathF.FusedMultiplyAdd(r2, MathF.FusedMultiplyAdd(E3, r, E2), r + 1f));
        e *= BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(k + ExponentBias) << 23);
        var large = 1f - 2f / (e + 1f);

        var t = a < SeriesLimit ? series : large;
        return float.IsNaN(x) ? x : MathF.CopySign(t, x);
    }

    /// <summary>tanh of every lane (eight values: a tiny network's layer in one register).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var a = Vector256.Min(Vector256.Abs(x), Vector256.Create(Saturation));
        var a2 = a * a;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(T8), a2, Vector256.Create(T7));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T6));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T5));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T4));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T3));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T2));
        p = Vector256.FusedMultiplyAdd(p, a2, Vector256.Create(T1));
        var series = Vector256.FusedMultiplyAdd(a * a2, p, a);

        var twice = a + a;
        var k = Vector256.Floor(Vector256.FusedMultiplyAdd(twice, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2High), twice);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Low), r);
        var r2 = r * r;
        var e = Vector256.FusedMultiplyAdd(
            r2 * r2,
            Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(Vector256.Create(E7), r, Vector256.Create(E6)), Vector256.FusedMultiplyAdd(Vector256.Create(E5), r, Vector256.Create(E4))),
            Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(Vector256.Create(E3), r, Vector256.Create(E2)), r + Vector256<float>.One));
        e *= Vector256.ShiftLeft((k + Vector256.Create(ExponentBias)).AsInt32(), 23).AsSingle();
        var large = Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One);

        var t = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SeriesLimit)), series, large);
        var signed = Vector256.ConditionalSelect(Vector256.Create(-0f), x, t);   // the sign bit of x, the rest of t
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), signed, x);
    }
}
