using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

public static partial class SameConvolution
{
    /// <summary>Taps per block of the weight gradient.</summary>
    private const int BlockTaps = 6;

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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        WeightGradient(x, gy, dw, db, n, c, h, w, f, k, fewRegisters: false);

    /// <summary>As the public overload; <paramref name="fewRegisters"/> takes the blocks for 16 vector registers whatever the processor has (tests).</summary>
    internal static void WeightGradient<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> dw, Span<T> db, int n, int c, int h, int w, int f, int k, bool fewRegisters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, dw.Length, db.Length, gy.Length, n, c, h, w, f, k, ("x", "dw", "db", "gy"));
        var width = VectorBits<T>(w);
        if (width == 512) WeightSums<T, Vector512<T>, Simd512<T>>(x, gy, dw, db, n, c, h, w, f, k, fewRegisters);
        else if (width == 256) WeightSums<T, Vector256<T>, Simd256<T>>(x, gy, dw, db, n, c, h, w, f, k, fewRegisters);
        else if (width == 128) WeightSums<T, Vector128<T>, Simd128<T>>(x, gy, dw, db, n, c, h, w, f, k, fewRegisters);
        else WeightSums<T, T, Simd1<T>>(x, gy, dw, db, n, c, h, w, f, k, fewRegisters);
    }

    /// <summary>
    /// The sums in blocks of filters by six taps (the last of each filled out with the last filter or tap, whose
    /// duplicate sums are dropped), each block over all the samples with its accumulators in registers, then reduced.
    /// With 32 vector registers (<see cref="Simd.ThirtyTwoRegisters"/>) four filters a block (24 accumulators, ten
    /// loads per 24 multiply-adds), else two (12, eight loads per 12 multiply-adds): with 16 registers a block of four
    /// kept most of its accumulators on the stack. The block's shape does not change any sum's order.
    /// </summary>
    private static void WeightSums<T, TV, S>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> dw, Span<T> db, int n, int c, int h, int w, int f, int k, bool fewRegisters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        var padded = Padded<T>(n * c, h, w, k);
        var sampleLength = c * (h + k / 2 * 2) * (w + k / 2 * 2);
        for (var s = 0; s < n; s++) CopyInto(padded.Slice(s * sampleLength), x.Slice(s * c * h * w, c * h * w), c, h, w, k);
        var samples = new Samples<T>(padded, gy, n, c, h, w, f, k);
        if (fewRegisters || !Simd.ThirtyTwoRegisters) WeightBlocks<T, TV, S, Gemm.TwoRows>(samples, dw, db);
        else WeightBlocks<T, TV, S, Gemm.FourRows>(samples, dw, db);
    }

    /// <summary>Every block of <typeparamref name="TFilters"/>.Count filters by six taps, then the bias sums four filters at a time.</summary>
    private static void WeightBlocks<T, TV, S, TFilters>(in Samples<T> samples, Span<T> dw, Span<T> db)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TFilters : struct, Gemm.IRowCount
    {
        for (var first = 0; first < samples.F; first += TFilters.Count)
        for (var t = 0; t < samples.C * samples.K * samples.K; t += BlockTaps)
            WeightBlock<T, TV, S, TFilters>(samples, dw, first, t);
        for (var first = 0; first < samples.F && !db.IsEmpty; first += 4) BiasBlock<T, TV, S>(samples, db, first);
    }

    /// <summary>The samples: x padded (count, C, H + 2P, W + 2P) and gy (count, F, H, W).</summary>
    private readonly ref struct Samples<T>(ReadOnlySpan<T> padded, ReadOnlySpan<T> gy, int count, int c, int h, int w, int f, int k)
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

    /// <summary>dw for filters f..f + <typeparamref name="TFilters"/>.Count − 1 (2 or 4) and taps t..t+5, those that exist: the sums over all the samples.</summary>
    private static void WeightBlock<T, TV, S, TFilters>(in Samples<T> g, Span<T> dw, int f, int t)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TFilters : struct, Gemm.IRowCount
    {
        var four = TFilters.Count == 4;
        int width = S.Width, w = g.W;
        nuint y0 = (nuint)g.Plane(f), y1 = (nuint)g.Plane(f + 1), y2 = (nuint)g.Plane(f + 2), y3 = (nuint)g.Plane(f + 3);
        nuint x0 = (nuint)g.Tap(t), x1 = (nuint)g.Tap(t + 1), x2 = (nuint)g.Tap(t + 2), x3 = (nuint)g.Tap(t + 3), x4 = (nuint)g.Tap(t + 4), x5 = (nuint)g.Tap(t + 5);
        TV a00 = S.Zero, a01 = S.Zero, a02 = S.Zero, a03 = S.Zero, a04 = S.Zero, a05 = S.Zero;
        TV a10 = S.Zero, a11 = S.Zero, a12 = S.Zero, a13 = S.Zero, a14 = S.Zero, a15 = S.Zero;
        TV a20 = S.Zero, a21 = S.Zero, a22 = S.Zero, a23 = S.Zero, a24 = S.Zero, a25 = S.Zero;
        TV a30 = S.Zero, a31 = S.Zero, a32 = S.Zero, a33 = S.Zero, a34 = S.Zero, a35 = S.Zero;
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
                TV g0, g1, g2 = default, g3 = default;
                if (lanes == width)
                {
                    g0 = S.Load(ref gyv, y0); g1 = S.Load(ref gyv, y1);
                    if (four) { g2 = S.Load(ref gyv, y2); g3 = S.Load(ref gyv, y3); }
                }
                else
                {
                    g0 = S.LoadFirst(ref gyv, y0, lanes); g1 = S.LoadFirst(ref gyv, y1, lanes);
                    if (four) { g2 = S.LoadFirst(ref gyv, y2, lanes); g3 = S.LoadFirst(ref gyv, y3, lanes); }
                }

                ref var xv = ref Unsafe.Add(ref padded, oy * g.PaddedWidth + ox);
                var xt = S.Load(ref xv, x0);
                a00 = S.MultiplyAdd(g0, xt, a00); a10 = S.MultiplyAdd(g1, xt, a10);
                if (four) { a20 = S.MultiplyAdd(g2, xt, a20); a30 = S.MultiplyAdd(g3, xt, a30); }
                xt = S.Load(ref xv, x1);
                a01 = S.MultiplyAdd(g0, xt, a01); a11 = S.MultiplyAdd(g1, xt, a11);
                if (four) { a21 = S.MultiplyAdd(g2, xt, a21); a31 = S.MultiplyAdd(g3, xt, a31); }
                xt = S.Load(ref xv, x2);
                a02 = S.MultiplyAdd(g0, xt, a02); a12 = S.MultiplyAdd(g1, xt, a12);
                if (four) { a22 = S.MultiplyAdd(g2, xt, a22); a32 = S.MultiplyAdd(g3, xt, a32); }
                xt = S.Load(ref xv, x3);
                a03 = S.MultiplyAdd(g0, xt, a03); a13 = S.MultiplyAdd(g1, xt, a13);
                if (four) { a23 = S.MultiplyAdd(g2, xt, a23); a33 = S.MultiplyAdd(g3, xt, a33); }
                xt = S.Load(ref xv, x4);
                a04 = S.MultiplyAdd(g0, xt, a04); a14 = S.MultiplyAdd(g1, xt, a14);
                if (four) { a24 = S.MultiplyAdd(g2, xt, a24); a34 = S.MultiplyAdd(g3, xt, a34); }
                xt = S.Load(ref xv, x5);
                a05 = S.MultiplyAdd(g0, xt, a05); a15 = S.MultiplyAdd(g1, xt, a15);
                if (four) { a25 = S.MultiplyAdd(g2, xt, a25); a35 = S.MultiplyAdd(g3, xt, a35); }
            }
        }

        var taps = g.C * g.K * g.K;
        PutRow<T, TV, S>(dw, f, t, g.F, taps, a00, a01, a02, a03, a04, a05);
        PutRow<T, TV, S>(dw, f + 1, t, g.F, taps, a10, a11, a12, a13, a14, a15);
        if (!four) return;
        PutRow<T, TV, S>(dw, f + 2, t, g.F, taps, a20, a21, a22, a23, a24, a25);
        PutRow<T, TV, S>(dw, f + 3, t, g.F, taps, a30, a31, a32, a33, a34, a35);
    }

    /// <summary>Filter <paramref name="f"/>'s six sums from tap <paramref name="t"/> on, each reduced across its lanes, where the filter and the tap exist.</summary>
    private static void PutRow<T, TV, S>(Span<T> dw, int f, int t, int filters, int taps, TV s0, TV s1, TV s2, TV s3, TV s4, TV s5)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        if (f >= filters) return;
        var row = dw.Slice(f * taps + t, Math.Min(BlockTaps, taps - t));
        row[0] = S.Sum(s0);
        if (row.Length > 1) row[1] = S.Sum(s1);
        if (row.Length > 2) row[2] = S.Sum(s2);
        if (row.Length > 3) row[3] = S.Sum(s3);
        if (row.Length > 4) row[4] = S.Sum(s4);
        if (row.Length > 5) row[5] = S.Sum(s5);
    }

    /// <summary>db for filters f..f+3 (those that exist): gy's sums over all the samples, in the lanes as the weights' sums run.</summary>
    private static void BiasBlock<T, TV, S>(in Samples<T> g, Span<T> db, int f)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int width = S.Width, w = g.W;
        nuint y0 = (nuint)g.Plane(f), y1 = (nuint)g.Plane(f + 1), y2 = (nuint)g.Plane(f + 2), y3 = (nuint)g.Plane(f + 3);
        TV b0 = S.Zero, b1 = S.Zero, b2 = S.Zero, b3 = S.Zero;
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

        db[f] = S.Sum(b0);
        if (f + 1 < g.F) db[f + 1] = S.Sum(b1);
        if (f + 2 < g.F) db[f + 2] = S.Sum(b2);
        if (f + 3 < g.F) db[f + 3] = S.Sum(b3);
    }
}
