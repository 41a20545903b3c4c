using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// im2col and its transpose for the generated convolutions: one sample's K × K patches as the rows of a matrix, so
/// that the convolution is one matrix product. Rows of a stride-1 convolution are runs of one input row, copied (and
/// in the transpose, added) with vectors; the previous element-by-element loops took a third of a LeNet step.
/// </summary>
public static class Patches
{
    /// <summary>
    /// columns[(c·K + i)·K + j, oy·OW + ox] = x[c, oy·S + i − P, ox·S + j − P], zero outside the input: x (C, H, W),
    /// columns (C·K·K, OH·OW).
    /// </summary>
    public static void Columns<T>(ReadOnlySpan<T> x, Span<T> columns, int c, int h, int w, int k, int s, int p, int oh, int ow)
        where T : unmanaged, INumberBase<T>
    {
        Check(x.Length, columns.Length, c, h, w, k, oh, ow);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var cr = ref MemoryMarshal.GetReference(columns);
        for (var ch = 0; ch < c; ch++)
        for (var i = 0; i < k; i++)
        for (var j = 0; j < k; j++)
        {
            ref var row = ref Unsafe.Add(ref cr, ((ch * k + i) * k + j) * oh * ow);
            if (s == 1 && oh == h && ow == w)
            {
                ShiftedPlane(ref Unsafe.Add(ref xr, ch * h * w), ref row, h, w, i - p, j - p);
                continue;
            }

            var (first, count) = Inside(j, s, p, w, ow);
            for (var oy = 0; oy < oh; oy++)
            {
                ref var cells = ref Unsafe.Add(ref row, oy * ow);
                var iy = oy * s + i - p;
                if ((uint)iy >= (uint)h)
                {
                    MemoryMarshal.CreateSpan(ref cells, ow).Clear();
                    continue;
                }

                ref var source = ref Unsafe.Add(ref xr, (ch * h + iy) * w);
                for (var ox = 0; ox < first; ox++) Unsafe.Add(ref cells, ox) = T.Zero;
                if (s == 1) Copy(ref Unsafe.Add(ref source, first + j - p), ref Unsafe.Add(ref cells, first), count);
                else for (var ox = first; ox < first + count; ox++) Unsafe.Add(ref cells, ox) = Unsafe.Add(ref source, ox * s + j - p);
                for (var ox = first + count; ox < ow; ox++) Unsafe.Add(ref cells, ox) = T.Zero;
            }
        }
    }

    /// <summary>
    /// One row of columns for a stride-1 convolution whose output is as large as its input ("same" padding): the plane
    /// shifted by (dy, dx), zero where that reads outside. The rows that read inside are one run in memory, so they are
    /// copied in one go, and the few values that crossed a row's edge are then set to zero.
    /// </summary>
    private static void ShiftedPlane<T>(ref T plane, ref T target, int h, int w, int dy, int dx) where T : unmanaged, INumberBase<T>
    {
        int first = Math.Max(0, -dy), last = Math.Min(h, h - dy);
        if (last <= first)
        {
            Zero(ref target, h * w);
            return;
        }

        Zero(ref target, first * w);
        Zero(ref Unsafe.Add(ref target, last * w), (h - last) * w);

        // target[t] = plane[t + shift] for t in the rows that read inside, trimmed where t + shift leaves the plane.
        var shift = dy * w + dx;
        int start = Math.Max(first * w, -shift), end = Math.Min(last * w, h * w - shift);
        if (end > start) Copy(ref Unsafe.Add(ref plane, start + shift), ref Unsafe.Add(ref target, start), end - start);
        for (var oy = first; oy < last; oy++)
        {
            ref var cells = ref Unsafe.Add(ref target, oy * w);
            for (var ox = 0; ox < -dx && ox < w; ox++) Unsafe.Add(ref cells, ox) = T.Zero;
            for (var ox = Math.Max(0, w - dx); ox < w; ox++) Unsafe.Add(ref cells, ox) = T.Zero;
        }
    }

    /// <summary>
    /// The transpose of <see cref="Columns{T}"/>: overwrites gx with the sum, over every column value, at the pixel it
    /// came from, added in the order (c, i, j, oy, ox).
    /// </summary>
    public static void AddColumns<T>(ReadOnlySpan<T> columns, Span<T> gx, int c, int h, int w, int k, int s, int p, int oh, int ow)
        where T : unmanaged, INumberBase<T>
    {
        Check(gx.Length, columns.Length, c, h, w, k, oh, ow);
        gx.Slice(0, c * h * w).Clear();
        ref var gr = ref MemoryMarshal.GetReference(gx);
        ref var cr = ref MemoryMarshal.GetReference(columns);
        for (var ch = 0; ch < c; ch++)
        for (var i = 0; i < k; i++)
        for (var j = 0; j < k; j++)
        {
            ref var row = ref Unsafe.Add(ref cr, ((ch * k + i) * k + j) * oh * ow);
            if (s == 1 && oh == h && ow == w && j == p)
            {
                // The middle column of a "same" stride-1 kernel shifts only vertically: the rows that land inside
                // are one run in memory on both sides, added in one go (each value still once, in the same order).
                // Row by row, a LeNet Fit took 3-5 % longer.
                int top = Math.Max(0, p - i), bottom = Math.Min(oh, h + p - i);
                if (bottom > top) Add(ref Unsafe.Add(ref row, top * ow), ref Unsafe.Add(ref gr, (ch * h + top + i - p) * w), (bottom - top) * w);
                continue;
            }

            var (first, count) = Inside(j, s, p, w, ow);
            for (var oy = 0; oy < oh; oy++)
            {
                var iy = oy * s + i - p;
                if ((uint)iy >= (uint)h) continue;
                ref var cells = ref Unsafe.Add(ref row, oy * ow);
                ref var target = ref Unsafe.Add(ref gr, (ch * h + iy) * w);
                if (s == 1) Add(ref Unsafe.Add(ref cells, first), ref Unsafe.Add(ref target, first + j - p), count);
                else for (var ox = first; ox < first + count; ox++) Unsafe.Add(ref target, ox * s + j - p) += Unsafe.Add(ref cells, ox);
            }
        }
    }

    /// <summary>The output columns ox in [first, first + count) read inside the input row (0 ≤ ox·S + j − P &lt; W).</summary>
    private static (int First, int Count) Inside(int j, int s, int p, int w, int ow)
    {
        var first = Math.Min(ow, Math.Max(0, (p - j + s - 1) / s));
        var last = Math.Min(ow, Math.Max(0, (w + p - j + s - 1) / s));
        return (first, Math.Max(0, last - first));
    }

    /// <summary>
    /// count zeros from target on, in vectors: a plane's top or bottom row is a few vectors, and a call to
    /// <c>Span.Clear</c> for each made LeNet's second im2col 3 % slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero<T>(ref T target, int count) where T : unmanaged
    {
        var width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && count >= width)
        {
            var q = 0;
            for (; q + width <= count; q += width) Vector256<T>.Zero.StoreUnsafe(ref target, (nuint)q);
            if (q < count) Vector256<T>.Zero.StoreUnsafe(ref target, (nuint)(count - width));
            return;
        }

        for (var q = 0; q < count; q++) Unsafe.Add(ref target, q) = default;
    }

    /// <summary>count values from source to target, in vectors where there are enough (also <see cref="SameConvolution"/>'s rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy<T>(ref T source, ref T target, int count) where T : unmanaged
    {
        var width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && count >= width)
        {
            var q = 0;
            for (; q + width <= count; q += width) Vector256.LoadUnsafe(ref source, (nuint)q).StoreUnsafe(ref target, (nuint)q);
            // The last vector overlaps the one before it: copying a value twice is harmless.
            if (q < count) Vector256.LoadUnsafe(ref source, (nuint)(count - width)).StoreUnsafe(ref target, (nuint)(count - width));
            return;
        }

        for (var q = 0; q < count; q++) Unsafe.Add(ref target, q) = Unsafe.Add(ref source, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(ref T source, ref T target, int count) where T : unmanaged, INumberBase<T>
    {
        var q = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var width = Vector256<T>.Count;
            for (; q + width <= count; q += width)
                (Vector256.LoadUnsafe(ref target, (nuint)q) + Vector256.LoadUnsafe(ref source, (nuint)q)).StoreUnsafe(ref target, (nuint)q);
            if (q + Vector128<T>.Count <= count)
            {
                (Vector128.LoadUnsafe(ref target, (nuint)q) + Vector128.LoadUnsafe(ref source, (nuint)q)).StoreUnsafe(ref target, (nuint)q);
                q += Vector128<T>.Count;
            }
        }

        for (; q < count; q++) Unsafe.Add(ref target, q) += Unsafe.Add(ref source, q);
    }

    private static void Check(int image, int columns, int c, int h, int w, int k, int oh, int ow)
    {
        if (c <= 0 || h <= 0 || w <= 0 || k <= 0 || oh <= 0 || ow <= 0 || image < c * h * w || columns < c * k * k * oh * ow)
        {
            throw new ArgumentException(
                $"Patches: an image of {c}×{h}×{w} needs {c * h * w} values and its {k}×{k} patches at {oh}×{ow} positions " +
                $"{c * k * k * oh * ow}; the spans hold {image} and {columns}.");
        }
    }
}
