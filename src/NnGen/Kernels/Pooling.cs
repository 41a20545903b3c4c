using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// 2 × 2 max pooling with stride 2, whose windows tile the input, for the generated code: eight windows at a time in
/// one 512-bit vector per input row where a row has at least eight (LeNet's 28-wide planes: `Fit` 2–4 % faster than
/// with four), else four in a 256-bit vector, without the branches of a scalar search (ReLU outputs tie at zero, so
/// those branches are unpredictable). A row's last vector may overlap the one before it: the same values again.
/// </summary>
public static class Pooling
{
    /// <summary>
    /// The forward pass over <paramref name="planes"/> planes of <paramref name="height"/> × <paramref name="width"/>
    /// values (both even): y = max of each window (Math.Max: NaN wins, +0 beats −0), and with <paramref name="relu"/>
    /// also max(·, 0), the ReLU before the pooling moved after it.
    /// </summary>
    public static void Max2x2<T>(ReadOnlySpan<T> x, Span<T> y, int planes, int height, int width, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = width / 2, oh = height / 2;
        if ((long)planes * height * width > x.Length || (long)planes * oh * ow > y.Length || height % 2 != 0 || width % 2 != 0)
            ThrowForwardSizes(planes, height, width, x.Length, y.Length);

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var vectors = typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && ow >= 4;
        var wide = vectors && Vector512.IsHardwareAccelerated && ow >= 8;
        for (var row = 0; row < planes * oh; row++)
        {
            ref var x0 = ref Unsafe.Add(ref xr, 2 * row * width);
            ref var x1 = ref Unsafe.Add(ref x0, width);
            ref var yRow = ref Unsafe.Add(ref yr, row * ow);
            var ox = 0;
            if (wide)
            {
                for (; ox < ow; ox += 8)
                {
                    var at = Math.Min(ox, ow - 8);
                    var top = Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref x0, 2 * at)));
                    var bottom = Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref x1, 2 * at)));
                    Maxima(top, bottom, relu).StoreUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref yRow, at)));
                }
            }
            else if (vectors)
            {
                for (; ox < ow; ox += 4)
                {
                    // The last four windows of a row overlap the ones before when the row is not a multiple of four:
                    // writing a window's maximum twice is harmless, and cheaper than a scalar remainder.
                    var at = Math.Min(ox, ow - 4);
                    var top = Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref x0, 2 * at)));
                    var bottom = Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref x1, 2 * at)));
                    Maxima(top, bottom, relu).StoreUnsafe(ref Unsafe.As<T, float>(ref Unsafe.Add(ref yRow, at)));
                }
            }

            for (; ox < ow; ox++)
            {
                var max = T.Max(T.Max(Unsafe.Add(ref x0, 2 * ox), Unsafe.Add(ref x0, 2 * ox + 1)), T.Max(Unsafe.Add(ref x1, 2 * ox), Unsafe.Add(ref x1, 2 * ox + 1)));
                Unsafe.Add(ref yRow, ox) = relu ? T.Max(max, T.Zero) : max;
            }
        }
    }

    /// <summary>
    /// The eight 2 × 2 windows of two rows' 16 values (<paramref name="top"/> above <paramref name="bottom"/>): the
    /// larger of each pair of neighbours in each row, then of the two rows, then, with <paramref name="relu"/>, of that
    /// and 0. Also <see cref="SameConvolution"/>'s pooling from its registers, so that both give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Maxima(Vector512<float> top, Vector512<float> bottom, bool relu)
    {
        var max = WindowMaxima(top, bottom);
        if (relu) max = Vector512.Max(max, Vector512<float>.Zero);
        return Vector512.Shuffle(max, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14)).GetLower();
    }

    /// <summary>The four windows of two rows' 8 values, as <see cref="Maxima(Vector512{float}, Vector512{float}, bool)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Maxima(Vector256<float> top, Vector256<float> bottom, bool relu)
    {
        var max = WindowMaxima(top, bottom);
        if (relu) max = Vector256.Max(max, Vector256<float>.Zero);
        return Vector256.Shuffle(max, Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6)).GetLower();
    }

    /// <summary>
    /// Each 2 × 2 window's maximum in all four of its lanes' places: the larger of each pair of neighbours in each row,
    /// then of the two rows. The forward passes and the backward pass's search for the maximum share it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WindowMaxima(Vector512<float> top, Vector512<float> bottom)
    {
        var swap = Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        return Vector512.Max(Vector512.Max(top, Vector512.Shuffle(top, swap)), Vector512.Max(bottom, Vector512.Shuffle(bottom, swap)));
    }

    /// <summary><see cref="WindowMaxima(Vector512{float}, Vector512{float})"/> for four windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WindowMaxima(Vector256<float> top, Vector256<float> bottom)
    {
        var swap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        return Vector256.Max(Vector256.Max(top, Vector256.Shuffle(top, swap)), Vector256.Max(bottom, Vector256.Shuffle(bottom, swap)));
    }

    /// <summary>
    /// The backward pass over <paramref name="planes"/> planes of <paramref name="height"/> × <paramref name="width"/>
    /// values (both even): each window's gradient goes to its first maximum in reading order, every other value of gx
    /// gets zero; every value of gx is written once. With <paramref name="relu"/>, x is the input of a ReLU before the
    /// pooling (the forward pass's <c>relu</c>), and a window whose maximum is not positive passes no gradient, as the
    /// ReLU's backward pass would: the same values as the two passes one after the other.
    /// </summary>
    public static void MaxBackward2x2<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx, int planes, int height, int width, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = width / 2, oh = height / 2;
        if ((long)planes * height * width > Math.Min(x.Length, gx.Length) || (long)planes * oh * ow > gy.Length || height % 2 != 0 || width % 2 != 0)
            ThrowBackwardSizes(planes, height, width, x.Length, gx.Length, gy.Length);

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var gyr = ref MemoryMarshal.GetReference(gy);
        ref var gxr = ref MemoryMarshal.GetReference(gx);
        var vectors = typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && ow >= 4;
        var wide = vectors && Vector512.IsHardwareAccelerated && ow >= 8;
        for (var row = 0; row < planes * oh; row++)
        {
            var top = 2 * row * width;
            ref var x0 = ref Unsafe.Add(ref xr, top);
            ref var x1 = ref Unsafe.Add(ref xr, top + width);
            ref var g0 = ref Unsafe.Add(ref gxr, top);
            ref var g1 = ref Unsafe.Add(ref gxr, top + width);
            ref var g = ref Unsafe.Add(ref gyr, row * ow);
            var ox = 0;
            if (wide)
            {
                for (; ox < ow; ox += 8)
                {
                    var at = Math.Min(ox, ow - 8);
                    EightWindows(
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref x0, 2 * at)), ref Unsafe.As<T, float>(ref Unsafe.Add(ref x1, 2 * at)),
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref g, at)),
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref g0, 2 * at)), ref Unsafe.As<T, float>(ref Unsafe.Add(ref g1, 2 * at)), relu);
                }
            }
            else if (vectors)
            {
                for (; ox < ow; ox += 4)
                {
                    // As in the forward pass, the last four windows may overlap the ones before: the same values again.
                    var at = Math.Min(ox, ow - 4);
                    FourWindows(
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref x0, 2 * at)), ref Unsafe.As<T, float>(ref Unsafe.Add(ref x1, 2 * at)),
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref g, at)),
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref g0, 2 * at)), ref Unsafe.As<T, float>(ref Unsafe.Add(ref g1, 2 * at)), relu);
                }
            }

            for (; ox < ow; ox++)
            {
                var c = 2 * ox;
                var (best, at) = (Unsafe.Add(ref x0, c), 0);
                if (Unsafe.Add(ref x0, c + 1) > best) (best, at) = (Unsafe.Add(ref x0, c + 1), 1);
                if (Unsafe.Add(ref x1, c) > best) (best, at) = (Unsafe.Add(ref x1, c), 2);
                if (Unsafe.Add(ref x1, c + 1) > best) (best, at) = (Unsafe.Add(ref x1, c + 1), 3);
                var value = relu && !(best > T.Zero) ? T.Zero : Unsafe.Add(ref g, ox);
                Unsafe.Add(ref g0, c) = at == 0 ? value : T.Zero;
                Unsafe.Add(ref g0, c + 1) = at == 1 ? value : T.Zero;
                Unsafe.Add(ref g1, c) = at == 2 ? value : T.Zero;
                Unsafe.Add(ref g1, c + 1) = at == 3 ? value : T.Zero;
            }
        }
    }

    // The messages are built in methods of their own: inline, their code used up the JIT's inlining budget and the
    // backward pass called FourWindows for every four windows, reloading its constants each time (the backward
    // pooling was 11.5 % of a two-thread LeNet step in perf, 9.0 % with the call inlined).
    [DoesNotReturn]
    private static void ThrowForwardSizes(int planes, int height, int width, int xLength, int yLength) =>
        throw new ArgumentException(
            $"Pooling.Max2x2: {planes} planes of {height} × {width} (even sizes) need {(long)planes * height * width} values in x " +
            $"and {(long)planes * (height / 2) * (width / 2)} in y; they hold {xLength} and {yLength}.");

    [DoesNotReturn]
    private static void ThrowBackwardSizes(int planes, int height, int width, int xLength, int gxLength, int gyLength) =>
        throw new ArgumentException(
            $"Pooling.MaxBackward2x2: {planes} planes of {height} × {width} (even sizes) need {(long)planes * height * width} values in x and gx " +
            $"and {(long)planes * (height / 2) * (width / 2)} in gy; they hold {xLength}, {gxLength} and {gyLength}.");

    /// <summary>
    /// Four windows: the maximum of each pair of neighbours in both rows, then a mask for the first position in each
    /// window that holds it (the top row before the bottom, the left before the right), as the scalar search picks;
    /// with <paramref name="relu"/>, only in windows whose maximum is positive.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourWindows(ref float x0, ref float x1, ref float gy, ref float g0, ref float g1, bool relu)
    {
        var swap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        var right = Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1).AsSingle();
        var top = Vector256.LoadUnsafe(ref x0);
        var bottom = Vector256.LoadUnsafe(ref x1);
        var max = WindowMaxima(top, bottom);
        var atTop = Vector256.Equals(top, max);
        var atTopNeighbour = Vector256.Shuffle(atTop, swap);
        var atBottom = Vector256.Equals(bottom, max);
        var firstTop = Vector256.AndNot(atTop, right & atTopNeighbour);
        var firstBottom = Vector256.AndNot(Vector256.AndNot(atBottom, atTop | atTopNeighbour), right & Vector256.Shuffle(atBottom, swap));
        var quarter = Vector128.LoadUnsafe(ref gy);
        var gradient = Vector256.Shuffle(Vector256.Create(quarter, quarter), Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3));
        if (relu) gradient &= Vector256.GreaterThan(max, Vector256<float>.Zero);
        (gradient & firstTop).StoreUnsafe(ref g0);
        (gradient & firstBottom).StoreUnsafe(ref g1);
    }

    /// <summary><see cref="FourWindows"/> on eight windows, in 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightWindows(ref float x0, ref float x1, ref float gy, ref float g0, ref float g1, bool relu)
    {
        var swap = Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        var right = Vector512.Create(0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1).AsSingle();
        var top = Vector512.LoadUnsafe(ref x0);
        var bottom = Vector512.LoadUnsafe(ref x1);
        var max = WindowMaxima(top, bottom);
        var atTop = Vector512.Equals(top, max);
        var atTopNeighbour = Vector512.Shuffle(atTop, swap);
        var atBottom = Vector512.Equals(bottom, max);
        var firstTop = Vector512.AndNot(atTop, right & atTopNeighbour);
        var firstBottom = Vector512.AndNot(Vector512.AndNot(atBottom, atTop | atTopNeighbour), right & Vector512.Shuffle(atBottom, swap));
        var half = Vector256.LoadUnsafe(ref gy);
        var gradient = Vector512.Shuffle(Vector512.Create(half, half), Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
        if (relu) gradient &= Vector512.GreaterThan(max, Vector512<float>.Zero);
        (gradient & firstTop).StoreUnsafe(ref g0);
        (gradient & firstBottom).StoreUnsafe(ref g1);
    }
}
