using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// Stride-1 convolutions with "same" padding (an odd kernel K, P = (K − 1) / 2 zeros each side, the output as large as
/// the input), computed from zero-padded copies of the samples instead of from im2col's columns: each K-wide row of
/// taps is read where it lies, and nothing K² times larger is written and read back. The forward pass and the input
/// gradient give the bits of the columns' products (each value the same chain of fused multiply-adds in the same
/// order); the weight gradient sums in an order of its own (<see cref="WeightGradient{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, int, int, int, int, int, int)"/>).
/// </summary>
public static partial class SameConvolution
{
    /// <summary>
    /// y[s, f, oy, ox] = b[f] + Σ_(c, i, j) W[f, c, i, j] x[s, c, oy + i − P, ox + j − P] (zero outside x) for each of
    /// <paramref name="n"/> samples, the sum a chain of fused multiply-adds from the bias (or 0 without one) in the
    /// order (c, i, j): x (n, C, H, W), W (F, C, K, K), b (F) or empty, y (n, F, H, W). The padded copy of a sample and
    /// the weights rearranged for the registers live in the calling thread's scratch.
    /// <para>
    /// With <paramref name="pooled"/> (n, F, H / 2, W / 2), also its 2 × 2 max pooling, after a ReLU with
    /// <paramref name="relu"/>: the bits of <see cref="Pooling.Max2x2{T}"/> over y, taken from the registers (in float
    /// at 256 and 512 bits; otherwise by that pass after each sample). H and W must then be even.
    /// </para>
    /// </summary>
    public static void Forward<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int n, int c, int h, int w, int f, int k,
        Span<T> pooled = default, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Forward(x, weights, bias, y, n, c, h, w, f, k, pooled, relu, fewRegisters: false);

    /// <summary>As the public overload; <paramref name="fewRegisters"/> takes the blocks for 16 vector registers whatever the processor has (tests).</summary>
    internal static void Forward<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int n, int c, int h, int w, int f, int k,
        Span<T> pooled, bool relu, bool fewRegisters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, weights.Length, bias.Length, y.Length, n, c, h, w, f, k, ("x", "weights", "bias", "y"));
        var pool = !pooled.IsEmpty;
        if (pool) CheckPooled(pooled.Length, n, f, h, w);
        var padded = Padded<T>(c, h, w, k);
        var eights = !fewRegisters && Simd.ThirtyTwoRegisters;
        ref var panel = ref Panel(weights, f, c * k * k, eights);
        var width = VectorBits<T>(w);
        var poolsInRegisters = pool && typeof(T) == typeof(float) && width >= 256;
        for (var s = 0; s < n; s++)
        {
            CopyInto(padded, x.Slice(s * c * h * w, c * h * w), c, h, w, k);
            var ys = y.Slice(s * f * h * w, f * h * w);
            var pooledSample = pool ? pooled.Slice(s * f * (h / 2) * (w / 2), f * (h / 2) * (w / 2)) : default;
            var plane = new Plane<T>(padded, weights, bias, ys, c, h, w, f, k, poolsInRegisters ? pooledSample : default, relu);
            if (width == 512) Rows<T, Vector512<T>, Simd512<T>>(plane, ref panel, eights);
            else if (width == 256) Rows<T, Vector256<T>, Simd256<T>>(plane, ref panel, eights);
            else if (width == 128) Rows<T, Vector128<T>, Simd128<T>>(plane, ref panel, eights);
            else Scalar(plane);
            if (pool && !poolsInRegisters) Pooling.Max2x2<T>(ys, pooledSample, f, h, w, relu);
        }
    }

    /// <summary>
    /// The vectors all three passes take along rows of <paramref name="w"/> values: the widest the processor
    /// accelerates that a row fills more than half of (a row narrower than its vector is read whole and stored in
    /// part), in bits; 0 for one value at a time.
    /// </summary>
    private static int VectorBits<T>(int w) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && 2 * w > Vector512<T>.Count ? 512
        : Vector256.IsHardwareAccelerated && 2 * w > Vector256<T>.Count ? 256
        : Vector128.IsHardwareAccelerated && 2 * w > Vector128<T>.Count ? 128 : 0;

    /// <summary>
    /// Room in the calling thread's scratch for <paramref name="planes"/> planes of H × W with a border of (K − 1) / 2
    /// zeros on every side, and a vector after them, all zero: a row narrower than its vector reads past its end into
    /// the next row, and the last row past the planes.
    /// </summary>
    private static unsafe Span<T> Padded<T>(int planes, int h, int w, int k) where T : unmanaged
    {
        var length = planes * (h + k / 2 * 2) * (w + k / 2 * 2) + Vector512<T>.Count;
        var padded = new Span<T>(AlignedScratch.Block<T>(length), length);
        padded.Clear();
        return padded;
    }

    /// <summary>One sample's planes into the middle of <paramref name="padded"/>; the border stays zero from one sample to the next.</summary>
    private static void CopyInto<T>(Span<T> padded, ReadOnlySpan<T> sample, int planes, int h, int w, int k) where T : unmanaged
    {
        int p = k / 2, ph = h + 2 * p, pw = w + 2 * p;
        ref var source = ref MemoryMarshal.GetReference(sample);
        ref var middle = ref MemoryMarshal.GetReference(padded.Slice(p * pw + p, (planes * ph - 2 * p) * pw - 2 * p));
        for (var plane = 0; plane < planes; plane++)
        for (var r = 0; r < h; r++)
            Patches.Copy(ref Unsafe.Add(ref source, (plane * h + r) * w), ref Unsafe.Add(ref middle, (plane * ph + r) * pw), w);
    }

    /// <summary>
    /// The operands of one sample: <see cref="C"/> padded planes read (the input's channels; in the backward pass, gy's
    /// filters), <see cref="F"/> planes written (the filters; gx's channels), W (filters, channels, K, K).
    /// </summary>
    private readonly ref struct Plane<T>(
        ReadOnlySpan<T> padded, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int c, int h, int w, int f, int k,
        Span<T> pooled = default, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly ref T Padded = ref MemoryMarshal.GetReference(padded);
        public readonly ref T Weights = ref MemoryMarshal.GetReference(weights);
        public readonly ref T Bias = ref MemoryMarshal.GetReference(bias);
        public readonly ref T Y = ref MemoryMarshal.GetReference(y);
        public readonly ref T Pooled = ref MemoryMarshal.GetReference(pooled);
        public readonly bool HasBias = !bias.IsEmpty, Pools = !pooled.IsEmpty, Relu = relu;
        public readonly int C = c, H = h, W = w, F = f, K = k, PaddedWidth = w + k / 2 * 2, PaddedHeight = h + k / 2 * 2, Taps = c * k * k;

        /// <summary>Where filter <paramref name="filter"/>'s chain starts: its bias, or 0 (also for a filter past the last).</summary>
        public T Start(int filter) => HasBias && filter < F ? Unsafe.Add(ref Bias, filter) : T.Zero;
    }

    /// <summary>
    /// The output in vectors along each row: ⌈W / width⌉ per row, the last one ending at the row's end (overlapping
    /// the one before it when W is not a multiple of the width, each overlapped value computed twice, the same), or,
    /// in a row narrower than a vector, one vector stored in part. The filters in blocks of eight (with
    /// <paramref name="eights"/>; else four: <see cref="BlockSize"/>), the last one of four when at most four are left:
    /// each block keeps two vectors' sums for all its filters, 16 or 8 independent chains, enough to hide the
    /// multiply-add's latency (a block of one filter ran at a quarter of the speed).
    /// </summary>
    private static void Rows<T, TV, S>(in Plane<T> p, ref T panel, bool eights)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        for (var f = 0; f < p.F; f += BlockSize(p.F - f, eights))
        {
            if (BlockSize(p.F - f, eights) == 8) Filters<T, TV, S, Gemm.EightRows>(p, ref panel, f);
            else Filters<T, TV, S, Gemm.FourRows>(p, ref panel, f);
        }
    }

    /// <summary>
    /// The size of the block that starts with <paramref name="left"/> filters left: 8 with <paramref name="eights"/>
    /// (with 32 vector registers: <see cref="Simd.ThirtyTwoRegisters"/>), else 4, and 4 for at most four. With 16
    /// registers a block of eight keeps its sums on the stack.
    /// </summary>
    private static int BlockSize(int left, bool eights) => left > 4 && eights ? 8 : 4;

    /// <summary>
    /// The weights by the blocks that <see cref="Rows{T, TV, S}"/> takes, tap-major within a block: a block of B
    /// filters from filter f holds W[f + q, t] at f · taps + t · B + q (0 for a filter past the last, which a block of
    /// eight or four takes when fewer are left), so that a tap's weights are neighbours and the block reads them in
    /// order.
    /// </summary>
    private static unsafe ref T Panel<T>(ReadOnlySpan<T> weights, int filters, int taps, bool eights) where T : unmanaged, INumberBase<T>
    {
        ref var panel = ref Unsafe.AsRef<T>(AlignedScratch.Rows<T>((long)(filters + 7) * taps));
        ref var source = ref MemoryMarshal.GetReference(weights);
        for (var first = 0; first < filters; first += BlockSize(filters - first, eights))
        {
            var size = BlockSize(filters - first, eights);
            for (var q = 0; q < size; q++)
            for (var t = 0; t < taps; t++)
                Unsafe.Add(ref panel, first * taps + t * size + q) = first + q < filters ? Unsafe.Add(ref source, (first + q) * taps + t) : T.Zero;
        }

        return ref panel;
    }

    /// <summary>
    /// The output's vectors in order, row by row, ⌈W / width⌉ to a row: each one's row and first column, the last of
    /// a row ending at the row's end (or starting at 0 in a row narrower than a vector).
    /// </summary>
    private ref struct Vectors(int h, int w, int width)
    {
        private int _row, _index;

        public bool Next(out int row, out int column)
        {
            (row, column) = (_row, Math.Max(0, Math.Min(_index * width, w - width)));
            if (_row >= h) return false;
            if (++_index * width >= w) (_row, _index) = (_row + 1, 0);
            return true;
        }
    }

    /// <summary>
    /// Filters f..f + <typeparamref name="TFilters"/>.Count − 1 (those that exist) over the whole plane, two output
    /// vectors at a time (the last pair of an odd count being the last vector twice, stored twice, the same); the
    /// block's weights come from its part of <paramref name="panel"/>.
    /// </summary>
    private static void Filters<T, TV, S, TFilters>(in Plane<T> p, ref T panel, int f)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TFilters : struct, Gemm.IRowCount
    {
        ref var block = ref Unsafe.Add(ref panel, f * p.Taps);
        if (p.Pools)
        {
            // Each vector with the one below it, so that their 2 × 2 windows are in the pair's registers.
            var rows = new Vectors(p.H / 2, p.W, S.Width);
            while (rows.Next(out var pooledRow, out var column))
                Pair<T, TV, S, TFilters>(p, ref block, f, 2 * pooledRow, column, 2 * pooledRow + 1, column);
            return;
        }

        var vectors = new Vectors(p.H, p.W, S.Width);
        while (vectors.Next(out var ay, out var ax))
        {
            if (!vectors.Next(out var by, out var bx)) (by, bx) = (ay, ax);
            Pair<T, TV, S, TFilters>(p, ref block, f, ay, ax, by, bx);
        }
    }

    /// <summary>The block's filters at the output vectors starting at (<paramref name="ay"/>, <paramref name="ax"/>) and (<paramref name="by"/>, <paramref name="bx"/>).</summary>
    private static void Pair<T, TV, S, TFilters>(in Plane<T> p, ref T weights, int f, int ay, int ax, int by, int bx)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TFilters : struct, Gemm.IRowCount
    {
        var count = TFilters.Count;
        int k = p.K, pw = p.PaddedWidth, planeLength = p.PaddedHeight * pw, real = p.F - f;
        TV a0 = S.Broadcast(p.Start(f)), a1 = S.Broadcast(p.Start(f + 1)), a2 = S.Broadcast(p.Start(f + 2)), a3 = S.Broadcast(p.Start(f + 3));
        TV a4 = count > 4 ? S.Broadcast(p.Start(f + 4)) : S.Zero, a5 = count > 4 ? S.Broadcast(p.Start(f + 5)) : S.Zero;
        TV a6 = count > 4 ? S.Broadcast(p.Start(f + 6)) : S.Zero, a7 = count > 4 ? S.Broadcast(p.Start(f + 7)) : S.Zero;
        TV b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        // Pixel (oy, ox) of the output reads the padded plane from (oy, ox) on: its row oy + i is padded row oy + i.
        ref var wt = ref weights;
        for (var ch = 0; ch < p.C; ch++)
        for (var i = 0; i < k; i++)
        {
            ref var rowA = ref Unsafe.Add(ref p.Padded, ch * planeLength + (ay + i) * pw + ax);
            ref var rowB = ref Unsafe.Add(ref p.Padded, ch * planeLength + (by + i) * pw + bx);
            for (var j = 0; j < k; j++, wt = ref Unsafe.Add(ref wt, count))
            {
                var xa = S.Load(ref rowA, (nuint)j);
                var xb = S.Load(ref rowB, (nuint)j);
                var w0 = S.Broadcast(wt);
                a0 = S.MultiplyAdd(w0, xa, a0); b0 = S.MultiplyAdd(w0, xb, b0);
                var w1 = S.Broadcast(Unsafe.Add(ref wt, 1));
                a1 = S.MultiplyAdd(w1, xa, a1); b1 = S.MultiplyAdd(w1, xb, b1);
                var w2 = S.Broadcast(Unsafe.Add(ref wt, 2));
                a2 = S.MultiplyAdd(w2, xa, a2); b2 = S.MultiplyAdd(w2, xb, b2);
                var w3 = S.Broadcast(Unsafe.Add(ref wt, 3));
                a3 = S.MultiplyAdd(w3, xa, a3); b3 = S.MultiplyAdd(w3, xb, b3);
                if (count == 4) continue;
                var w4 = S.Broadcast(Unsafe.Add(ref wt, 4));
                a4 = S.MultiplyAdd(w4, xa, a4); b4 = S.MultiplyAdd(w4, xb, b4);
                var w5 = S.Broadcast(Unsafe.Add(ref wt, 5));
                a5 = S.MultiplyAdd(w5, xa, a5); b5 = S.MultiplyAdd(w5, xb, b5);
                var w6 = S.Broadcast(Unsafe.Add(ref wt, 6));
                a6 = S.MultiplyAdd(w6, xa, a6); b6 = S.MultiplyAdd(w6, xb, b6);
                var w7 = S.Broadcast(Unsafe.Add(ref wt, 7));
                a7 = S.MultiplyAdd(w7, xa, a7); b7 = S.MultiplyAdd(w7, xb, b7);
            }
        }

        if (p.Pools) PoolPair<T, TV, S, TFilters>(p, f, ay, ax, a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7);
        var pixels = p.H * p.W;
        ref var y = ref Unsafe.Add(ref p.Y, f * pixels);
        nuint na = (nuint)(ay * p.W + ax), nb = (nuint)(by * p.W + bx), n = (nuint)pixels;
        StorePair<T, TV, S>(p.W, real > 0, a0, b0, ref y, na, nb);
        StorePair<T, TV, S>(p.W, real > 1, a1, b1, ref y, n + na, n + nb);
        StorePair<T, TV, S>(p.W, real > 2, a2, b2, ref y, 2 * n + na, 2 * n + nb);
        StorePair<T, TV, S>(p.W, real > 3, a3, b3, ref y, 3 * n + na, 3 * n + nb);
        if (count == 4) return;
        StorePair<T, TV, S>(p.W, real > 4, a4, b4, ref y, 4 * n + na, 4 * n + nb);
        StorePair<T, TV, S>(p.W, real > 5, a5, b5, ref y, 5 * n + na, 5 * n + nb);
        StorePair<T, TV, S>(p.W, real > 6, a6, b6, ref y, 6 * n + na, 6 * n + nb);
        StorePair<T, TV, S>(p.W, real > 7, a7, b7, ref y, 7 * n + na, 7 * n + nb);
    }

    /// <summary>
    /// The pair's 2 × 2 max pooling (a the top row, b the one below), filter by filter while the sums are in registers,
    /// in <see cref="Pooling.Max2x2{T}"/>'s order of operations: the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PoolPair<T, TV, S, TFilters>(in Plane<T> p, int f, int ay, int ax,
        TV a0, TV a1, TV a2, TV a3, TV a4, TV a5, TV a6, TV a7, TV b0, TV b1, TV b2, TV b3, TV b4, TV b5, TV b6, TV b7)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TFilters : struct, Gemm.IRowCount
    {
        int ow = p.W / 2, pooledPlane = (p.H / 2) * ow, real = p.F - f, count = Math.Min(S.Width / 2, ow - ax / 2);
        ref var target = ref Unsafe.Add(ref p.Pooled, f * pooledPlane + ay / 2 * ow + ax / 2);
        Pool(a0, b0, p.Relu, ref target, count);
        if (real > 1) Pool(a1, b1, p.Relu, ref Unsafe.Add(ref target, pooledPlane), count);
        if (real > 2) Pool(a2, b2, p.Relu, ref Unsafe.Add(ref target, 2 * pooledPlane), count);
        if (real > 3) Pool(a3, b3, p.Relu, ref Unsafe.Add(ref target, 3 * pooledPlane), count);
        if (TFilters.Count == 4) return;
        if (real > 4) Pool(a4, b4, p.Relu, ref Unsafe.Add(ref target, 4 * pooledPlane), count);
        if (real > 5) Pool(a5, b5, p.Relu, ref Unsafe.Add(ref target, 5 * pooledPlane), count);
        if (real > 6) Pool(a6, b6, p.Relu, ref Unsafe.Add(ref target, 6 * pooledPlane), count);
        if (real > 7) Pool(a7, b7, p.Relu, ref Unsafe.Add(ref target, 7 * pooledPlane), count);
    }

    /// <summary>
    /// One vector's windows (<see cref="Pooling.Maxima(Vector512{float}, Vector512{float}, bool)"/>) into
    /// <paramref name="count"/> values at <paramref name="target"/>. Float vectors of 256 and 512 bits only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pool<T, TV>(TV top, TV bottom, bool relu, ref T target, int count) where T : unmanaged where TV : struct
    {
        ref var output = ref Unsafe.As<T, float>(ref target);
        if (typeof(TV) == typeof(Vector512<float>))
        {
            var windows = Pooling.Maxima(Unsafe.As<TV, Vector512<float>>(ref top), Unsafe.As<TV, Vector512<float>>(ref bottom), relu);
            if (count == Vector256<float>.Count) windows.StoreUnsafe(ref output);
            else Simd256<float>.StoreFirst(windows, ref output, 0, count);
        }
        else if (typeof(TV) == typeof(Vector256<float>))
        {
            var windows = Pooling.Maxima(Unsafe.As<TV, Vector256<float>>(ref top), Unsafe.As<TV, Vector256<float>>(ref bottom), relu);
            if (count == Vector128<float>.Count) windows.StoreUnsafe(ref output);
            else Simd128<float>.StoreFirst(windows, ref output, 0, count);
        }
    }

    /// <summary>A plane's two vectors, when the plane exists (a block's last planes may be past the output's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<T, TV, S>(int rowWidth, bool exists, TV a, TV b, ref T y, nuint offsetA, nuint offsetB)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        if (!exists) return;
        Store<T, TV, S>(rowWidth, a, ref y, offsetA);
        Store<T, TV, S>(rowWidth, b, ref y, offsetB);
    }

    /// <summary>One output vector: whole, or its first <paramref name="rowWidth"/> lanes when the row is narrower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TV, S>(int rowWidth, TV value, ref T y, nuint offset)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        if (rowWidth < S.Width) S.StoreFirst(value, ref y, offset, rowWidth);
        else S.Store(value, ref y, offset);
    }

    /// <summary>
    /// Rows narrower than a vector (or no vectors): one output at a time, fused as the products' leftover columns are
    /// (<see cref="Gemm"/> has no unfused path where vectors exist).
    /// </summary>
    private static void Scalar<T>(in Plane<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = p.K, pw = p.PaddedWidth, planeLength = p.PaddedHeight * pw;
        for (var f = 0; f < p.F; f++)
        for (var oy = 0; oy < p.H; oy++)
        for (var ox = 0; ox < p.W; ox++)
        {
            var sum = p.Start(f);
            ref var wf = ref Unsafe.Add(ref p.Weights, f * p.Taps);
            var t = 0;
            for (var ch = 0; ch < p.C; ch++)
            for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++, t++)
                sum = T.FusedMultiplyAdd(Unsafe.Add(ref wf, t), Unsafe.Add(ref p.Padded, ch * planeLength + (oy + i) * pw + ox + j), sum);
            Unsafe.Add(ref p.Y, (f * p.H + oy) * p.W + ox) = sum;
        }
    }

    private static void CheckPooled(int pooled, int n, int f, int h, int w)
    {
        if (h % 2 != 0 || w % 2 != 0 || pooled < (long)n * f * (h / 2) * (w / 2))
        {
            throw new ArgumentException(
                $"SameConvolution: pooling 2 × 2 windows of {n} outputs of {f}×{h}×{w} needs even sizes and pooled " +
                $"{(long)n * f * (h / 2) * (w / 2)} values; the span holds {pooled}.", nameof(pooled));
        }
    }

    /// <summary>
    /// Refuses sizes that do not fit: <paramref name="names"/> are the caller's names for the input (n, C, H, W), the
    /// weights (F, C, K, K), the bias (F, or none) and the output (n, F, H, W).
    /// </summary>
    private static void Check(int x, int weights, int bias, int y, int n, int c, int h, int w, int f, int k, (string X, string Weights, string Bias, string Y) names)
    {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || f <= 0 || k <= 0 || k % 2 == 0)
        {
            throw new ArgumentException(
                $"SameConvolution: sizes must be positive (n may be 0) and the kernel odd; got n = {n}, C = {c}, H = {h}, W = {w}, F = {f}, K = {k}.");
        }

        if (x < (long)n * c * h * w || weights < f * c * k * k || (bias != 0 && bias < f) || y < (long)n * f * h * w)
        {
            throw new ArgumentException(
                $"SameConvolution: {n} inputs of {c}×{h}×{w} through {f} filters of {k}×{k} need {names.X} {(long)n * c * h * w}, " +
                $"{names.Weights} {f * c * k * k}, {names.Bias} {f} or none, and {names.Y} {(long)n * f * h * w} values; " +
                $"the spans hold {x}, {weights}, {bias} and {y}.");
        }
    }
}
