using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

public static partial class Activations
{
    /// <summary>
    /// Softmax of each of <paramref name="rows"/> rows of <paramref name="length"/> values: y = e^(x − max x) / Σ e^(x − max x).
    /// The maximum, the shift and the division go a vector at a time, a row's last vector overlapping the one before
    /// it (loaded before anything is stored, so that x may be y); the sum adds a row's values one after another, so
    /// that the bits do not depend on the vector width. In float the exponential is one pass over every row at once
    /// (<see cref="Exponential"/>, the same bits for a value wherever it lies), in double <c>TensorPrimitives.Exp</c>
    /// on each row. With scalar loops, a row of ten classes took 1.4–1.6 times as long.
    /// </summary>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (rows < 0 || length <= 0 || x.Length < (long)rows * length || y.Length < (long)rows * length)
            throw new ArgumentException($"Activations.Softmax: {rows} rows of {length} values need {(long)rows * length} in x and y; they hold {x.Length} and {y.Length}.");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        for (var s = 0; s < rows; s++)
        {
            ref var ys = ref Unsafe.Add(ref yr, s * length);
            RowMinusMax(ref Unsafe.Add(ref xr, s * length), ref ys, length);
            if (typeof(T) != typeof(float)) System.Numerics.Tensors.TensorPrimitives.Exp<T>(MemoryMarshal.CreateSpan(ref ys, length), MemoryMarshal.CreateSpan(ref ys, length));
        }

        if (typeof(T) == typeof(float))
        {
            var all = MemoryMarshal.Cast<T, float>(y.Slice(0, rows * length));
            Exponential.OfNonPositive(all, all);
        }

        for (var s = 0; s < rows; s++)
        {
            ref var ys = ref Unsafe.Add(ref yr, s * length);
            var sum = T.Zero;
            for (var i = 0; i < length; i++) sum += Unsafe.Add(ref ys, i);
            RowDivide(ref ys, length, sum);
        }
    }

    /// <summary>y = x − max x for one row, max by IEEE 754's maximum (a NaN wins, +0 over −0), in any order the same.</summary>
    private static void RowMinusMax<T>(ref T x, ref T y, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var count = System.Numerics.Vector<T>.Count;
        if (!System.Numerics.Vector.IsHardwareAccelerated || length < count)
        {
            var scalar = x;
            for (var i = 1; i < length; i++) scalar = T.Max(scalar, Unsafe.Add(ref x, i));
            for (var i = 0; i < length; i++) Unsafe.Add(ref y, i) = Unsafe.Add(ref x, i) - scalar;
            return;
        }

        var last = (nuint)(length - count);
        var tail = System.Numerics.Vector.LoadUnsafe(ref x, last);
        var lanes = tail;
        for (nuint i = 0; i < last; i += (nuint)count) lanes = System.Numerics.Vector.Max(lanes, System.Numerics.Vector.LoadUnsafe(ref x, i));
        var max = lanes[0];
        for (var i = 1; i < count; i++) max = T.Max(max, lanes[i]);
        var shift = new System.Numerics.Vector<T>(max);
        for (nuint i = 0; i < last; i += (nuint)count) System.Numerics.Vector.StoreUnsafe(System.Numerics.Vector.LoadUnsafe(ref x, i) - shift, ref y, i);
        System.Numerics.Vector.StoreUnsafe(tail - shift, ref y, last);
    }

    /// <summary>y = y / divisor for one row, each quotient rounded once, as alone.</summary>
    private static void RowDivide<T>(ref T y, int length, T divisor) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var count = System.Numerics.Vector<T>.Count;
        if (!System.Numerics.Vector.IsHardwareAccelerated || length < count)
        {
            for (var i = 0; i < length; i++) Unsafe.Add(ref y, i) /= divisor;
            return;
        }

        var last = (nuint)(length - count);
        var tail = System.Numerics.Vector.LoadUnsafe(ref y, last);
        var by = new System.Numerics.Vector<T>(divisor);
        for (nuint i = 0; i < last; i += (nuint)count) System.Numerics.Vector.StoreUnsafe(System.Numerics.Vector.LoadUnsafe(ref y, i) / by, ref y, i);
        System.Numerics.Vector.StoreUnsafe(tail / by, ref y, last);
    }

    /// <summary>
    /// Softmax of the first <paramref name="length"/> lanes (a tiny network's last layer in one register), with the
    /// bits of <see cref="Softmax{T}"/> on a row of that length: the same maximum, the same exponential lane by lane,
    /// the row's values added in order and each divided by the sum. The lanes past <paramref name="length"/> come back
    /// +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softmax(Vector256<float> x, [ConstantExpected(Min = 1, Max = 8)] int length)
    {
        var valid = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(length)).AsSingle();
        var max = Vector256.ConditionalSelect(valid, x, Vector256.Create(float.NegativeInfinity));
        max = Vector256.Max(max, Vector256.Shuffle(max, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        max = Vector256.Max(max, Vector256.Shuffle(max, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        max = Vector256.Max(max, Vector256.Shuffle(max, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)));
        var e = Exponential.Of(x - max);

        // The row's sum from 0 in lane order; 0 + e₀ is e₀, since an exponential is never −0.
        var sum = e.ToScalar();
        if (length > 1) sum += e.GetElement(1);
        if (length > 2) sum += e.GetElement(2);
        if (length > 3) sum += e.GetElement(3);
        if (length > 4) sum += e.GetElement(4);
        if (length > 5) sum += e.GetElement(5);
        if (length > 6) sum += e.GetElement(6);
        if (length > 7) sum += e.GetElement(7);
        return Vector256.ConditionalSelect(valid, e / Vector256.Create(sum), Vector256<float>.Zero);
    }
}
