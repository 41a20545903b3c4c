using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NnGen;

/// <summary>
/// The three matrix products every layer with weights reduces to, register-blocked so that each vector loaded feeds
/// several multiply-adds: C = A·Bᵀ (rows dotted with rows: Dense forward, Conv2D weight gradient), C = A·B and
/// C = Aᵀ·B (a row of B scaled by each element of A: Dense input and weight gradients, Conv2D forward and column
/// gradients). All matrices are row-major and dense. Each product runs with the widest SIMD the processor
/// accelerates (512, 256 or 128 bits, else scalar), chosen once at run time; the JIT compiles one copy per width.
/// </summary>
/// <remarks>
/// Every element of C is summed over k in the same order whatever range of rows a call covers, so splitting rows
/// between threads (<see cref="Workers"/>) gives the same bits as one call.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Below this many multiply-adds a product stays on the calling thread (a region costs a few µs).</summary>
    private const long ParallelWork = 1 << 18;

    /// <summary>The same for a product of a few rows split by columns, which is bound by reading B, not by arithmetic.</summary>
    private const long ParallelColumnsWork = 1 << 16;

    /// <summary>
    /// The products copy an operand to cache-line rows only when the copy is read this many times over: B when this
    /// many rows of A (in blocks of four) meet it, and in A·Bᵀ a block of A when four times this many rows of B do.
    /// Small products (a convolution's per-sample products, 16 × 72 over 196 pixels) ran faster, up to half again,
    /// from the operands as they are.
    /// </summary>
    private const int PackRows = 32;

    /// <summary>
    /// C[i, j] = act(bias[j] + (accumulate ? C[i, j] : 0) + Σₚ A[i, p] B[j, p]): A (m, k), B (n, k), C (m, n);
    /// bias (n) or empty; act is ReLU when <paramref name="relu"/> is set, else the identity.
    /// </summary>
    public static void MultiplyTransposedB<T>(
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        ReadOnlySpan<T> bias = default, bool accumulate = false, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m >= 0 && n >= 0 && k >= 0 && a.Length >= m * k && b.Length >= n * k && c.Length >= m * n && (bias.IsEmpty || bias.Length >= n));
        fixed (T* pa = a, pb = b, pc = c, pbias = bias)
        {
            var job = new DotJob<T>(pa, pb, pc, bias.IsEmpty ? null : pbias, m, n, k, accumulate, relu);
            var work = (long)m * n * k;
            if (n >= 16 && n >= m && work >= (m < 4 ? ParallelColumnsWork : ParallelWork))
            {
                // At least as many columns as rows (one sample's Predict, a training batch of 64 against a layer of
                // 128): the threads share the columns, each reading all of A and its own part of B, the weights,
                // which stays in its core's cache from one call to the next; the optimizer, which also gives the
                // caller the first part of the parameters, updates about that part on the same core. Split by rows,
                // each thread read all of B, and the half the other core had updated came from that core's cache: a
                // two-thread MLP Fit (batch 64) ran 15-18 % faster by columns. With more rows than columns
                // (Evaluate's chunks of 256) the rows stay split, so that each thread reads half of the larger
                // operand: by columns, Evaluate ran 7 % slower.
                var columns = new ColumnRanges<T>(job);
                Workers.ForRange(n, 8, ref columns);
            }
            else
            {
                Split(ref job, m, work);
            }
        }
    }

    /// <summary>
    /// C[i, j] = (accumulate ? C[i, j] : rowBias[i], or 0 without a bias) + Σₚ A[i, p] B[p, j]: A (m, k), B (k, n),
    /// C (m, n), rowBias (m) or empty. Each value is one fused multiply-add per p, in order, from that start: a bias
    /// gives the bits of filling C with it and accumulating, without the pass that fills C.
    /// </summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false, ReadOnlySpan<T> rowBias = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m >= 0 && n >= 0 && k >= 0 && a.Length >= m * k && b.Length >= k * n && c.Length >= m * n && (rowBias.IsEmpty || rowBias.Length >= m));
        if (accumulate && !rowBias.IsEmpty) throw new ArgumentException("Gemm.Multiply: a row bias starts each sum, so it cannot be combined with accumulate.", nameof(rowBias));
        fixed (T* pa = a, pb = b, pc = c, pbias = rowBias)
        {
            var job = new ScaleJob<T>(pa, k, 1, pb, pc, m, n, k, accumulate, rowBias.IsEmpty ? null : pbias);
            Split(ref job, m, (long)m * n * k);
        }
    }

    /// <summary>C[i, j] = (accumulate ? C[i, j] : 0) + Σₚ A[p, i] B[p, j]: A (k, m), B (k, n), C (m, n).</summary>
    public static void MultiplyTransposedA<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m >= 0 && n >= 0 && k >= 0 && a.Length >= k * m && b.Length >= k * n && c.Length >= m * n);
        fixed (T* pa = a, pb = b, pc = c)
        {
            var job = new ScaleJob<T>(pa, 1, m, pb, pc, m, n, k, accumulate, null);
            Split(ref job, m, (long)m * n * k);
        }
    }

    /// <summary>Runs the rows of C on the calling thread, or, when the product is big enough, shared by the threads.</summary>
    private static void Split<TJob>(ref TJob job, int m, long work) where TJob : struct, IRangeJob
    {
        if (work < ParallelWork) job.Run(0, m);
        else Workers.ForRange(m, 4, ref job);
    }

    /// <summary>C = A·Bᵀ over any range of C's rows (Run) or block of rows and columns.</summary>
    private readonly struct DotJob<T>(T* a, T* b, T* c, T* bias, int m, int n, int k, bool accumulate, bool relu) : IRangeJob
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int RowCount => m;

        public void Run(int start, int end) => Block(start, end, 0, n);

        /// <summary>C's rows [rowStart, rowEnd) × columns [columnStart, columnEnd).</summary>
        public void Block(int rowStart, int rowEnd, int columnStart, int columnEnd)
        {
            var args = new DotArgs<T>(
                new ReadOnlySpan<T>(a, m * k), new ReadOnlySpan<T>(b, n * k), new Span<T>(c, m * n),
                bias == null ? default : new ReadOnlySpan<T>(bias, n), n, k, accumulate, relu);
            if (Vector512.IsHardwareAccelerated) Dots<T, Vector512<T>, Simd512<T>>(args, rowStart, rowEnd, columnStart, columnEnd);
            else if (Vector256.IsHardwareAccelerated) Dots<T, Vector256<T>, Simd256<T>>(args, rowStart, rowEnd, columnStart, columnEnd);
            else if (Vector128.IsHardwareAccelerated) Dots<T, Vector128<T>, Simd128<T>>(args, rowStart, rowEnd, columnStart, columnEnd);
            else Dots<T, T, Simd1<T>>(args, rowStart, rowEnd, columnStart, columnEnd);
        }
    }

    /// <summary>C's columns [start, end) over every row, for a product of a few rows split by columns.</summary>
    private readonly struct ColumnRanges<T>(DotJob<T> job) : IRangeJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int end) => job.Block(0, job.RowCount, start, end);
    }

    /// <summary>C = A·B or Aᵀ·B over any range of C's rows.</summary>
    private readonly struct ScaleJob<T>(T* a, int rowStride, int depthStride, T* b, T* c, int m, int n, int k, bool accumulate, T* rowBias) : IRangeJob
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int end)
        {
            var args = new ScaleArgs<T>(
                new ReadOnlySpan<T>(a, m * k), rowStride, depthStride, new ReadOnlySpan<T>(b, k * n), new Span<T>(c, m * n), n, k, accumulate,
                rowBias == null ? default : new ReadOnlySpan<T>(rowBias, m));
            if (Vector512.IsHardwareAccelerated) Scales<T, Vector512<T>, Simd512<T>>(args, start, end);
            else if (Vector256.IsHardwareAccelerated) Scales<T, Vector256<T>, Simd256<T>>(args, start, end);
            else if (Vector128.IsHardwareAccelerated) Scales<T, Vector128<T>, Simd128<T>>(args, start, end);
            else Scales<T, T, Simd1<T>>(args, start, end);
        }
    }

    /// <summary>The operands of C = A·Bᵀ (+ bias, ReLU).</summary>
    internal readonly ref struct DotArgs<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, ReadOnlySpan<T> bias, int n, int k, bool accumulate, bool relu)
    {
        public readonly ref T A = ref MemoryMarshal.GetReference(a);
        public readonly ref T B = ref MemoryMarshal.GetReference(b);
        public readonly ref T C = ref MemoryMarshal.GetReference(c);
        public readonly ref T Bias = ref MemoryMarshal.GetReference(bias);
        public readonly bool HasBias = !bias.IsEmpty;
        public readonly int N = n, K = k;
        public readonly bool Accumulate = accumulate, Relu = relu;
    }

    /// <summary>The operands of C = A·B with A(i, p) at A[i·RowStride + p·DepthStride], so that Aᵀ·B is the same loop.</summary>
    internal readonly ref struct ScaleArgs<T>(ReadOnlySpan<T> a, int rowStride, int depthStride, ReadOnlySpan<T> b, Span<T> c, int n, int k, bool accumulate, ReadOnlySpan<T> rowBias = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly ref T A = ref MemoryMarshal.GetReference(a);
        public readonly ref T B = ref MemoryMarshal.GetReference(b);
        public readonly ref T C = ref MemoryMarshal.GetReference(c);
        public readonly ref T RowBias = ref MemoryMarshal.GetReference(rowBias);
        public readonly int RowStride = rowStride, DepthStride = depthStride, N = n, K = k;
        public readonly bool Accumulate = accumulate, HasRowBias = !rowBias.IsEmpty;

        /// <summary>Where row <paramref name="i"/>'s sums start when C is not accumulated: its bias, or 0.</summary>
        public T Start(int i) => HasRowBias ? Unsafe.Add(ref RowBias, i) : T.Zero;
    }

    /// <summary>
    /// C = A·Bᵀ in blocks of rows of A by 4 rows of B. A block's rows stay in L1 while B streams past from L2. With 32
    /// vector registers (<see cref="Simd.ThirtyTwoRegisters"/>, at any width), blocks of 6 rows (24 accumulators) and
    /// then of 4: a 6 × 4 block loads ten vectors per 24 multiply-adds, a 4 × 4 block eight per sixteen, so sixes ask
    /// L2 for a third less per multiply-add: the loop alone ran 8–16 % faster on 60–1024 rows of 784 by 128,
    /// PredictBatch(1024) 2–4 %, a two-thread MLP Fit 4 %. With 16 registers (AVX2, SSE, or
    /// <paramref name="fewRegisters"/>), blocks of 3 rows, whose 12 accumulators fit with A's three vectors and one of
    /// B loaded at a time: a 4 × 4 block there kept five accumulators on the stack, a load and a store each per
    /// multiply-add, and a 2 × 4 block's eight chains ran the 784 × 128 product 4–6 % slower (with AVX-512 switched
    /// off, alternating rounds). Both operands are read from rows that start on a cache line (unless the rows would be
    /// read too few times: see <see cref="PackRows"/>), since a load across two lines costs two: B is copied to scratch
    /// once per call where its rows do not, and a block of A by the block's first product as it reads it. A row's last
    /// partial vector is loaded with the lanes past its end zero. A block's leftover columns run against its copy of A
    /// (<see cref="Dot6x1"/>), leftover rows from the operands as they are (<see cref="Dot1x8"/>).
    /// </summary>
    internal static void Dots<T, TV, S>(
        in DotArgs<T> p, int rowStart, int rowEnd, int columnStart = 0, int columnEnd = -1, bool fewRegisters = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int n = columnEnd < 0 ? p.N : columnEnd, k = p.K;
        var narrow = fewRegisters || !Simd.ThirtyTwoRegisters;
        var sixesEnd = rowStart + (narrow ? 0 : 6 * Sixes(rowEnd - rowStart));
        var otherHeight = narrow ? 3 : 4;
        var blocksEnd = sixesEnd + (rowEnd - sixesEnd) / otherHeight * otherHeight;
        var columnsEnd = columnStart + (n - columnStart) / 4 * 4;
        var pack = k >= S.Width && S.Width > 1;
        var stride = pack ? AlignedScratch.Stride<T>(k) : k;
        var bStride = k;
        var b = Packed(ref Unsafe.Add(ref p.B, columnStart * k), columnsEnd - columnStart, k, pack && blocksEnd - rowStart >= PackRows, stride, ref bStride);
        var packA = pack && columnsEnd - columnStart >= PackRows * 4;
        for (var i = rowStart; i < blocksEnd;)
        {
            var height = i < sixesEnd ? 6 : otherHeight;
            // A block of A whose rows do not start on cache lines: its first product reads them as they are and writes
            // the copy that the block's other products read. A separate copy first cost 5–7 % of a PredictBatch, and
            // taking it out this way made PredictBatch(1024) 1–4 % faster.
            var source = (T*)Unsafe.AsPointer(ref Unsafe.Add(ref p.A, i * k));
            var copy = packA && !AlignedScratch.IsAligned(source, k) ? AlignedScratch.Block<T>((long)height * stride) : null;
            var a = copy == null ? source : copy;
            var aStride = copy == null ? k : stride;
            var j = columnStart;
            if (copy != null && j < columnsEnd)
            {
                Block<T, TV, S, CopyingA>(p, height, source, k, b, bStride, i, j, copy, stride);
                j += 4;
            }

            for (; j < columnsEnd; j += 4) Block<T, TV, S, NotCopyingA>(p, height, a, aStride, b + (j - columnStart) * bStride, bStride, i, j, null, 0);
            for (j = columnsEnd; j < n; j++)
                Dot6x1<T, TV, S>(p, ref Unsafe.AsRef<T>(a), aStride, height, ref Unsafe.Add(ref p.B, j * k), i, j);
            i += height;
        }

        for (var i = blocksEnd; i < rowEnd; i++)
        {
            ref var row = ref Unsafe.Add(ref p.A, i * k);
            var j = columnStart;
            for (; j + 8 <= n; j += 8) Dot1x8<T, TV, S>(p, ref row, i, j);
            for (; j < n; j++) Finish(p, i, j, Dot<T, TV, S>(ref row, ref Unsafe.Add(ref p.B, j * k), k));
        }
    }

    /// <summary>One block of <paramref name="height"/> (3, 4 or 6) rows of A against four rows of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<T, TV, S, TCopy>(in DotArgs<T> p, int height, T* a, int aStride, T* b, int bStride, int i, int j, T* copy, int copyStride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TCopy : struct, ICopyFlag
    {
        if (height == 6) DotRows<T, TV, S, SixRows, TCopy>(p, ref Unsafe.AsRef<T>(a), aStride, ref Unsafe.AsRef<T>(b), bStride, i, j, copy, copyStride);
        else if (height == 4) DotRows<T, TV, S, FourRows, TCopy>(p, ref Unsafe.AsRef<T>(a), aStride, ref Unsafe.AsRef<T>(b), bStride, i, j, copy, copyStride);
        else DotRows<T, TV, S, ThreeRows, TCopy>(p, ref Unsafe.AsRef<T>(a), aStride, ref Unsafe.AsRef<T>(b), bStride, i, j, copy, copyStride);
    }

    /// <summary>
    /// How many blocks of six a run of <paramref name="rows"/> rows takes before blocks of four: as many as fit, but one
    /// fewer when that would leave two or three rows, which two blocks of four cover better than single rows do.
    /// </summary>
    private static int Sixes(int rows)
    {
        var (sixes, rest) = Math.DivRem(rows, 6);
        return rest is 2 or 3 && sixes > 0 ? sixes - 1 : sixes;
    }

    /// <summary>
    /// <paramref name="count"/> rows of <paramref name="k"/> values from <paramref name="source"/>, each starting on a
    /// cache line: the rows themselves when they already do (or when <paramref name="pack"/> is off), else a copy,
    /// whose row stride goes to <paramref name="rowStride"/>. The operands are pinned: the products run on pointers.
    /// </summary>
    private static T* Packed<T>(ref T source, int count, int k, bool pack, int stride, ref int rowStride) where T : unmanaged
    {
        var start = (T*)Unsafe.AsPointer(ref source);
        if (!pack || AlignedScratch.IsAligned(start, k)) return start;
        var copy = AlignedScratch.Rows<T>((long)count * stride);
        for (var r = 0; r < count; r++) new ReadOnlySpan<T>(start + (long)r * k, k).CopyTo(new Span<T>(copy + (long)r * stride, k));
        rowStride = stride;
        return copy;
    }

    /// <summary>
    /// One row of A against eight rows of B: eight independent sums, so one sample (a matrix-vector product) is not
    /// held up by the multiply-add's latency (with four, one sample's 784-128 product took 5.6 µs on one core, 3.9
    /// with eight).
    /// </summary>
    private static void Dot1x8<T, TV, S>(in DotArgs<T> p, ref T a, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        var k = p.K;
        var w = S.Width;
        ref var b0 = ref Unsafe.Add(ref p.B, j * k);
        ref var b1 = ref Unsafe.Add(ref b0, k);
        ref var b2 = ref Unsafe.Add(ref b0, 2 * k);
        ref var b3 = ref Unsafe.Add(ref b0, 3 * k);
        ref var b4 = ref Unsafe.Add(ref b0, 4 * k);
        ref var b5 = ref Unsafe.Add(ref b0, 5 * k);
        ref var b6 = ref Unsafe.Add(ref b0, 6 * k);
        ref var b7 = ref Unsafe.Add(ref b0, 7 * k);
        TV c0 = S.Zero, c1 = S.Zero, c2 = S.Zero, c3 = S.Zero, c4 = S.Zero, c5 = S.Zero, c6 = S.Zero, c7 = S.Zero;
        nuint q = 0, vectorsEnd = (nuint)(k / w * w);
        for (; q < vectorsEnd; q += (nuint)w)
        {
            var a0 = S.Load(ref a, q);
            c0 = S.MultiplyAdd(a0, S.Load(ref b0, q), c0);
            c1 = S.MultiplyAdd(a0, S.Load(ref b1, q), c1);
            c2 = S.MultiplyAdd(a0, S.Load(ref b2, q), c2);
            c3 = S.MultiplyAdd(a0, S.Load(ref b3, q), c3);
            c4 = S.MultiplyAdd(a0, S.Load(ref b4, q), c4);
            c5 = S.MultiplyAdd(a0, S.Load(ref b5, q), c5);
            c6 = S.MultiplyAdd(a0, S.Load(ref b6, q), c6);
            c7 = S.MultiplyAdd(a0, S.Load(ref b7, q), c7);
        }

        var rest = k - (int)q;
        if (rest > 0)
        {
            var a0 = S.LoadFirst(ref a, q, rest);
            c0 = S.MultiplyAdd(a0, S.LoadFirst(ref b0, q, rest), c0);
            c1 = S.MultiplyAdd(a0, S.LoadFirst(ref b1, q, rest), c1);
            c2 = S.MultiplyAdd(a0, S.LoadFirst(ref b2, q, rest), c2);
            c3 = S.MultiplyAdd(a0, S.LoadFirst(ref b3, q, rest), c3);
            c4 = S.MultiplyAdd(a0, S.LoadFirst(ref b4, q, rest), c4);
            c5 = S.MultiplyAdd(a0, S.LoadFirst(ref b5, q, rest), c5);
            c6 = S.MultiplyAdd(a0, S.LoadFirst(ref b6, q, rest), c6);
            c7 = S.MultiplyAdd(a0, S.LoadFirst(ref b7, q, rest), c7);
        }

        // The eight sums transposed together (Sum2x4's "rows" are this row's two fours of columns) where the width
        // allows, in the order each separate sum takes: one sample's 784-128-10 Predict 23 % faster on one thread than
        // with eight separate reductions (alternating rounds), which were a chain of shuffles and scalar stores.
        if (typeof(TV) == typeof(Vector512<float>) && Avx512F.IsSupported)
        {
            FinishEight(Unsafe.As<DotArgs<T>, DotArgs<float>>(ref Unsafe.AsRef(in p)), i, j,
                Simd512<float>.Sum2x4(F(c0), F(c1), F(c2), F(c3), F(c4), F(c5), F(c6), F(c7)));
            return;
        }

        if (typeof(TV) == typeof(Vector256<float>) && Avx.IsSupported)
        {
            FinishEight(Unsafe.As<DotArgs<T>, DotArgs<float>>(ref Unsafe.AsRef(in p)), i, j,
                Simd256<float>.Sum2x4(E(c0), E(c1), E(c2), E(c3), E(c4), E(c5), E(c6), E(c7)));
            return;
        }

        Finish(p, i, j, S.Sum(c0)); Finish(p, i, j + 1, S.Sum(c1)); Finish(p, i, j + 2, S.Sum(c2)); Finish(p, i, j + 3, S.Sum(c3));
        Finish(p, i, j + 4, S.Sum(c4)); Finish(p, i, j + 5, S.Sum(c5)); Finish(p, i, j + 6, S.Sum(c6)); Finish(p, i, j + 7, S.Sum(c7));
    }

    /// <summary>
    /// The <paramref name="height"/> (3, 4 or 6) rows of a block of A (at <paramref name="a"/>, <paramref name="aStride"/>
    /// apart) against row j of B, a block's leftover column (a 10-class layer has two): independent sums, where one sum
    /// at a time waited on the multiply-add's latency. A shorter block reads its last row in place of the missing ones
    /// and keeps only its own sums.
    /// </summary>
    private static void Dot6x1<T, TV, S>(in DotArgs<T> p, ref T a, int aStride, int height, ref T b, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        var k = p.K;
        var w = S.Width;
        ref var a1 = ref Unsafe.Add(ref a, aStride);
        ref var a2 = ref Unsafe.Add(ref a, Math.Min(2, height - 1) * aStride);
        ref var a3 = ref Unsafe.Add(ref a, Math.Min(3, height - 1) * aStride);
        ref var a4 = ref Unsafe.Add(ref a, Math.Min(4, height - 1) * aStride);
        ref var a5 = ref Unsafe.Add(ref a, Math.Min(5, height - 1) * aStride);
        TV c0 = S.Zero, c1 = S.Zero, c2 = S.Zero, c3 = S.Zero, c4 = S.Zero, c5 = S.Zero;
        nuint q = 0, vectorsEnd = (nuint)(k / w * w);
        for (; q < vectorsEnd; q += (nuint)w)
        {
            var b0 = S.Load(ref b, q);
            c0 = S.MultiplyAdd(S.Load(ref a, q), b0, c0);
            c1 = S.MultiplyAdd(S.Load(ref a1, q), b0, c1);
            c2 = S.MultiplyAdd(S.Load(ref a2, q), b0, c2);
            c3 = S.MultiplyAdd(S.Load(ref a3, q), b0, c3);
            c4 = S.MultiplyAdd(S.Load(ref a4, q), b0, c4);
            c5 = S.MultiplyAdd(S.Load(ref a5, q), b0, c5);
        }

        var rest = k - (int)q;
        if (rest > 0)
        {
            var b0 = S.LoadFirst(ref b, q, rest);
            c0 = S.MultiplyAdd(S.LoadFirst(ref a, q, rest), b0, c0);
            c1 = S.MultiplyAdd(S.LoadFirst(ref a1, q, rest), b0, c1);
            c2 = S.MultiplyAdd(S.LoadFirst(ref a2, q, rest), b0, c2);
            c3 = S.MultiplyAdd(S.LoadFirst(ref a3, q, rest), b0, c3);
            c4 = S.MultiplyAdd(S.LoadFirst(ref a4, q, rest), b0, c4);
            c5 = S.MultiplyAdd(S.LoadFirst(ref a5, q, rest), b0, c5);
        }

        Finish(p, i, j, S.Sum(c0)); Finish(p, i + 1, j, S.Sum(c1)); Finish(p, i + 2, j, S.Sum(c2));
        if (height <= 3) return;
        Finish(p, i + 3, j, S.Sum(c3));
        if (height <= 4) return;
        Finish(p, i + 4, j, S.Sum(c4)); Finish(p, i + 5, j, S.Sum(c5));
    }

    /// <summary>
    /// Rows i..i+R−1 of A (at <paramref name="a"/>, <paramref name="aStride"/> apart) against rows j..j+3 of B
    /// (likewise), R = <typeparamref name="TRows"/>'s count (3, 4 or 6): 4R accumulators. The JIT compiles one copy per
    /// count, without the rows past it. With <typeparamref name="TCopy"/> = <see cref="CopyingA"/> it also stores each
    /// vector of A it loads to the same place in <paramref name="copy"/> (rows <paramref name="copyStride"/> apart), so
    /// that the block's other products read rows that start on cache lines. A block of three loads its rows of A first
    /// and then B's one at a time, to fit 16 registers. Not inlined: inlined into its callers, a small block used up
    /// the JIT's inlining budget there, and its sums and epilogues became calls (12 % of the time).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotRows<T, TV, S, TRows, TCopy>(in DotArgs<T> p, ref T a, int aStride, ref T b, int bStride, int i, int j, T* copy, int copyStride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TRows : struct, IRowCount
        where TCopy : struct, ICopyFlag
    {
        var copies = TCopy.Copies;
        ref var k0r = ref Unsafe.AsRef<T>(copy);
        ref var k1r = ref Unsafe.AsRef<T>(copy + copyStride);
        ref var k2r = ref Unsafe.AsRef<T>(copy + 2 * copyStride);
        ref var k3r = ref Unsafe.AsRef<T>(copy + 3 * copyStride);
        ref var k4r = ref Unsafe.AsRef<T>(copy + 4 * copyStride);
        ref var k5r = ref Unsafe.AsRef<T>(copy + 5 * copyStride);
        var k = p.K;
        var w = S.Width;
        var rows = TRows.Count;
        TV c00 = S.Zero, c01 = S.Zero, c02 = S.Zero, c03 = S.Zero;
        TV c10 = S.Zero, c11 = S.Zero, c12 = S.Zero, c13 = S.Zero;
        TV c20 = S.Zero, c21 = S.Zero, c22 = S.Zero, c23 = S.Zero;
        TV c30 = S.Zero, c31 = S.Zero, c32 = S.Zero, c33 = S.Zero;
        TV c40 = S.Zero, c41 = S.Zero, c42 = S.Zero, c43 = S.Zero;
        TV c50 = S.Zero, c51 = S.Zero, c52 = S.Zero, c53 = S.Zero;
        // One reference per row, so that each load is its row's base plus q (no stride arithmetic in the loop); the
        // rows past the count are never read.
        ref var a0r = ref a;
        ref var a1r = ref Unsafe.Add(ref a, aStride);
        ref var a2r = ref Unsafe.Add(ref a, 2 * aStride);
        ref var a3r = ref Unsafe.Add(ref a, 3 * aStride);
        ref var a4r = ref Unsafe.Add(ref a, 4 * aStride);
        ref var a5r = ref Unsafe.Add(ref a, 5 * aStride);
        ref var b0r = ref b;
        ref var b1r = ref Unsafe.Add(ref b, bStride);
        ref var b2r = ref Unsafe.Add(ref b, 2 * bStride);
        ref var b3r = ref Unsafe.Add(ref b, 3 * bStride);
        nuint q = 0, vectorsEnd = (nuint)(k / w * w);
        for (; q < vectorsEnd; q += (nuint)w)
        {
            if (rows == 3)
            {
                // Three rows of A, then each row of B in turn: 12 accumulators and four loaded vectors, the 16
                // registers. Loaded B first, the block would need 17.
                var x0 = S.Load(ref a0r, q);
                var x1 = S.Load(ref a1r, q);
                var x2 = S.Load(ref a2r, q);
                if (copies)
                {
                    S.Store(x0, ref k0r, q); S.Store(x1, ref k1r, q); S.Store(x2, ref k2r, q);
                }

                var v = S.Load(ref b0r, q);
                c00 = S.MultiplyAdd(x0, v, c00); c10 = S.MultiplyAdd(x1, v, c10); c20 = S.MultiplyAdd(x2, v, c20);
                v = S.Load(ref b1r, q);
                c01 = S.MultiplyAdd(x0, v, c01); c11 = S.MultiplyAdd(x1, v, c11); c21 = S.MultiplyAdd(x2, v, c21);
                v = S.Load(ref b2r, q);
                c02 = S.MultiplyAdd(x0, v, c02); c12 = S.MultiplyAdd(x1, v, c12); c22 = S.MultiplyAdd(x2, v, c22);
                v = S.Load(ref b3r, q);
                c03 = S.MultiplyAdd(x0, v, c03); c13 = S.MultiplyAdd(x1, v, c13); c23 = S.MultiplyAdd(x2, v, c23);
                continue;
            }

            var b0 = S.Load(ref b0r, q);
            var b1 = S.Load(ref b1r, q);
            var b2 = S.Load(ref b2r, q);
            var b3 = S.Load(ref b3r, q);
            var x = S.Load(ref a0r, q);
            if (copies) S.Store(x, ref k0r, q);
            c00 = S.MultiplyAdd(x, b0, c00); c01 = S.MultiplyAdd(x, b1, c01); c02 = S.MultiplyAdd(x, b2, c02); c03 = S.MultiplyAdd(x, b3, c03);
            x = S.Load(ref a1r, q);
            if (copies) S.Store(x, ref k1r, q);
            c10 = S.MultiplyAdd(x, b0, c10); c11 = S.MultiplyAdd(x, b1, c11); c12 = S.MultiplyAdd(x, b2, c12); c13 = S.MultiplyAdd(x, b3, c13);
            x = S.Load(ref a2r, q);
            if (copies) S.Store(x, ref k2r, q);
            c20 = S.MultiplyAdd(x, b0, c20); c21 = S.MultiplyAdd(x, b1, c21); c22 = S.MultiplyAdd(x, b2, c22); c23 = S.MultiplyAdd(x, b3, c23);
            x = S.Load(ref a3r, q);
            if (copies) S.Store(x, ref k3r, q);
            c30 = S.MultiplyAdd(x, b0, c30); c31 = S.MultiplyAdd(x, b1, c31); c32 = S.MultiplyAdd(x, b2, c32); c33 = S.MultiplyAdd(x, b3, c33);

            if (rows > 4)
            {
                x = S.Load(ref a4r, q);
                if (copies) S.Store(x, ref k4r, q);
                c40 = S.MultiplyAdd(x, b0, c40); c41 = S.MultiplyAdd(x, b1, c41); c42 = S.MultiplyAdd(x, b2, c42); c43 = S.MultiplyAdd(x, b3, c43);
                x = S.Load(ref a5r, q);
                if (copies) S.Store(x, ref k5r, q);
                c50 = S.MultiplyAdd(x, b0, c50); c51 = S.MultiplyAdd(x, b1, c51); c52 = S.MultiplyAdd(x, b2, c52); c53 = S.MultiplyAdd(x, b3, c53);
            }
        }

        var rest = k - (int)q;
        if (rest > 0)
        {
            var b0 = S.LoadFirst(ref b0r, q, rest);
            var b1 = S.LoadFirst(ref b1r, q, rest);
            var b2 = S.LoadFirst(ref b2r, q, rest);
            var b3 = S.LoadFirst(ref b3r, q, rest);
            var x = S.LoadFirst(ref a0r, q, rest);
            if (copies) S.Store(x, ref k0r, q);
            c00 = S.MultiplyAdd(x, b0, c00); c01 = S.MultiplyAdd(x, b1, c01); c02 = S.MultiplyAdd(x, b2, c02); c03 = S.MultiplyAdd(x, b3, c03);
            x = S.LoadFirst(ref a1r, q, rest);
            if (copies) S.Store(x, ref k1r, q);
            c10 = S.MultiplyAdd(x, b0, c10); c11 = S.MultiplyAdd(x, b1, c11); c12 = S.MultiplyAdd(x, b2, c12); c13 = S.MultiplyAdd(x, b3, c13);
            x = S.LoadFirst(ref a2r, q, rest);
            if (copies) S.Store(x, ref k2r, q);
            c20 = S.MultiplyAdd(x, b0, c20); c21 = S.MultiplyAdd(x, b1, c21); c22 = S.MultiplyAdd(x, b2, c22); c23 = S.MultiplyAdd(x, b3, c23);
            if (rows > 3)
            {
                x = S.LoadFirst(ref a3r, q, rest);
                if (copies) S.Store(x, ref k3r, q);
                c30 = S.MultiplyAdd(x, b0, c30); c31 = S.MultiplyAdd(x, b1, c31); c32 = S.MultiplyAdd(x, b2, c32); c33 = S.MultiplyAdd(x, b3, c33);
            }

            if (rows > 4)
            {
                x = S.LoadFirst(ref a4r, q, rest);
                if (copies) S.Store(x, ref k4r, q);
                c40 = S.MultiplyAdd(x, b0, c40); c41 = S.MultiplyAdd(x, b1, c41); c42 = S.MultiplyAdd(x, b2, c42); c43 = S.MultiplyAdd(x, b3, c43);
                x = S.LoadFirst(ref a5r, q, rest);
                if (copies) S.Store(x, ref k5r, q);
                c50 = S.MultiplyAdd(x, b0, c50); c51 = S.MultiplyAdd(x, b1, c51); c52 = S.MultiplyAdd(x, b2, c52); c53 = S.MultiplyAdd(x, b3, c53);
            }
        }

        // The sums, transposed where the width allows: with 512 bits, Sum4x4 for rows in fours (a third row twice over,
        // the repeated part being the same work) and Sum2x4 for a six-row block's last two (with Sum4x4 twice over
        // there, 22 more shuffles and additions a block: the 64 × 784 → 128 product 2 % slower, PredictBatch 1 %);
        // with 256, Sum2x4 for rows in pairs and a third row alone.
        if (typeof(TV) == typeof(Vector512<float>) && Avx512F.IsSupported)
        {
            ref var args = ref Unsafe.As<DotArgs<T>, DotArgs<float>>(ref Unsafe.AsRef(in p));
            if (rows == 3)
            {
                Finish4x4(args, i, j, 3, Simd512<float>.Sum4x4(
                    F(c00), F(c01), F(c02), F(c03), F(c10), F(c11), F(c12), F(c13),
                    F(c20), F(c21), F(c22), F(c23), F(c20), F(c21), F(c22), F(c23)));
                return;
            }

            Finish4x4(args, i, j, 4, Simd512<float>.Sum4x4(
                F(c00), F(c01), F(c02), F(c03), F(c10), F(c11), F(c12), F(c13),
                F(c20), F(c21), F(c22), F(c23), F(c30), F(c31), F(c32), F(c33)));
            if (rows > 4) Finish2x4(args, i + 4, j, Simd512<float>.Sum2x4(F(c40), F(c41), F(c42), F(c43), F(c50), F(c51), F(c52), F(c53)));

            return;
        }

        if (typeof(TV) == typeof(Vector256<float>) && Avx.IsSupported)
        {
            ref var args = ref Unsafe.As<DotArgs<T>, DotArgs<float>>(ref Unsafe.AsRef(in p));
            Finish2x4(args, i, j, Simd256<float>.Sum2x4(E(c00), E(c01), E(c02), E(c03), E(c10), E(c11), E(c12), E(c13)));
            if (rows == 3) FinishRow<T, TV, S>(p, i + 2, j, c20, c21, c22, c23);
            if (rows > 3) Finish2x4(args, i + 2, j, Simd256<float>.Sum2x4(E(c20), E(c21), E(c22), E(c23), E(c30), E(c31), E(c32), E(c33)));
            if (rows > 4) Finish2x4(args, i + 4, j, Simd256<float>.Sum2x4(E(c40), E(c41), E(c42), E(c43), E(c50), E(c51), E(c52), E(c53)));
            return;
        }

        FinishRow<T, TV, S>(p, i, j, c00, c01, c02, c03);
        FinishRow<T, TV, S>(p, i + 1, j, c10, c11, c12, c13);
        FinishRow<T, TV, S>(p, i + 2, j, c20, c21, c22, c23);
        if (rows > 3) FinishRow<T, TV, S>(p, i + 3, j, c30, c31, c32, c33);

        if (rows > 4)
        {
            FinishRow<T, TV, S>(p, i + 4, j, c40, c41, c42, c43);
            FinishRow<T, TV, S>(p, i + 5, j, c50, c51, c52, c53);
        }
    }

    /// <summary>The epilogue on row i's four sums from column j, each summed alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRow<T, TV, S>(in DotArgs<T> p, int i, int j, TV c0, TV c1, TV c2, TV c3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        Finish(p, i, j, S.Sum(c0)); Finish(p, i, j + 1, S.Sum(c1)); Finish(p, i, j + 2, S.Sum(c2)); Finish(p, i, j + 3, S.Sum(c3));
    }

    /// <summary>
    /// How many rows of A a <see cref="DotRows{T, TV, S, TRows, TCopy}"/> block takes (or of the weights, filters, a
    /// <see cref="SameConvolution"/> block), a constant for the JIT.
    /// </summary>
    internal interface IRowCount
    {
        static abstract int Count { get; }
    }

    /// <summary>Whether a <see cref="DotRows{T, TV, S, TRows, TCopy}"/> block also writes its rows of A to the copy, a constant for the JIT.</summary>
    private interface ICopyFlag
    {
        static abstract bool Copies { get; }
    }

    private readonly struct CopyingA : ICopyFlag
    {
        public static bool Copies => true;
    }

    private readonly struct NotCopyingA : ICopyFlag
    {
        public static bool Copies => false;
    }

    internal readonly struct TwoRows : IRowCount
    {
        public static int Count => 2;
    }

    private readonly struct ThreeRows : IRowCount
    {
        public static int Count => 3;
    }

    internal readonly struct FourRows : IRowCount
    {
        public static int Count => 4;
    }

    private readonly struct SixRows : IRowCount
    {
        public static int Count => 6;
    }

    internal readonly struct EightRows : IRowCount
    {
        public static int Count => 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> F<TV>(TV value) where TV : struct => Unsafe.As<TV, Vector512<float>>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> E<TV>(TV value) where TV : struct => Unsafe.As<TV, Vector256<float>>(ref value);

    /// <summary>Σₚ x[p] y[p] in the lanes, a last partial vector included, then summed in the order the blocks use.</summary>
    private static T Dot<T, TV, S>(ref T x, ref T y, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        var acc = S.Zero;
        var q = 0;
        for (; q + S.Width <= k; q += S.Width) acc = S.MultiplyAdd(S.Load(ref x, (nuint)q), S.Load(ref y, (nuint)q), acc);
        if (q < k) acc = S.MultiplyAdd(S.LoadFirst(ref x, (nuint)q, k - q), S.LoadFirst(ref y, (nuint)q, k - q), acc);
        return S.Sum(acc);
    }

    /// <summary>
    /// Finish on the first <paramref name="rows"/> (3 or 4) rows of a 4 × 4 block of sums, one row of four at a time (the
    /// same operations, so the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4x4(in DotArgs<float> p, int i, int j, int rows, Vector512<float> sums)
    {
        var bias = p.HasBias ? Vector128.LoadUnsafe(ref p.Bias, (nuint)j) : Vector128<float>.Zero;
        FinishRow(p, i, j, bias, Avx512F.ExtractVector128(sums, 0));
        FinishRow(p, i + 1, j, bias, Avx512F.ExtractVector128(sums, 1));
        FinishRow(p, i + 2, j, bias, Avx512F.ExtractVector128(sums, 2));
        if (rows <= 3) return;
        FinishRow(p, i + 3, j, bias, Avx512F.ExtractVector128(sums, 3));
    }

    /// <summary>Finish on row i's eight sums from column j, the first four in the lower half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishEight(in DotArgs<float> p, int i, int j, Vector256<float> sums)
    {
        var bias = p.HasBias ? Vector256.LoadUnsafe(ref p.Bias, (nuint)j) : Vector256<float>.Zero;
        FinishRow(p, i, j, bias.GetLower(), sums.GetLower());
        FinishRow(p, i, j + 4, bias.GetUpper(), sums.GetUpper());
    }

    /// <summary>Finish on a 2 × 4 block of sums, as <see cref="Finish4x4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish2x4(in DotArgs<float> p, int i, int j, Vector256<float> sums)
    {
        var bias = p.HasBias ? Vector128.LoadUnsafe(ref p.Bias, (nuint)j) : Vector128<float>.Zero;
        FinishRow(p, i, j, bias, sums.GetLower());
        FinishRow(p, i + 1, j, bias, sums.GetUpper());
    }

    /// <summary>
    /// The epilogue on C[i, j..j+3]: <see cref="Finish{T}"/>'s operations lane by lane, without its branch on the sign,
    /// which a ReLU layer's outputs mispredict half the time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRow(in DotArgs<float> p, int i, int j, Vector128<float> bias, Vector128<float> sum)
    {
        ref var target = ref Unsafe.Add(ref p.C, i * p.N + j);
        if (p.HasBias) sum = bias + sum;
        if (p.Accumulate) sum = Vector128.LoadUnsafe(ref target) + sum;
        if (p.Relu) sum = Vector128.ConditionalSelect(Vector128.GreaterThan(sum, Vector128<float>.Zero), sum, Vector128<float>.Zero);
        sum.StoreUnsafe(ref target);
    }

    /// <summary>The epilogue: bias, what C held, ReLU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(in DotArgs<T> p, int i, int j, T sum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var target = ref Unsafe.Add(ref p.C, i * p.N + j);
        if (p.HasBias) sum = Unsafe.Add(ref p.Bias, j) + sum;
        if (p.Accumulate) sum = target + sum;
        if (p.Relu && !(sum > T.Zero)) sum = T.Zero;
        target = sum;
    }

    /// <summary>
    /// C = A·B in blocks of 8 or 4 rows by 3 vectors: 24 or 12 accumulators, 11 or 7 loads per 24 or 12 multiply-adds.
    /// A panel of B (3 vectors wide, k deep) meets every block of rows in turn; B is first copied to rows that start on
    /// cache lines when enough rows read it (<see cref="PackRows"/>).
    /// </summary>
    internal static void Scales<T, TV, S>(in ScaleArgs<T> p, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int n = p.N, w = S.Width;
        var blocksEnd = rowStart + (rowEnd - rowStart) / 4 * 4;
        var bStride = n;
        var b = Packed(ref p.B, p.K, n, w > 1 && n >= 3 * w && blocksEnd - rowStart >= PackRows, AlignedScratch.Stride<T>(n), ref bStride);
        // Columns outside, rows inside: a panel of B (k rows of 3 vectors) stays in L1 while every block of rows
        // meets it, instead of all of B streaming from L2 once per block (Dense's weight gradient, 128 × 784 over a
        // batch of 64, ran at half the FMA peak the other way round).
        var tilesEnd = n / (3 * w) * 3 * w;
        // Blocks of 8 rows where there are 32 vector registers (24 accumulators, 3 vectors of B and a broadcast), else
        // of 4: per block, the panel's rows are loaded once for twice as many multiply-adds, and the stores of the
        // results, the loop's set-up and its end are half as many per multiply-add (Dense's weight gradient, 128 × 784
        // over a batch of 64, 3–13 % faster alone; MLP Fit about 4 %, LeNet's 2 %, in alternating rounds).
        var eightsEnd = Simd.ThirtyTwoRegisters ? rowStart + (blocksEnd - rowStart) / 8 * 8 : rowStart;
        for (var j = 0; j < tilesEnd; j += 3 * w)
        {
            ref var panel = ref Unsafe.AsRef<T>(b + j);
            for (var r = rowStart; r < eightsEnd; r += 8) ScaleRows<T, TV, S, EightRows>(p, ref panel, bStride, r, j);
            for (var r = eightsEnd; r < blocksEnd; r += 4) ScaleRows<T, TV, S, FourRows>(p, ref panel, bStride, r, j);
        }

        var i = rowStart;
        for (; i < blocksEnd; i += 4)
        {
            var j = tilesEnd;
            for (; j + w <= n; j += w) Scale4x1<T, TV, S>(p, i, j);
            if (w > 4 && Vector128.IsHardwareAccelerated)
                for (; j + Vector128<T>.Count <= n; j += Vector128<T>.Count) Scale4x1<T, Vector128<T>, Simd128<T>>(p, i, j);
            for (; j < n; j++) Scale4xScalar(p, i, j);
        }
        for (; i < rowEnd; i++)
        {
            var j = 0;
            for (; j + w <= n; j += w) Scale1x1<T, TV, S>(p, i, j);
            for (; j < n; j++) ScaleScalar(p, i, j);
        }
    }

    /// <summary>
    /// Rows i..i+<typeparamref name="TRows"/>.Count−1 of C (4 or 8), columns j..j+3w−1; <paramref name="b"/> is B's
    /// column j, rows <paramref name="bStride"/> apart. Each value is one fused multiply-add per p, in order, whatever
    /// the block's height.
    /// </summary>
    private static void ScaleRows<T, TV, S, TRows>(in ScaleArgs<T> p, ref T b, int bStride, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
        where TRows : struct, IRowCount
    {
        int n = p.N, w = S.Width, rs = p.RowStride, ds = p.DepthStride;
        var eight = TRows.Count == 8;
        ref var c = ref Unsafe.Add(ref p.C, i * n + j);
        nuint v1 = (nuint)w, v2 = (nuint)(2 * w), r1 = (nuint)n, r2 = (nuint)(2 * n), r3 = (nuint)(3 * n);
        nuint r4 = (nuint)(4 * n), r5 = (nuint)(5 * n), r6 = (nuint)(6 * n), r7 = (nuint)(7 * n);
        nuint a1 = (nuint)rs, a2 = (nuint)(2 * rs), a3 = (nuint)(3 * rs), a4 = (nuint)(4 * rs), a5 = (nuint)(5 * rs), a6 = (nuint)(6 * rs), a7 = (nuint)(7 * rs);
        TV c00 = S.Broadcast(p.Start(i)), c10 = S.Broadcast(p.Start(i + 1)), c20 = S.Broadcast(p.Start(i + 2)), c30 = S.Broadcast(p.Start(i + 3));
        TV c40 = eight ? S.Broadcast(p.Start(i + 4)) : S.Zero, c50 = eight ? S.Broadcast(p.Start(i + 5)) : S.Zero;
        TV c60 = eight ? S.Broadcast(p.Start(i + 6)) : S.Zero, c70 = eight ? S.Broadcast(p.Start(i + 7)) : S.Zero;
        TV c01 = c00, c02 = c00, c11 = c10, c12 = c10, c21 = c20, c22 = c20, c31 = c30, c32 = c30;
        TV c41 = c40, c42 = c40, c51 = c50, c52 = c50, c61 = c60, c62 = c60, c71 = c70, c72 = c70;
        if (p.Accumulate)
        {
            c00 = S.Load(ref c, 0); c01 = S.Load(ref c, v1); c02 = S.Load(ref c, v2);
            c10 = S.Load(ref c, r1); c11 = S.Load(ref c, r1 + v1); c12 = S.Load(ref c, r1 + v2);
            c20 = S.Load(ref c, r2); c21 = S.Load(ref c, r2 + v1); c22 = S.Load(ref c, r2 + v2);
            c30 = S.Load(ref c, r3); c31 = S.Load(ref c, r3 + v1); c32 = S.Load(ref c, r3 + v2);
            if (eight)
            {
                c40 = S.Load(ref c, r4); c41 = S.Load(ref c, r4 + v1); c42 = S.Load(ref c, r4 + v2);
                c50 = S.Load(ref c, r5); c51 = S.Load(ref c, r5 + v1); c52 = S.Load(ref c, r5 + v2);
                c60 = S.Load(ref c, r6); c61 = S.Load(ref c, r6 + v1); c62 = S.Load(ref c, r6 + v2);
                c70 = S.Load(ref c, r7); c71 = S.Load(ref c, r7 + v1); c72 = S.Load(ref c, r7 + v2);
            }
        }

        ref var a = ref Unsafe.Add(ref p.A, i * rs);
        for (var q = 0; q < p.K; q++)
        {
            ref var bq = ref Unsafe.Add(ref b, q * bStride);
            var b0 = S.Load(ref bq, 0);
            var b1 = S.Load(ref bq, v1);
            var b2 = S.Load(ref bq, v2);
            ref var aq = ref Unsafe.Add(ref a, q * ds);
            var x = S.Broadcast(aq);
            c00 = S.MultiplyAdd(x, b0, c00); c01 = S.MultiplyAdd(x, b1, c01); c02 = S.MultiplyAdd(x, b2, c02);
            x = S.Broadcast(Unsafe.Add(ref aq, a1));
            c10 = S.MultiplyAdd(x, b0, c10); c11 = S.MultiplyAdd(x, b1, c11); c12 = S.MultiplyAdd(x, b2, c12);
            x = S.Broadcast(Unsafe.Add(ref aq, a2));
            c20 = S.MultiplyAdd(x, b0, c20); c21 = S.MultiplyAdd(x, b1, c21); c22 = S.MultiplyAdd(x, b2, c22);
            x = S.Broadcast(Unsafe.Add(ref aq, a3));
            c30 = S.MultiplyAdd(x, b0, c30); c31 = S.MultiplyAdd(x, b1, c31); c32 = S.MultiplyAdd(x, b2, c32);
            if (eight)
            {
                x = S.Broadcast(Unsafe.Add(ref aq, a4));
                c40 = S.MultiplyAdd(x, b0, c40); c41 = S.MultiplyAdd(x, b1, c41); c42 = S.MultiplyAdd(x, b2, c42);
                x = S.Broadcast(Unsafe.Add(ref aq, a5));
                c50 = S.MultiplyAdd(x, b0, c50); c51 = S.MultiplyAdd(x, b1, c51); c52 = S.MultiplyAdd(x, b2, c52);
                x = S.Broadcast(Unsafe.Add(ref aq, a6));
                c60 = S.MultiplyAdd(x, b0, c60); c61 = S.MultiplyAdd(x, b1, c61); c62 = S.MultiplyAdd(x, b2, c62);
                x = S.Broadcast(Unsafe.Add(ref aq, a7));
                c70 = S.MultiplyAdd(x, b0, c70); c71 = S.MultiplyAdd(x, b1, c71); c72 = S.MultiplyAdd(x, b2, c72);
            }
        }

        S.Store(c00, ref c, 0); S.Store(c01, ref c, v1); S.Store(c02, ref c, v2);
        S.Store(c10, ref c, r1); S.Store(c11, ref c, r1 + v1); S.Store(c12, ref c, r1 + v2);
        S.Store(c20, ref c, r2); S.Store(c21, ref c, r2 + v1); S.Store(c22, ref c, r2 + v2);
        S.Store(c30, ref c, r3); S.Store(c31, ref c, r3 + v1); S.Store(c32, ref c, r3 + v2);
        if (eight)
        {
            S.Store(c40, ref c, r4); S.Store(c41, ref c, r4 + v1); S.Store(c42, ref c, r4 + v2);
            S.Store(c50, ref c, r5); S.Store(c51, ref c, r5 + v1); S.Store(c52, ref c, r5 + v2);
            S.Store(c60, ref c, r6); S.Store(c61, ref c, r6 + v1); S.Store(c62, ref c, r6 + v2);
            S.Store(c70, ref c, r7); S.Store(c71, ref c, r7 + v1); S.Store(c72, ref c, r7 + v2);
        }
    }

    /// <summary>
    /// Rows i..i+3 of C, one vector of columns from j: the columns left over after the 4 × 3 blocks, four independent
    /// sums so that they are not held up by one chain of multiply-adds. Each value is still one fused multiply-add per
    /// p, in order, so the width it runs at (a 128-bit vector for a short tail) does not change its bits.
    /// </summary>
    private static void Scale4x1<T, TV, S>(in ScaleArgs<T> p, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int n = p.N, rs = p.RowStride, ds = p.DepthStride;
        ref var c = ref Unsafe.Add(ref p.C, i * n + j);
        nuint r1 = (nuint)n, r2 = (nuint)(2 * n), r3 = (nuint)(3 * n);
        var (c0, c1, c2, c3) = p.Accumulate
            ? (S.Load(ref c, 0), S.Load(ref c, r1), S.Load(ref c, r2), S.Load(ref c, r3))
            : (S.Broadcast(p.Start(i)), S.Broadcast(p.Start(i + 1)), S.Broadcast(p.Start(i + 2)), S.Broadcast(p.Start(i + 3)));

        ref var a = ref Unsafe.Add(ref p.A, i * rs);
        ref var b = ref Unsafe.Add(ref p.B, j);
        for (var q = 0; q < p.K; q++)
        {
            var bq = S.Load(ref b, (nuint)(q * n));
            ref var aq = ref Unsafe.Add(ref a, q * ds);
            c0 = S.MultiplyAdd(S.Broadcast(aq), bq, c0);
            c1 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref aq, rs)), bq, c1);
            c2 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref aq, 2 * rs)), bq, c2);
            c3 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref aq, 3 * rs)), bq, c3);
        }

        S.Store(c0, ref c, 0); S.Store(c1, ref c, r1); S.Store(c2, ref c, r2); S.Store(c3, ref c, r3);
    }

    /// <summary>Rows i..i+3 of C in column j: four independent sums, each fused as in <see cref="ScaleScalar"/>.</summary>
    private static void Scale4xScalar<T>(in ScaleArgs<T> p, int i, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = p.N, rs = p.RowStride, ds = p.DepthStride;
        ref var c = ref Unsafe.Add(ref p.C, i * n + j);
        var (c0, c1, c2, c3) = p.Accumulate ? (c, Unsafe.Add(ref c, n), Unsafe.Add(ref c, 2 * n), Unsafe.Add(ref c, 3 * n)) : (p.Start(i), p.Start(i + 1), p.Start(i + 2), p.Start(i + 3));
        ref var a = ref Unsafe.Add(ref p.A, i * rs);
        ref var b = ref Unsafe.Add(ref p.B, j);
        for (var q = 0; q < p.K; q++)
        {
            var bq = Unsafe.Add(ref b, q * n);
            ref var aq = ref Unsafe.Add(ref a, q * ds);
            c0 = T.FusedMultiplyAdd(aq, bq, c0);
            c1 = T.FusedMultiplyAdd(Unsafe.Add(ref aq, rs), bq, c1);
            c2 = T.FusedMultiplyAdd(Unsafe.Add(ref aq, 2 * rs), bq, c2);
            c3 = T.FusedMultiplyAdd(Unsafe.Add(ref aq, 3 * rs), bq, c3);
        }

        (c, Unsafe.Add(ref c, n), Unsafe.Add(ref c, 2 * n), Unsafe.Add(ref c, 3 * n)) = (c0, c1, c2, c3);
    }

    private static void Scale1x1<T, TV, S>(in ScaleArgs<T> p, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        ref var c = ref Unsafe.Add(ref p.C, i * p.N + j);
        var acc = p.Accumulate ? S.Load(ref c, 0) : S.Broadcast(p.Start(i));
        ref var a = ref Unsafe.Add(ref p.A, i * p.RowStride);
        ref var b = ref Unsafe.Add(ref p.B, j);
        for (var q = 0; q < p.K; q++)
            acc = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref a, q * p.DepthStride)), S.Load(ref b, (nuint)(q * p.N)), acc);
        S.Store(acc, ref c, 0);
    }

    private static void ScaleScalar<T>(in ScaleArgs<T> p, int i, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var c = ref Unsafe.Add(ref p.C, i * p.N + j);
        var sum = p.Accumulate ? c : p.Start(i);
        ref var a = ref Unsafe.Add(ref p.A, i * p.RowStride);
        ref var b = ref Unsafe.Add(ref p.B, j);
        for (var q = 0; q < p.K; q++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref a, q * p.DepthStride), Unsafe.Add(ref b, q * p.N), sum);
        c = sum;
    }

    private static void Check(bool lengthsFit)
    {
        if (!lengthsFit) throw new ArgumentException("Gemm: a span is shorter than m, n and k require.");
    }
}
