using System.Numerics;
using System.Runtime.Intrinsics;
using NnGen.Tests.Support;

namespace NnGen.Tests.Kernels;

/// <summary>
/// The three blocked products against plain triple loops in double, at every SIMD width this processor runs (and the
/// scalar fallback), for sizes that do and do not fill whole blocks; and the same bits whatever the thread count.
/// </summary>
[Collection(WorkersCollection.Name)]
public class GemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 4, 8, 4 }, { 5, 13, 7 }, { 8, 784, 128 }, { 3, 9, 10 }, { 64, 33, 6 }, { 7, 100, 4 }, { 9, 50, 70 },
        { 21, 9, 40 }, { 20, 100, 9 },   // enough rows that B is copied to aligned rows too
        { 12, 10, 784 }, { 13, 6, 37 }, { 10, 7, 20 }, { 40, 130, 50 },   // blocks of six rows, with columns and rows left over
    };

    private static IEnumerable<string> Widths()
    {
        if (Vector512.IsHardwareAccelerated) yield return "512";
        if (Vector256.IsHardwareAccelerated) yield return "256";
        if (Vector128.IsHardwareAccelerated) yield return "128";
        yield return "scalar";
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryWidth_MatchesPlainLoops_InFloat(int m, int n, int k)
    {
        foreach (var width in Widths()) Check<float>(width, m, n, k, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryWidth_MatchesPlainLoops_InDouble(int m, int n, int k)
    {
        foreach (var width in Widths()) Check<double>(width, m, n, k, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PublicProducts_MatchPlainLoops(int m, int n, int k)
    {
        var (a, b, c0, bias) = Operands<float>(m, n, k);
        var rng = new Rng(7);
        var bt = Random<float>(k * n, rng);          // B of A·B: (k, n)
        var at = Random<float>(k * m, rng);          // A of Aᵀ·B: (k, m)

        var dots = c0.ToArray();
        Gemm.MultiplyTransposedB<float>(a, b, dots, m, n, k, bias, accumulate: true, relu: true);
        var scales = c0.ToArray();
        Gemm.Multiply<float>(a, bt, scales, m, n, k);
        var transposed = c0.ToArray();
        Gemm.MultiplyTransposedA<float>(at, bt, transposed, m, n, k, accumulate: true);

        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            double dot = (double)bias[j] + c0[i * n + j], scale = 0, tr = c0[i * n + j];
            for (var p = 0; p < k; p++)
            {
                dot += (double)a[i * k + p] * b[j * k + p];
                scale += (double)a[i * k + p] * bt[p * n + j];
                tr += (double)at[p * m + i] * bt[p * n + j];
            }
            AssertClose(Math.Max(dot, 0), dots[i * n + j], 1e-4, "ReLU(A·Bᵀ + bias + C)");
            AssertClose(scale, scales[i * n + j], 1e-4, "A·B");
            AssertClose(tr, transposed[i * n + j], 1e-4, "Aᵀ·B + C");
        }
    }

    [Theory]
    [InlineData(8, 100, 64)]     // one block of eight rows
    [InlineData(20, 100, 64)]    // two of eight, one of four
    [InlineData(13, 150, 9)]     // one of eight, one of four, a lone row; columns past the blocks
    public void AxB_GivesEachValueTheBitsOfOneChainOfFusedMultiplyAdds(int m, int n, int k)
    {
        // However tall the block a row of C falls in, each value is c = fma(a[i, p], b[p, j], c) for p in order, from
        // what C held (Aᵀ·B, accumulating) or from 0 (A·B).
        var rng = new Rng(21);
        var a = Random<float>(m * k, rng);
        var at = Random<float>(k * m, rng);
        var b = Random<float>(k * n, rng);
        var c0 = Random<float>(m * n, rng);
        var scales = new float[m * n];
        Gemm.Multiply<float>(a, b, scales, m, n, k);
        var transposed = c0.ToArray();
        Gemm.MultiplyTransposedA<float>(at, b, transposed, m, n, k, accumulate: true);
        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            var scale = 0f;
            var tr = c0[i * n + j];
            for (var p = 0; p < k; p++)
            {
                scale = MathF.FusedMultiplyAdd(a[i * k + p], b[p * n + j], scale);
                tr = MathF.FusedMultiplyAdd(at[p * m + i], b[p * n + j], tr);
            }
            Assert.True(BitConverter.SingleToInt32Bits(scale) == BitConverter.SingleToInt32Bits(scales[i * n + j]), $"A·B [{i}, {j}]: {scales[i * n + j]:R}, the chain gives {scale:R}");
            Assert.True(BitConverter.SingleToInt32Bits(tr) == BitConverter.SingleToInt32Bits(transposed[i * n + j]), $"Aᵀ·B + C [{i}, {j}]: {transposed[i * n + j]:R}, the chain gives {tr:R}");
        }
    }

    [Fact]
    public void SplittingRowsBetweenThreads_GivesTheSameBits()
    {
        const int m = 66, n = 784, k = 128;      // big enough to be split, and not a whole number of blocks
        var (a, _, _, _) = Operands<float>(m, n, k);
        var bt = Random<float>(k * n, new Rng(3));
        const int tall = 200, narrow = 130;      // A·Bᵀ splits rows when there are more rows than columns
        var (ta, tb, _, tbias) = Operands<float>(tall, narrow, k);
        float[] Run(int threads)
        {
            using (WorkerThreads.Set(threads))
            {
                var c = new float[m * n];
                Gemm.Multiply<float>(a, bt, c, m, n, k);
                var d = new float[tall * narrow];
                Gemm.MultiplyTransposedB<float>(ta, tb, d, tall, narrow, k, tbias);
                var e = new float[k * n];
                Gemm.MultiplyTransposedA<float>(a, c, e, k, n, m);
                return [.. c, .. d, .. e];
            }
        }

        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Theory]
    [InlineData(784)]
    [InlineData(100)]
    [InlineData(7)]
    public void RowInABlock_GivesTheBitsOfTheSameRowAlone(int k)
    {
        // A block of six or four rows has its sums reduced together, sixteen at a time, a lone row (one sample's
        // Predict, a batch's leftover rows) one at a time: every way must add the lanes in the same order. Eleven rows are a block
        // of six, one of four and a lone row; ten columns leave two after the blocks of four.
        const int m = 11, n = 10;
        var (a, b, _, bias) = Operands<float>(m, n, k);
        var block = new float[m * n];
        Gemm.MultiplyTransposedB<float>(a, b, block, m, n, k, bias);
        for (var i = 0; i < m; i++)
        {
            var alone = new float[n];
            Gemm.MultiplyTransposedB<float>(a.AsSpan(i * k, k), b, alone, 1, n, k, bias);
            Assert.Equal(alone, block.AsSpan(i * n, n).ToArray());
        }
    }

    [Fact]
    public void SplittingColumnsOfATrainingBatch_GivesTheSameBits()
    {
        // As many columns as rows or more (a batch of 66 against 130 units): the threads share the columns, each
        // range a multiple of eight, so that the last one ends with two columns outside the blocks of four.
        const int m = 66, n = 130, k = 784;
        var (a, b, _, bias) = Operands<float>(m, n, k);
        float[] Run(int threads)
        {
            using (WorkerThreads.Set(threads))
            {
                var c = new float[m * n];
                Gemm.MultiplyTransposedB<float>(a, b, c, m, n, k, bias, relu: true);
                return c;
            }
        }

        var one = Run(1);
        for (var i = 0; i < m; i += 13)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = bias[j];
                for (var p = 0; p < k; p++) expected += (double)a[i * k + p] * b[j * k + p];
                AssertClose(Math.Max(expected, 0), one[i * n + j], 1e-4, "a batch");
            }
        }
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Fact]
    public void SplittingColumnsOfOneSample_GivesTheSameBits()
    {
        const int n = 130, k = 784;              // one row: the threads share the columns
        var (a, b, _, bias) = Operands<float>(1, n, k);
        float[] Run(int threads)
        {
            using (WorkerThreads.Set(threads))
            {
                var c = new float[n];
                Gemm.MultiplyTransposedB<float>(a, b, c, 1, n, k, bias, relu: true);
                return c;
            }
        }

        var one = Run(1);
        for (var j = 0; j < n; j++)
        {
            double expected = bias[j];
            for (var p = 0; p < k; p++) expected += (double)a[p] * b[j * k + p];
            AssertClose(Math.Max(expected, 0), one[j], 1e-4, "one row");
        }
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Fact]
    public void ShortSpans_AreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[5], new float[6], new float[6], 2, 3, 3));
        Assert.Contains("shorter", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[6], new float[9], new float[6], 2, 3, 3, rowBias: new float[1]));
        Assert.Contains("shorter", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[6], new float[9], new float[6], 2, 3, 3, accumulate: true, rowBias: new float[2]));
        Assert.Contains("cannot be combined with accumulate", ex.Message);
    }

    [Fact]
    public void Multiply_WithARowBias_GivesTheBitsOfFillingThenAccumulating_OnAnyNumberOfThreads()
    {
        const int m = 16, n = 784, k = 9;          // Conv2D's forward product: 16 filters, 28 × 28 pixels, 3 × 3 patches
        var rng = new Rng(17);
        var a = Random<float>(m * k, rng);
        var b = Random<float>(k * n, rng);
        var bias = Random<float>(m, rng);
        var filled = new float[m * n];
        for (var i = 0; i < m; i++) filled.AsSpan(i * n, n).Fill(bias[i]);
        Gemm.Multiply<float>(a, b, filled, m, n, k, accumulate: true);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using (WorkerThreads.Set(threads))
            {
                var started = new float[m * n];
                Gemm.Multiply<float>(a, b, started, m, n, k, rowBias: bias);
                Assert.Equal(filled, started);
            }
        }
    }

    private static void Scales<T>(string width, in Gemm.ScaleArgs<T> args, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Gemm.Scales<T, Vector512<T>, Simd512<T>>(args, 0, m); break;
            case "256": Gemm.Scales<T, Vector256<T>, Simd256<T>>(args, 0, m); break;
            case "128": Gemm.Scales<T, Vector128<T>, Simd128<T>>(args, 0, m); break;
            default: Gemm.Scales<T, T, Simd1<T>>(args, 0, m); break;
        }
    }

    private static void Check<T>(string width, int m, int n, int k, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c0, bias) = Operands<T>(m, n, k);
        var bt = Random<T>(k * n, new Rng(11));

        var dots = c0.ToArray();
        using var pinA = a.AsMemory().Pin();                   // the products run on pointers into their operands
        using var pinB = b.AsMemory().Pin();
        using var pinBt = bt.AsMemory().Pin();
        var dotArgs = new Gemm.DotArgs<T>(a, b, dots, bias, n, k, accumulate: true, relu: false);
        var scales = c0.ToArray();
        Dots(width, dotArgs, m, fewRegisters: false);
        Scales(width, new Gemm.ScaleArgs<T>(a, k, 1, bt, scales, n, k, accumulate: true), m);

        // A row bias starts each row's sums: the bits of filling C's rows with it and accumulating.
        var rowBias = Random<T>(m, new Rng(13));
        var started = new T[m * n];
        Scales(width, new Gemm.ScaleArgs<T>(a, k, 1, bt, started, n, k, accumulate: false, rowBias), m);
        var filled = new T[m * n];
        for (var i = 0; i < m; i++) filled.AsSpan(i * n, n).Fill(rowBias[i]);
        Scales(width, new Gemm.ScaleArgs<T>(a, k, 1, bt, filled, n, k, accumulate: true), m);
        Assert.Equal(filled, started);

        // The blocks for 16 vector registers (AVX2, SSE), whichever this processor has: the same sums in the same order,
        // and the same epilogue with and without ReLU.
        foreach (var relu in new[] { false, true })
        {
            var wide = c0.ToArray();
            Dots(width, new Gemm.DotArgs<T>(a, b, wide, bias, n, k, accumulate: true, relu), m, fewRegisters: false);
            var narrow = c0.ToArray();
            Dots(width, new Gemm.DotArgs<T>(a, b, narrow, bias, n, k, accumulate: true, relu), m, fewRegisters: true);
            Assert.Equal(wide, narrow);
        }

        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            double dot = double.CreateTruncating(bias[j]) + double.CreateTruncating(c0[i * n + j]), scale = double.CreateTruncating(c0[i * n + j]);
            for (var p = 0; p < k; p++)
            {
                dot += double.CreateTruncating(a[i * k + p]) * double.CreateTruncating(b[j * k + p]);
                scale += double.CreateTruncating(a[i * k + p]) * double.CreateTruncating(bt[p * n + j]);
            }
            AssertClose(dot, dots[i * n + j], tolerance, width + " A·Bᵀ");
            AssertClose(scale, scales[i * n + j], tolerance, width + " A·B");
        }
    }

    private static void Dots<T>(string width, in Gemm.DotArgs<T> args, int m, bool fewRegisters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Gemm.Dots<T, Vector512<T>, Simd512<T>>(args, 0, m, fewRegisters: fewRegisters); break;
            case "256": Gemm.Dots<T, Vector256<T>, Simd256<T>>(args, 0, m, fewRegisters: fewRegisters); break;
            case "128": Gemm.Dots<T, Vector128<T>, Simd128<T>>(args, 0, m, fewRegisters: fewRegisters); break;
            default: Gemm.Dots<T, T, Simd1<T>>(args, 0, m, fewRegisters: fewRegisters); break;
        }
    }

    private static (T[] A, T[] B, T[] C, T[] Bias) Operands<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng((ulong)(m * 1_000_000 + n * 1000 + k));
        return (Random<T>(m * k, rng), Random<T>(n * k, rng), Random<T>(m * n, rng), Random<T>(n, rng));
    }

    private static T[] Random<T>(int length, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, length).Select(_ => T.CreateTruncating(rng.NextGaussian())).ToArray();

    private static void AssertClose<T>(double expected, T actual, double tolerance, string what) where T : INumberBase<T>
    {
        var value = double.CreateTruncating(actual);
        Assert.True(Math.Abs(expected - value) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {value}");
    }
}
