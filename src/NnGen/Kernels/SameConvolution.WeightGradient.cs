using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

public static partial class SameConvolution
{
    /// <summary>Samples padded at a time: their planes stay in L2 while every block of sums reads them.</summary>
    private const int GroupSamples = 8;

    /// <summary>Filters and taps per block of the weight gradient: 24 accumulators, ten loads per 24 multiply-adds.</summary>
    private const int BlockFilters = 4, BlockTaps = 6;

    /// <summary>
    /// The backward pass to the parameters over <paramref name="n"/> samples, overwriting dw and db:
    /// dw[f, c, i, j] = Σ_s Σ_(oy, ox) gy[s, f, oy, ox] x[s, c, oy + i − P, ox + j − P] (zero outside x) and
    /// db[f] = Σ_s Σ_(oy, ox) gy[s, f, oy, ox] (db may be empty): x (n, C, H, W), gy (n, F, H, W), dw (F, C, K, K).
    /// Each sum runs in the lanes of vectors along the rows, sample by sample and row by row in order, and the lanes
    /// are added once at the end, in <see cref="ISimd{T, TV}.Sum"/>'s order: the result depends on the vector width but
    /// not on the number of threads. The sums of all the samples share that one reduction, which the columns' product
    /// made once per sample.
    /// </summary>
    public static void WeightGradient<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> dw, Span<T> db, int n, int c, int h, int w, int f, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, dw.Length, db.Length, gy.Length, n, c, h, w, f, k, ("x", "dw", "db", "gy"));
        if (Vector512.IsHardwareAccelerated && 2 * w > Vector512<T>.Count) WeightSums<T, Vector512<T>, Simd512<T>>(x, gy, dw, db, n, c, h, w, f, k);
        else if (Vector256.IsHardwareAccelerated && 2 * w > Vector256<T>.Count) WeightSums<T, Vector256<T>, Simd256<T>>(x, gy, dw, db, n, c, h, w, f, k);
        else if (Vector128.IsHardwareAccelerated && 2 * w > Vector128<T>.Count) WeightSums<T, Vector128<T>, Simd128<T>>(x, gy, dw, db, n, c, h, w, f, k);
        else WeightSums<T, T, Simd1<T>>(x, gy, dw, db, n, c, h, w, f, k);
    }

    /// <summary>
    /// The sums in blocks of four filters by six taps (the last of each filled out with the last filter or tap, whose
    /// duplicate sums are dropped), their accumulators kept in scratch from one group of samples to the next.
    /// </summary>
    private static unsafe void WeightSums<T, TV, S>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> dw, Span<T> db, int n, int c, int h, int w, int f, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int taps = c * k * k, filterBlocks = (f + BlockFilters - 1) / BlockFilters, tapBlocks = (taps + BlockTaps - 1) / BlockTaps;
        int planeLength = (h + k / 2 * 2) * (w + k / 2 * 2), sampleLength = c * planeLength;
        var blockLength = BlockFilters * BlockTaps * S.Width;
        var sumsLength = (filterBlocks * tapBlocks * blockLength) + filterBlocks * BlockFilters * S.Width;
        var sums = new Span<T>(AlignedScratch.Rows<T>(sumsLength), sumsLength);
        sums.Clear();
        ref var biasSums = ref sums[filterBlocks * tapBlocks * blockLength];
        var padded = Padded<T>(Math.Min(n, GroupSamples) * c, h, w, k);
        for (var first = 0; first < n; first += GroupSamples)
        {
            var count = Math.Min(GroupSamples, n - first);
            for (var s = 0; s < count; s++)
                CopyInto(padded.Slice(s * sampleLength), x.Slice((first + s) * c * h * w, c * h * w), c, h, w, k);
            var group = new SampleGroup<T>(padded, gy.Slice(first * f * h * w, count * f * h * w), count, c, h, w, f, k);
            for (var fb = 0; fb < filterBlocks; fb++)
            {
                for (var tb = 0; tb < tapBlocks; tb++)
                    WeightBlock<T, TV, S>(group, ref sums[(fb * tapBlocks + tb) * blockLength], fb * BlockFilters, tb * BlockTaps);
                if (!db.IsEmpty) BiasBlock<T, TV, S>(group, ref Unsafe.Add(ref biasSums, fb * BlockFilters * S.Width), fb * BlockFilters);
            }
        }

        for (var fb = 0; fb < filterBlocks; fb++)
        for (var q = 0; q < BlockFilters && fb * BlockFilters + q < f; q++)
        {
            var filter = fb * BlockFilters + q;
            ref var dwRow = ref dw[filter * taps];
            for (var tb = 0; tb < tapBlocks; tb++)
            {
                ref var block = ref sums[(fb * tapBlocks + tb) * blockLength + q * BlockTaps * S.Width];
                for (var r = 0; r < BlockTaps && tb * BlockTaps + r < taps; r++)
                    Unsafe.Add(ref dwRow, tb * BlockTaps + r) = S.Sum(S.Load(ref block, (nuint)(r * S.Width)));
            }

            if (!db.IsEmpty) db[filter] = S.Sum(S.Load(ref biasSums, (nuint)(filter * S.Width)));
        }
    }

    /// <summary>A group of samples: x padded (count, C, H + 2P, W + 2P) and gy (count, F, H, W).</summary>
    private readonly ref struct SampleGroup<T>(ReadOnlySpan<T> padded, ReadOnlySpan<T> gy, int count, int c, int h, int w, int f, int k)
    {
        public readonly ref T Padded = ref MemoryMarshal.GetReference(padded);
        public readonly ref T Gy = ref MemoryMarshal.GetReference(gy);
        public readonly int Count = count, C = c, H = h, W = w, F = f, K = k, PaddedWidth = w + k / 2 * 2;
        public readonly int PaddedSample = c * (h + k / 2 * 2) * (w + k / 2 * 2), PaddedPlane = (h + k / 2 * 2) * (w + k / 2 * 2);

        /// <summary>Where tap t = (c, i, j) reads a padded sample, relative to output pixel (oy, ox)'s place (oy, ox); for a tap past the last, the last's.</summary>
        public int Tap(int t)
        {
            var (ch, r) = Math.DivRem(Math.Min(t, C * K * K - 1), K * K);
            var (i, j) = Math.DivRem(r, K);
            return ch * PaddedPlane + i * PaddedWidth + j;
        }

        /// <summary>Filter <paramref name="filter"/>'s plane in gy; for a filter past the last, the last's.</summary>
        public int Plane(int filter) => Math.Min(filter, F - 1) * H * W;
    }

    /// <summary>Adds the group's products for filters f..f+3 and taps t..t+5 to the block's 24 accumulators.</summary>
    private static void WeightBlock<T, TV, S>(in SampleGroup<T> g, ref T sums, int f, int t)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int width = S.Width, w = g.W;
        nuint v = (nuint)width;
        nuint y0 = (nuint)g.Plane(f), y1 = (nuint)g.Plane(f + 1), y2 = (nuint)g.Plane(f + 2), y3 = (nuint)g.Plane(f + 3);
        nuint x0 = (nuint)g.Tap(t), x1 = (nuint)g.Tap(t + 1), x2 = (nuint)g.Tap(t + 2), x3 = (nuint)g.Tap(t + 3), x4 = (nuint)g.Tap(t + 4), x5 = (nuint)g.Tap(t + 5);
        TV a00 = Sum(ref sums, 0), a01 = Sum(ref sums, v), a02 = Sum(ref sums, 2 * v), a03 = Sum(ref sums, 3 * v), a04 = Sum(ref sums, 4 * v), a05 = Sum(ref sums, 5 * v);
        TV a10 = Sum(ref sums, 6 * v), a11 = Sum(ref sums, 7 * v), a12 = Sum(ref sums, 8 * v), a13 = Sum(ref sums, 9 * v), a14 = Sum(ref sums, 10 * v), a15 = Sum(ref sums, 11 * v);
        TV a20 = Sum(ref sums, 12 * v), a21 = Sum(ref sums, 13 * v), a22 = Sum(ref sums, 14 * v), a23 = Sum(ref sums, 15 * v), a24 = Sum(ref sums, 16 * v), a25 = Sum(ref sums, 17 * v);
        TV a30 = Sum(ref sums, 18 * v), a31 = Sum(ref sums, 19 * v), a32 = Sum(ref sums, 20 * v), a33 = Sum(ref sums, 21 * v), a34 = Sum(ref sums, 22 * v), a35 = Sum(ref sums, 23 * v);
        for (var s = 0; s < g.Count; s++)
        {
            ref var gy = ref Unsafe.Add(ref g.Gy, s * g.F * g.H * w);
            ref var padded = ref Unsafe.Add(ref g.Padded, s * g.PaddedSample);
            for (var oy = 0; oy < g.H; oy++)
            for (var ox = 0; ox < w; ox += width)
            {
                // gy's lanes past the row are zero, so that x's values there (the next row's) add nothing.
                ref var gyv = ref Unsafe.Add(ref gy, oy * w + ox);
                var lanes = Math.Min(width, w - ox);
                TV g0, g1, g2, g3;
                if (lanes == width)
                {
                    g0 = S.Load(ref gyv, y0); g1 = S.Load(ref gyv, y1); g2 = S.Load(ref gyv, y2); g3 = S.Load(ref gyv, y3);
                }
                else
                {
                    g0 = S.LoadFirst(ref gyv, y0, lanes); g1 = S.LoadFirst(ref gyv, y1, lanes);
                    g2 = S.LoadFirst(ref gyv, y2, lanes); g3 = S.LoadFirst(ref gyv, y3, lanes);
                }

                ref var xv = ref Unsafe.Add(ref padded, oy * g.PaddedWidth + ox);
                var xt = S.Load(ref xv, x0);
                a00 = S.MultiplyAdd(g0, xt, a00); a10 = S.MultiplyAdd(g1, xt, a10); a20 = S.MultiplyAdd(g2, xt, a20); a30 = S.MultiplyAdd(g3, xt, a30);
                xt = S.Load(ref xv, x1);
                a01 = S.MultiplyAdd(g0, xt, a01); a11 = S.MultiplyAdd(g1, xt, a11); a21 = S.MultiplyAdd(g2, xt, a21); a31 = S.MultiplyAdd(g3, xt, a31);
                xt = S.Load(ref xv, x2);
                a02 = S.MultiplyAdd(g0, xt, a02); a12 = S.MultiplyAdd(g1, xt, a12); a22 = S.MultiplyAdd(g2, xt, a22); a32 = S.MultiplyAdd(g3, xt, a32);
                xt = S.Load(ref xv, x3);
                a03 = S.MultiplyAdd(g0, xt, a03); a13 = S.MultiplyAdd(g1, xt, a13); a23 = S.MultiplyAdd(g2, xt, a23); a33 = S.MultiplyAdd(g3, xt, a33);
                xt = S.Load(ref xv, x4);
                a04 = S.MultiplyAdd(g0, xt, a04); a14 = S.MultiplyAdd(g1, xt, a14); a24 = S.MultiplyAdd(g2, xt, a24); a34 = S.MultiplyAdd(g3, xt, a34);
                xt = S.Load(ref xv, x5);
                a05 = S.MultiplyAdd(g0, xt, a05); a15 = S.MultiplyAdd(g1, xt, a15); a25 = S.MultiplyAdd(g2, xt, a25); a35 = S.MultiplyAdd(g3, xt, a35);
            }
        }

        S.Store(a00, ref sums, 0); S.Store(a01, ref sums, v); S.Store(a02, ref sums, 2 * v); S.Store(a03, ref sums, 3 * v); S.Store(a04, ref sums, 4 * v); S.Store(a05, ref sums, 5 * v);
        S.Store(a10, ref sums, 6 * v); S.Store(a11, ref sums, 7 * v); S.Store(a12, ref sums, 8 * v); S.Store(a13, ref sums, 9 * v); S.Store(a14, ref sums, 10 * v); S.Store(a15, ref sums, 11 * v);
        S.Store(a20, ref sums, 12 * v); S.Store(a21, ref sums, 13 * v); S.Store(a22, ref sums, 14 * v); S.Store(a23, ref sums, 15 * v); S.Store(a24, ref sums, 16 * v); S.Store(a25, ref sums, 17 * v);
        S.Store(a30, ref sums, 18 * v); S.Store(a31, ref sums, 19 * v); S.Store(a32, ref sums, 20 * v); S.Store(a33, ref sums, 21 * v); S.Store(a34, ref sums, 22 * v); S.Store(a35, ref sums, 23 * v);

        static TV Sum(ref T sums, nuint offset) => S.Load(ref sums, offset);
    }

    /// <summary>Adds the group's gy for filters f..f+3 to their bias accumulators, in the lanes, as the weights' sums run.</summary>
    private static void BiasBlock<T, TV, S>(in SampleGroup<T> g, ref T sums, int f)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int width = S.Width, w = g.W;
        nuint v = (nuint)width;
        nuint y0 = (nuint)g.Plane(f), y1 = (nuint)g.Plane(f + 1), y2 = (nuint)g.Plane(f + 2), y3 = (nuint)g.Plane(f + 3);
        TV b0 = S.Load(ref sums, 0), b1 = S.Load(ref sums, v), b2 = S.Load(ref sums, 2 * v), b3 = S.Load(ref sums, 3 * v);
        for (var s = 0; s < g.Count; s++)
        {
            ref var gy = ref Unsafe.Add(ref g.Gy, s * g.F * g.H * w);
            for (var oy = 0; oy < g.H; oy++)
            for (var ox = 0; ox < w; ox += width)
            {
                ref var gyv = ref Unsafe.Add(ref gy, oy * w + ox);
                var lanes = Math.Min(width, w - ox);
                if (lanes == width)
                {
                    b0 = S.Add(b0, S.Load(ref gyv, y0)); b1 = S.Add(b1, S.Load(ref gyv, y1));
                    b2 = S.Add(b2, S.Load(ref gyv, y2)); b3 = S.Add(b3, S.Load(ref gyv, y3));
                }
                else
                {
                    b0 = S.Add(b0, S.LoadFirst(ref gyv, y0, lanes)); b1 = S.Add(b1, S.LoadFirst(ref gyv, y1, lanes));
                    b2 = S.Add(b2, S.LoadFirst(ref gyv, y2, lanes)); b3 = S.Add(b3, S.LoadFirst(ref gyv, y3, lanes));
                }
            }
        }

        S.Store(b0, ref sums, 0); S.Store(b1, ref sums, v); S.Store(b2, ref sums, 2 * v); S.Store(b3, ref sums, 3 * v);
    }
}
