using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NnGen;

/// <summary>
/// The three matrix products of a Dense layer over a batch, register-blocked: four samples by four units at a time,
/// so that each vector loaded from memory feeds four multiply-adds and sixteen accumulators stay in registers.
/// Layouts are the network's: x (n, inputs), W (units, inputs) row-major, y and gy (n, units). Vectors are
/// <see cref="Vector{T}"/>, as wide as the processor allows (256 bits with AVX2); leftover rows and columns are
/// handled one at a time.
/// </summary>
public static class DenseKernels
{
    /// <summary>y[s, o] = b[o] + Σₖ x[s, k] W[o, k].</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> y, int n, int inputs, int units)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length >= n * inputs && w.Length >= units * inputs && b.Length >= units && y.Length >= n * units);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var wr = ref MemoryMarshal.GetReference(w);
        var s = 0;
        for (; s + 4 <= n; s += 4)
        {
            var o = 0;
            for (; o + 4 <= units; o += 4)
            {
                Dot4x4(ref Unsafe.Add(ref xr, s * inputs), ref Unsafe.Add(ref wr, o * inputs), inputs, out var block);
                for (var i = 0; i < 4; i++)
                for (var j = 0; j < 4; j++)
                    y[(s + i) * units + o + j] = b[o + j] + block[i * 4 + j];
            }
            for (; o < units; o++)
                for (var i = 0; i < 4; i++)
                    y[(s + i) * units + o] = b[o] + Dot(ref Unsafe.Add(ref xr, (s + i) * inputs), ref Unsafe.Add(ref wr, o * inputs), inputs);
        }
        for (; s < n; s++)
            for (var o = 0; o < units; o++)
                y[s * units + o] = b[o] + Dot(ref Unsafe.Add(ref xr, s * inputs), ref Unsafe.Add(ref wr, o * inputs), inputs);
    }

    /// <summary>dW[o, k] += Σₛ gy[s, o] x[s, k]: the weight gradient, added to what <paramref name="dw"/> holds.</summary>
    public static void AddWeightGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> dw, int n, int inputs, int units)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length >= n * inputs && gy.Length >= n * units && dw.Length >= units * inputs);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(dw);
        var width = Vector<T>.Count;
        var o = 0;
        for (; o + 4 <= units; o += 4)
        {
            var k = 0;
            for (; k + width <= inputs; k += width)
            {
                // Four rows of dW stay in registers while every sample adds its contribution.
                var a0 = Vector.LoadUnsafe(ref dr, (nuint)(o * inputs + k));
                var a1 = Vector.LoadUnsafe(ref dr, (nuint)((o + 1) * inputs + k));
                var a2 = Vector.LoadUnsafe(ref dr, (nuint)((o + 2) * inputs + k));
                var a3 = Vector.LoadUnsafe(ref dr, (nuint)((o + 3) * inputs + k));
                for (var s = 0; s < n; s++)
                {
                    var xv = Vector.LoadUnsafe(ref xr, (nuint)(s * inputs + k));
                    var g = s * units + o;
                    a0 = Fma(new Vector<T>(gy[g]), xv, a0);
                    a1 = Fma(new Vector<T>(gy[g + 1]), xv, a1);
                    a2 = Fma(new Vector<T>(gy[g + 2]), xv, a2);
                    a3 = Fma(new Vector<T>(gy[g + 3]), xv, a3);
                }
                a0.StoreUnsafe(ref dr, (nuint)(o * inputs + k));
                a1.StoreUnsafe(ref dr, (nuint)((o + 1) * inputs + k));
                a2.StoreUnsafe(ref dr, (nuint)((o + 2) * inputs + k));
                a3.StoreUnsafe(ref dr, (nuint)((o + 3) * inputs + k));
            }
            for (; k < inputs; k++)
                for (var j = 0; j < 4; j++)
                    for (var s = 0; s < n; s++)
                        dw[(o + j) * inputs + k] += gy[s * units + o + j] * x[s * inputs + k];
        }
        for (; o < units; o++)
            for (var s = 0; s < n; s++)
                AddScaled(x.Slice(s * inputs, inputs), gy[s * units + o], dw.Slice(o * inputs, inputs));
    }

    /// <summary>gx[s, k] = Σₒ gy[s, o] W[o, k]: the gradient with respect to the layer's input (overwrites gx).</summary>
    public static void InputGradient<T>(ReadOnlySpan<T> gy, ReadOnlySpan<T> w, Span<T> gx, int n, int inputs, int units)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(gy.Length >= n * units && w.Length >= units * inputs && gx.Length >= n * inputs);
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var gr = ref MemoryMarshal.GetReference(gx);
        var width = Vector<T>.Count;
        var s = 0;
        for (; s + 4 <= n; s += 4)
        {
            var k = 0;
            for (; k + width <= inputs; k += width)
            {
                // Four samples share every row vector of W loaded.
                Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
                for (var o = 0; o < units; o++)
                {
                    var wv = Vector.LoadUnsafe(ref wr, (nuint)(o * inputs + k));
                    a0 = Fma(new Vector<T>(gy[s * units + o]), wv, a0);
                    a1 = Fma(new Vector<T>(gy[(s + 1) * units + o]), wv, a1);
                    a2 = Fma(new Vector<T>(gy[(s + 2) * units + o]), wv, a2);
                    a3 = Fma(new Vector<T>(gy[(s + 3) * units + o]), wv, a3);
                }
                a0.StoreUnsafe(ref gr, (nuint)(s * inputs + k));
                a1.StoreUnsafe(ref gr, (nuint)((s + 1) * inputs + k));
                a2.StoreUnsafe(ref gr, (nuint)((s + 2) * inputs + k));
                a3.StoreUnsafe(ref gr, (nuint)((s + 3) * inputs + k));
            }
            for (; k < inputs; k++)
                for (var i = 0; i < 4; i++)
                {
                    var sum = T.Zero;
                    for (var o = 0; o < units; o++) sum += gy[(s + i) * units + o] * w[o * inputs + k];
                    gx[(s + i) * inputs + k] = sum;
                }
        }
        for (; s < n; s++)
        {
            var gxs = gx.Slice(s * inputs, inputs);
            gxs.Clear();
            for (var o = 0; o < units; o++) AddScaled(w.Slice(o * inputs, inputs), gy[s * units + o], gxs);
        }
    }

    /// <summary>The 4×4 block of dot products of four consecutive rows of x with four consecutive rows of W.</summary>
    private static void Dot4x4<T>(ref T x, ref T w, int length, out Block16<T> block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        Vector<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector<T> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector<T> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector<T> c30 = default, c31 = default, c32 = default, c33 = default;
        var k = 0;
        for (; k + width <= length; k += width)
        {
            var w0 = Vector.LoadUnsafe(ref w, (nuint)k);
            var w1 = Vector.LoadUnsafe(ref w, (nuint)(length + k));
            var w2 = Vector.LoadUnsafe(ref w, (nuint)(2 * length + k));
            var w3 = Vector.LoadUnsafe(ref w, (nuint)(3 * length + k));
            var x0 = Vector.LoadUnsafe(ref x, (nuint)k);
            c00 = Fma(x0, w0, c00); c01 = Fma(x0, w1, c01);
            c02 = Fma(x0, w2, c02); c03 = Fma(x0, w3, c03);
            var x1 = Vector.LoadUnsafe(ref x, (nuint)(length + k));
            c10 = Fma(x1, w0, c10); c11 = Fma(x1, w1, c11);
            c12 = Fma(x1, w2, c12); c13 = Fma(x1, w3, c13);
            var x2 = Vector.LoadUnsafe(ref x, (nuint)(2 * length + k));
            c20 = Fma(x2, w0, c20); c21 = Fma(x2, w1, c21);
            c22 = Fma(x2, w2, c22); c23 = Fma(x2, w3, c23);
            var x3 = Vector.LoadUnsafe(ref x, (nuint)(3 * length + k));
            c30 = Fma(x3, w0, c30); c31 = Fma(x3, w1, c31);
            c32 = Fma(x3, w2, c32); c33 = Fma(x3, w3, c33);
        }
        block = default;
        block[0] = Vector.Sum(c00); block[1] = Vector.Sum(c01); block[2] = Vector.Sum(c02); block[3] = Vector.Sum(c03);
        block[4] = Vector.Sum(c10); block[5] = Vector.Sum(c11); block[6] = Vector.Sum(c12); block[7] = Vector.Sum(c13);
        block[8] = Vector.Sum(c20); block[9] = Vector.Sum(c21); block[10] = Vector.Sum(c22); block[11] = Vector.Sum(c23);
        block[12] = Vector.Sum(c30); block[13] = Vector.Sum(c31); block[14] = Vector.Sum(c32); block[15] = Vector.Sum(c33);
        for (; k < length; k++)
            for (var i = 0; i < 4; i++)
            {
                var xi = Unsafe.Add(ref x, i * length + k);
                for (var j = 0; j < 4; j++) block[i * 4 + j] += xi * Unsafe.Add(ref w, j * length + k);
            }
    }

    /// <summary>a · b + c in one fused instruction for float and double (the JIT keeps only the branch for T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    /// <summary>Σₖ a[k] b[k] over <paramref name="length"/> values.</summary>
    private static T Dot<T>(ref T a, ref T b, int length) where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.Dot<T>(MemoryMarshal.CreateReadOnlySpan(ref a, length), MemoryMarshal.CreateReadOnlySpan(ref b, length));

    /// <summary>y += a · x.</summary>
    private static void AddScaled<T>(ReadOnlySpan<T> x, T a, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(x, a, y, y);

    private static void Check(bool lengthsFit)
    {
        if (!lengthsFit) throw new ArgumentException("DenseKernels: a span is shorter than n, inputs and units require.");
    }

    /// <summary>Sixteen values on the stack: the result of one 4×4 block.</summary>
    [InlineArray(16)]
    private struct Block16<T>
    {
        private T _element;
    }
}
