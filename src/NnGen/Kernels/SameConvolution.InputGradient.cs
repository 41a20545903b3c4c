using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnGen;

public static partial class SameConvolution
{
    /// <summary>
    /// The backward pass to the input: gx[s, c, y, x] = Σ_(i, j) Σ_f W[f, c, i, j] gy[s, f, y − i + P, x − j + P] (zero
    /// outside gy) for each of <paramref name="n"/> samples, overwriting gx: gy (n, F, H, W), W (F, C, K, K), gx (n, C,
    /// H, W). Each inner sum is a chain of fused multiply-adds over f from 0, and the (i, j) sums are added in order
    /// from 0: the bits of the columns' gradient (<see cref="Gemm.MultiplyTransposedA{T}"/>) added back into the
    /// patches (<see cref="Patches.AddColumns{T}"/>), without the columns.
    /// </summary>
    public static void InputGradient<T>(ReadOnlySpan<T> gy, ReadOnlySpan<T> weights, Span<T> gx, int n, int c, int h, int w, int f, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(gx.Length, weights.Length, 0, gy.Length, n, c, h, w, f, k, ("gx", "weights", "bias", "gy"));
        var padded = Padded<T>(f, h, w, k);
        ref var panel = ref GradientPanel(weights, c, f, k);
        var width = VectorBits<T>(w);
        for (var s = 0; s < n; s++)
        {
            CopyInto(padded, gy.Slice(s * f * h * w, f * h * w), f, h, w, k);
            var plane = new Plane<T>(padded, weights, default, gx.Slice(s * c * h * w, c * h * w), f, h, w, c, k);
            if (width == 512) GradientRows<T, Vector512<T>, Simd512<T>>(plane, ref panel);
            else if (width == 256) GradientRows<T, Vector256<T>, Simd256<T>>(plane, ref panel);
            else if (width == 128) GradientRows<T, Vector128<T>, Simd128<T>>(plane, ref panel);
            else GradientScalar(plane);
        }
    }

    /// <summary>
    /// The weights by blocks of four channels, tap-major, then filter-major: the block from channel c holds
    /// W[f, c + q, i, j] at c · K² · F + ((i · K + j) · F + f) · 4 + q (0 for a channel past the last), in the order
    /// the block reads them.
    /// </summary>
    private static unsafe ref T GradientPanel<T>(ReadOnlySpan<T> weights, int channels, int filters, int k) where T : unmanaged, INumberBase<T>
    {
        var taps = k * k;
        ref var panel = ref Unsafe.AsRef<T>(AlignedScratch.Rows<T>((long)(channels + 3) * taps * filters));
        ref var source = ref MemoryMarshal.GetReference(weights);
        for (var first = 0; first < channels; first += 4)
        for (var t = 0; t < taps; t++)
        for (var f = 0; f < filters; f++)
        for (var q = 0; q < 4; q++)
        {
            Unsafe.Add(ref panel, first * taps * filters + (t * filters + f) * 4 + q) =
                first + q < channels ? Unsafe.Add(ref source, (f * channels + first + q) * taps + t) : T.Zero;
        }

        return ref panel;
    }

    /// <summary>
    /// gx's planes in vectors along each row, as <see cref="Rows{T, TV, S}"/> lays out the forward pass's, and its
    /// channels in blocks of four, the last one filled out with channels of zero weights: four channels at two
    /// vectors are eight independent chains of multiply-adds, enough to hide their latency.
    /// </summary>
    private static void GradientRows<T, TV, S>(in Plane<T> p, ref T panel)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        for (var c = 0; c < p.F; c += 4)
        {
            ref var block = ref Unsafe.Add(ref panel, c * p.K * p.K * p.C);
            var vectors = new Vectors(p.H, p.W, S.Width);
            while (vectors.Next(out var ay, out var ax))
            {
                if (!vectors.Next(out var by, out var bx)) (by, bx) = (ay, ax);
                GradientPair<T, TV, S>(p, ref block, c, ay, ax, by, bx);
            }
        }
    }

    /// <summary>Channels c..c + 3 of gx (those that exist) at the vectors starting at (<paramref name="ay"/>, <paramref name="ax"/>) and (<paramref name="by"/>, <paramref name="bx"/>).</summary>
    private static void GradientPair<T, TV, S>(in Plane<T> p, ref T weights, int c, int ay, int ax, int by, int bx)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int k = p.K, pw = p.PaddedWidth, planeLength = p.PaddedHeight * pw, reach = 2 * (k / 2);
        TV a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero, b0 = S.Zero, b1 = S.Zero, b2 = S.Zero, b3 = S.Zero;
        ref var wt = ref weights;
        for (var i = 0; i < k; i++)
        for (var j = 0; j < k; j++)
        {
            // Input pixel (y, x) takes tap (i, j) of output pixel (y − i + P, x − j + P), at (y − i + 2P, x − j + 2P) in gy's padded planes.
            ref var rowA = ref Unsafe.Add(ref p.Padded, (ay - i + reach) * pw + ax - j + reach);
            ref var rowB = ref Unsafe.Add(ref p.Padded, (by - i + reach) * pw + bx - j + reach);
            TV g0 = S.Zero, g1 = S.Zero, g2 = S.Zero, g3 = S.Zero, h0 = S.Zero, h1 = S.Zero, h2 = S.Zero, h3 = S.Zero;
            for (var f = 0; f < p.C; f++, wt = ref Unsafe.Add(ref wt, 4))
            {
                var ya = S.Load(ref rowA, (nuint)(f * planeLength));
                var yb = S.Load(ref rowB, (nuint)(f * planeLength));
                var w0 = S.Broadcast(wt);
                g0 = S.MultiplyAdd(w0, ya, g0); h0 = S.MultiplyAdd(w0, yb, h0);
                var w1 = S.Broadcast(Unsafe.Add(ref wt, 1));
                g1 = S.MultiplyAdd(w1, ya, g1); h1 = S.MultiplyAdd(w1, yb, h1);
                var w2 = S.Broadcast(Unsafe.Add(ref wt, 2));
                g2 = S.MultiplyAdd(w2, ya, g2); h2 = S.MultiplyAdd(w2, yb, h2);
                var w3 = S.Broadcast(Unsafe.Add(ref wt, 3));
                g3 = S.MultiplyAdd(w3, ya, g3); h3 = S.MultiplyAdd(w3, yb, h3);
            }

            a0 = S.Add(a0, g0); b0 = S.Add(b0, h0);
            a1 = S.Add(a1, g1); b1 = S.Add(b1, h1);
            a2 = S.Add(a2, g2); b2 = S.Add(b2, h2);
            a3 = S.Add(a3, g3); b3 = S.Add(b3, h3);
        }

        var pixels = p.H * p.W;
        ref var gx = ref Unsafe.Add(ref p.Y, c * pixels);
        nuint na = (nuint)(ay * p.W + ax), nb = (nuint)(by * p.W + bx), n = (nuint)pixels;
        var real = p.F - c;
        StorePair<T, TV, S>(p.W, real > 0, a0, b0, ref gx, na, nb);
        StorePair<T, TV, S>(p.W, real > 1, a1, b1, ref gx, n + na, n + nb);
        StorePair<T, TV, S>(p.W, real > 2, a2, b2, ref gx, 2 * n + na, 2 * n + nb);
        StorePair<T, TV, S>(p.W, real > 3, a3, b3, ref gx, 3 * n + na, 3 * n + nb);
    }

    /// <summary>Rows narrower than a vector (or no vectors): one value of gx at a time, fused as the vectors are.</summary>
    private static void GradientScalar<T>(in Plane<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = p.K, pw = p.PaddedWidth, planeLength = p.PaddedHeight * pw, reach = 2 * (k / 2);
        for (var c = 0; c < p.F; c++)
        for (var y = 0; y < p.H; y++)
        for (var x = 0; x < p.W; x++)
        {
            var sum = T.Zero;
            for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                var tap = T.Zero;
                for (var f = 0; f < p.C; f++)
                {
                    var weight = Unsafe.Add(ref p.Weights, ((f * p.F + c) * k + i) * k + j);
                    tap = T.FusedMultiplyAdd(weight, Unsafe.Add(ref p.Padded, f * planeLength + (y - i + reach) * pw + x - j + reach), tap);
                }

                sum += tap;
            }

            Unsafe.Add(ref p.Y, (c * p.H + y) * p.W + x) = sum;
        }
    }
}
