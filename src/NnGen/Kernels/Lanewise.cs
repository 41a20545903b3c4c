using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

/// <summary>
/// An element-wise float function computed by the same operations in a 256-bit vector lane and alone, so that a
/// value's result does not depend on where it lies in a span (Predict and PredictBatch then give the same bits).
/// </summary>
internal interface ILanewise
{
    static abstract float Of(float x);

    static abstract Vector256<float> Of(Vector256<float> x);
}

/// <summary>Applies an <see cref="ILanewise"/> function to a span: whole vectors, then the rest one value at a time.</summary>
internal static class Lanewise
{
    public static void Apply<TFunction>(ReadOnlySpan<float> x, Span<float> y, string method) where TFunction : ILanewise
    {
        if (y.Length < x.Length) throw new ArgumentException($"{method}: the output holds {y.Length} values, the input {x.Length}.", nameof(y));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
                TFunction.Of(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < x.Length; i++) Unsafe.Add(ref yr, i) = TFunction.Of(Unsafe.Add(ref xr, i));
    }
}
