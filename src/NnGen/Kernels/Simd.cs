using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NnGen;

/// <summary>
/// One SIMD width as a type: the kernels are written once against this interface and the JIT compiles a copy per
/// width (the implementations are structs, so every call inlines to the instruction). <see cref="Gemm"/> picks the
/// widest the processor accelerates at run time: 512, 256 or 128 bits, else one value at a time.
/// </summary>
internal interface ISimd<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
{
    static abstract int Width { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(ref T source, nuint offset);

    /// <summary>
    /// The <paramref name="count"/> values at <paramref name="offset"/> (0 &lt; count &lt; Width) in the first lanes and
    /// +0 in the others, reading nothing past them: a row's last, partial vector, so that every value of a row is
    /// summed in the lanes and a row of any length ends in the same reduction.
    /// </summary>
    static abstract TV LoadFirst(ref T source, nuint offset, int count);

    static abstract void Store(TV value, ref T destination, nuint offset);

    /// <summary>The first <paramref name="count"/> lanes (0 &lt; count &lt; Width) at <paramref name="offset"/>, writing nothing past them.</summary>
    static abstract void StoreFirst(TV value, ref T destination, nuint offset, int count);

    static abstract TV Broadcast(T value);

    static abstract TV Add(TV a, TV b);

    /// <summary>a · b + c rounded once, at every width (the scalar one too), so that every width gives the same bits.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    /// <summary>
    /// The sum of the lanes in one fixed order, the same at every width: the upper half added to the lower, again
    /// until one 128-bit vector is left, then lanes two apart, then the last two. <see cref="Simd512{T}.Sum4x4"/>
    /// computes sixteen such sums at once in the same order, so a block and a lone row give the same bits.
    /// </summary>
    static abstract T Sum(TV value);
}

internal readonly unsafe struct Simd512<T> : ISimd<T, Vector512<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadFirst(ref T source, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref source, offset));
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            return Avx512F.MaskLoad((float*)first, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle(), Vector512<float>.Zero).As<float, T>();
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            return Avx512F.MaskLoad((double*)first, Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).AsDouble(), Vector512<double>.Zero).As<double, T>();
        return Simd.LoadFirst<T, Vector512<T>>(ref source, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector512<T> value, ref T destination, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref destination, offset));
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            Avx512F.MaskStore((float*)first, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle(), value.As<T, float>());
        else if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            Avx512F.MaskStore((double*)first, Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).AsDouble(), value.As<T, double>());
        else
            Simd.StoreFirst(value, ref destination, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Simd256<T>.Sum(value.GetLower() + value.GetUpper());

    /// <summary>
    /// The sixteen sums of a 4 × 4 block of accumulators (cRC for row R, column C), row-major in one vector, each
    /// summed in <see cref="Sum"/>'s order: halves, quarters, lanes two apart, neighbours. The sixteen vectors are
    /// transposed as they are added, 15 additions and 30 shuffles instead of 16 separate reductions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sum4x4(
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c02, Vector512<float> c03,
        Vector512<float> c10, Vector512<float> c11, Vector512<float> c12, Vector512<float> c13,
        Vector512<float> c20, Vector512<float> c21, Vector512<float> c22, Vector512<float> c23,
        Vector512<float> c30, Vector512<float> c31, Vector512<float> c32, Vector512<float> c33)
    {
        // Halves: [x.lo | y.lo] + [x.hi | y.hi] holds x's eight partial sums, then y's.
        var t1 = Halves(c00, c10); var t2 = Halves(c20, c30); var t3 = Halves(c01, c11); var t4 = Halves(c21, c31);
        var t5 = Halves(c02, c12); var t6 = Halves(c22, c32); var t7 = Halves(c03, c13); var t8 = Halves(c23, c33);

        // Quarters: each 128-bit block now holds one accumulator's four partial sums; u1 is column 0's rows 0-3.
        var u1 = Quarters(t1, t2); var u2 = Quarters(t3, t4); var u3 = Quarters(t5, t6); var u4 = Quarters(t7, t8);

        // Lanes two apart, then neighbours, within each 128-bit block: block r ends as row r's four columns.
        var v1 = Avx512F.Shuffle(u1, u2, 0b01_00_01_00) + Avx512F.Shuffle(u1, u2, 0b11_10_11_10);
        var v2 = Avx512F.Shuffle(u3, u4, 0b01_00_01_00) + Avx512F.Shuffle(u3, u4, 0b11_10_11_10);
        return Avx512F.Shuffle(v1, v2, 0b10_00_10_00) + Avx512F.Shuffle(v1, v2, 0b11_01_11_01);
    }

    /// <summary>
    /// The eight sums of a 2 × 4 block of accumulators, row 0's four in the lower half and row 1's in the upper (as
    /// <see cref="Simd256{T}.Sum2x4"/>), each summed in <see cref="Sum"/>'s order: 8 additions and 16 shuffles, where
    /// <see cref="Sum4x4"/> with the two rows twice over took 15 and 30.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum2x4(
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c02, Vector512<float> c03,
        Vector512<float> c10, Vector512<float> c11, Vector512<float> c12, Vector512<float> c13)
    {
        // Halves, then quarters, as in Sum4x4: u1's 128-bit blocks hold the four partial sums of c00, c10, c01, c11.
        var u1 = Quarters(Halves(c00, c10), Halves(c01, c11));
        var u2 = Quarters(Halves(c02, c12), Halves(c03, c13));

        // Lanes two apart: block b holds u1's block b two apart, then u2's (c02, c12, c03, c13).
        var v = Avx512F.Shuffle(u1, u2, 0b01_00_01_00) + Avx512F.Shuffle(u1, u2, 0b11_10_11_10);

        // Neighbours, gathered into row order: lane 2m + 1 of v added to lane 2m, across blocks.
        var first = Avx512F.PermuteVar16x32(v, Vector512.Create(0, 8, 2, 10, 4, 12, 6, 14, 0, 0, 0, 0, 0, 0, 0, 0));
        var second = Avx512F.PermuteVar16x32(v, Vector512.Create(1, 9, 3, 11, 5, 13, 7, 15, 0, 0, 0, 0, 0, 0, 0, 0));
        return (first + second).GetLower();
    }

    /// <summary>The 512 → 256 step of Sum, on two accumulators at once: [x.lo | y.lo] + [x.hi | y.hi], x's eight partial sums, then y's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Shuffle4x128(x, y, 0b01_00_01_00) + Avx512F.Shuffle4x128(x, y, 0b11_10_11_10);

    /// <summary>The 256 → 128 step of Sum on two results of <see cref="Halves"/>: each 128-bit block one accumulator's four partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quarters(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Shuffle4x128(x, y, 0b10_00_10_00) + Avx512F.Shuffle4x128(x, y, 0b11_01_11_01);
}

internal readonly unsafe struct Simd256<T> : ISimd<T, Vector256<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadFirst(ref T source, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref source, offset));
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            return Avx.MaskLoad((float*)first, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx.IsSupported)
            return Avx.MaskLoad((double*)first, Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).AsDouble()).As<double, T>();
        return Simd.LoadFirst<T, Vector256<T>>(ref source, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<T> value, ref T destination, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref destination, offset));
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            Avx.MaskStore((float*)first, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle(), value.As<T, float>());
        else if (typeof(T) == typeof(double) && Avx.IsSupported)
            Avx.MaskStore((double*)first, Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).AsDouble(), value.As<T, double>());
        else
            Simd.StoreFirst(value, ref destination, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Simd128<T>.Sum(value.GetLower() + value.GetUpper());

    /// <summary>
    /// The eight sums of a 2 × 4 block of accumulators (cRC for row R, column C), row 0's four in the lower half and row
    /// 1's in the upper, each summed in <see cref="Sum"/>'s order (halves, lanes two apart, neighbours), as
    /// <see cref="Simd512{T}.Sum4x4"/> does for sixteen: 7 additions and 14 shuffles instead of 8 separate reductions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum2x4(
        Vector256<float> c00, Vector256<float> c01, Vector256<float> c02, Vector256<float> c03,
        Vector256<float> c10, Vector256<float> c11, Vector256<float> c12, Vector256<float> c13)
    {
        // Halves: [x.lo + x.hi | y.lo + y.hi], each 128-bit block one accumulator's four partial sums.
        var t1 = Halves(c00, c10); var t2 = Halves(c01, c11); var t3 = Halves(c02, c12); var t4 = Halves(c03, c13);

        // Lanes two apart, then neighbours, within each 128-bit block: block r ends as row r's four columns.
        var v1 = Avx.Shuffle(t1, t2, 0b01_00_01_00) + Avx.Shuffle(t1, t2, 0b11_10_11_10);
        var v2 = Avx.Shuffle(t3, t4, 0b01_00_01_00) + Avx.Shuffle(t3, t4, 0b11_10_11_10);
        return Avx.Shuffle(v1, v2, 0b10_00_10_00) + Avx.Shuffle(v1, v2, 0b11_01_11_01);

        static Vector256<float> Halves(Vector256<float> x, Vector256<float> y) =>
            Avx.Permute2x128(x, y, 0x20) + Avx.Permute2x128(x, y, 0x31);
    }
}

internal readonly unsafe struct Simd128<T> : ISimd<T, Vector128<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadFirst(ref T source, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref source, offset));
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            return Avx.MaskLoad((float*)first, Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && Avx.IsSupported)
            return Avx.MaskLoad((double*)first, Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).AsDouble()).As<double, T>();
        return Simd.LoadFirst<T, Vector128<T>>(ref source, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector128<T> value, ref T destination, nuint offset, int count)
    {
        var first = Unsafe.AsPointer(ref Unsafe.Add(ref destination, offset));
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            Avx.MaskStore((float*)first, Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle(), value.As<T, float>());
        else if (typeof(T) == typeof(double) && Avx.IsSupported)
            Avx.MaskStore((double*)first, Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).AsDouble(), value.As<T, double>());
        else
            Simd.StoreFirst(value, ref destination, offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector128.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value)
    {
        if (Vector128<T>.Count == 4) value += Vector128.Shuffle(value.AsInt32(), Vector128.Create(2, 3, 2, 3)).As<int, T>();
        return value.GetElement(0) + value.GetElement(1);
    }
}

/// <summary>The fallback without SIMD: one value at a time, the same kernels.</summary>
internal readonly struct Simd1<T> : ISimd<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => 1;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    /// <summary>Never called: a row has no partial vector of one value.</summary>
    public static T LoadFirst(ref T source, nuint offset, int count) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    /// <summary>Never called: one value is never a partial vector.</summary>
    public static void StoreFirst(T value, ref T destination, nuint offset, int count) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    /// <summary>
    /// Fused, as every vector width's lanes are: a product computed one value at a time gives the bits of the same
    /// product in vectors (a * b + c, rounded twice, did not).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;
}

internal static class Simd
{
    /// <summary>
    /// Whether the processor has 32 vector registers (AVX-512 on x64; every ARM64 processor), for which the blocked
    /// kernels take their larger blocks; else 16 (AVX2, SSE), where those blocks spill their sums to the stack.
    /// </summary>
    public static bool ThirtyTwoRegisters => Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>LoadFirst without masked loads: the values copied into a zeroed vector's first lanes.</summary>
    public static TV LoadFirst<T, TV>(ref T source, nuint offset, int count) where T : unmanaged where TV : struct
    {
        var vector = default(TV);
        ref var lanes = ref Unsafe.As<TV, T>(ref vector);
        for (var i = 0; i < count; i++) Unsafe.Add(ref lanes, i) = Unsafe.Add(ref source, offset + (nuint)i);
        return vector;
    }

    /// <summary>StoreFirst without masked stores: the vector's first lanes copied one by one.</summary>
    public static void StoreFirst<T, TV>(TV value, ref T destination, nuint offset, int count) where T : unmanaged where TV : struct
    {
        ref var lanes = ref Unsafe.As<TV, T>(ref value);
        for (var i = 0; i < count; i++) Unsafe.Add(ref destination, offset + (nuint)i) = Unsafe.Add(ref lanes, i);
    }
}
