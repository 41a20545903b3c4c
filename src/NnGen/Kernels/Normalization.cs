using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NnGen;

/// <summary>
/// BatchNorm's per-channel loops for the generated code, over one run of a channel's values (one sample's plane), in
/// vectors, with sums kept in double as the scalar loops they replace kept them. The generated code adds the runs of a
/// channel in order, sample by sample, so a channel's statistics do not depend on how channels are spread over threads.
/// </summary>
public static class Normalization
{
    /// <summary>Σ (x − center)² over <paramref name="x"/>, each term in double (a float square can overflow).</summary>
    public static double SquaredDeviations<T>(ReadOnlySpan<T> x, double center) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var lanes = Vector<double>.Zero;
        var centers = new Vector<double>(center);
        var i = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var values = Vector.LoadUnsafe(ref Unsafe.As<T, float>(ref xr), (nuint)i);
                var (low, high) = (Vector.WidenLower(values) - centers, Vector.WidenUpper(values) - centers);
                lanes += low * low + high * high;
            }
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            for (; i + Vector<double>.Count <= x.Length; i += Vector<double>.Count)
            {
                var d = Vector.LoadUnsafe(ref Unsafe.As<T, double>(ref xr), (nuint)i) - centers;
                lanes += d * d;
            }
        }

        var sum = Lanes(lanes);
        for (; i < x.Length; i++)
        {
            var d = double.CreateTruncating(Unsafe.Add(ref xr, i)) - center;
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// (Σ gy, Σ gy·(x − center)) over <paramref name="x"/> and <paramref name="gy"/>, the sums BatchNorm's backward
    /// pass needs: each product in T, the sums in double.
    /// </summary>
    public static (double Sum, double Weighted) GradientSums<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, T center) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, gy.Length, "Normalization.GradientSums", nameof(gy));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var gr = ref MemoryMarshal.GetReference(gy);
        Vector<double> sums = Vector<double>.Zero, products = Vector<double>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            var centers = new Vector<float>(float.CreateTruncating(center));
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var g = Vector.LoadUnsafe(ref Unsafe.As<T, float>(ref gr), (nuint)i);
                var product = g * (Vector.LoadUnsafe(ref Unsafe.As<T, float>(ref xr), (nuint)i) - centers);
                sums += Vector.WidenLower(g) + Vector.WidenUpper(g);
                products += Vector.WidenLower(product) + Vector.WidenUpper(product);
            }
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            var centers = new Vector<double>(double.CreateTruncating(center));
            for (; i + Vector<double>.Count <= x.Length; i += Vector<double>.Count)
            {
                var g = Vector.LoadUnsafe(ref Unsafe.As<T, double>(ref gr), (nuint)i);
                sums += g;
                products += g * (Vector.LoadUnsafe(ref Unsafe.As<T, double>(ref xr), (nuint)i) - centers);
            }
        }

        double sum = Lanes(sums), weighted = Lanes(products);
        for (; i < x.Length; i++)
        {
            var g = Unsafe.Add(ref gr, i);
            sum += double.CreateTruncating(g);
            weighted += double.CreateTruncating(g * (Unsafe.Add(ref xr, i) - center));
        }
        return (sum, weighted);
    }

    /// <summary>gx = k·(gy − a − (x − center)·b): BatchNorm's input gradient for one run, given the channel's sums.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx, T center, T k, T a, T b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, gy.Length, "Normalization.Backward", nameof(gy));
        Check(x.Length, gx.Length, "Normalization.Backward", nameof(gx));
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var gr = ref MemoryMarshal.GetReference(gy);
        ref var outr = ref MemoryMarshal.GetReference(gx);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<T> centers = new(center), ks = new(k), shifts = new(a), slopes = new(b);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var value = ks * (Vector.LoadUnsafe(ref gr, (nuint)i) - shifts - (Vector.LoadUnsafe(ref xr, (nuint)i) - centers) * slopes);
                value.StoreUnsafe(ref outr, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
            Unsafe.Add(ref outr, i) = k * (Unsafe.Add(ref gr, i) - a - (Unsafe.Add(ref xr, i) - center) * b);
    }

    /// <summary>The lanes of <paramref name="value"/> added first to last.</summary>
    private static double Lanes(Vector<double> value)
    {
        var sum = 0.0;
        for (var lane = 0; lane < Vector<double>.Count; lane++) sum += value[lane];
        return sum;
    }

    private static void Check(int expected, int actual, string method, string name)
    {
        if (actual < expected) throw new ArgumentException($"{method}: {expected} values needed in {name}, {actual} given.", name);
    }
}
