namespace NnGen.Tests.Kernels;

/// <summary>
/// The direct "same" convolution against what it replaces: forward and back to the input bit for bit against im2col
/// and the blocked products (the generated layers switched from one to the other and kept those bits), the weight
/// gradient, which sums in an order of its own, against sums in double.
/// </summary>
public class SameConvolutionTests
{
    [Theory]
    [InlineData(1, 28, 28, 8, 3)]    // LeNet's first convolution: rows of two overlapping 512-bit vectors
    [InlineData(8, 14, 14, 16, 3)]   // LeNet's second: a 512-bit vector a row, stored in part
    [InlineData(1, 8, 8, 8, 3)]      // the Ising network at L = 8
    [InlineData(3, 5, 6, 15, 5)]     // a block of eight filters and one of seven; 256-bit rows stored in part
    [InlineData(4, 8, 8, 4, 3)]      // a block of four: the residual test network's
    [InlineData(2, 3, 3, 9, 3)]      // a block of eight and a block of four holding one; 128-bit rows stored in part
    [InlineData(2, 4, 2, 9, 3)]      // rows too narrow for vectors
    [InlineData(2, 3, 16, 8, 1)]     // 1 × 1 kernels, no border; an odd number of vectors
    [InlineData(1, 2, 2, 3, 7)]      // a kernel wider than the plane; a block of four holding three
    public void Forward_MatchesColumnsAndProduct_BitForBit(int c, int h, int w, int f, int k)
    {
        const int n = 3;   // the padded copy's border must stay zero from one sample to the next
        foreach (var withBias in new[] { true, false })
        {
            var (x, weights, bias) = Operands<float>(n, c, h, w, f, k, withBias, seed: 5);
            var expected = new float[n * f * h * w];
            var columns = new float[c * k * k * h * w];
            for (var s = 0; s < n; s++)
            {
                Patches.Columns<float>(x.AsSpan(s * c * h * w), columns, c, h, w, k, 1, k / 2, h, w);
                Gemm.Multiply<float>(weights, columns, expected.AsSpan(s * f * h * w), f, h * w, c * k * k, rowBias: bias);
            }

            // The blocks of this processor, and those for 16 vector registers (four filters, not eight), whichever it has.
            foreach (var fewRegisters in new[] { false, true })
            {
                var y = new float[n * f * h * w + 1];
                Array.Fill(y, float.NaN);                       // every output must be written, and nothing past them
                SameConvolution.Forward<float>(x, weights, bias, y.AsSpan(0, n * f * h * w), n, c, h, w, f, k, pooled: default, relu: false, fewRegisters);

                Assert.True(float.IsNaN(y[^1]));
                Assert.Equal(Bits(expected), Bits(y[..^1]));
            }
        }
    }

    [Theory]
    [InlineData(1, 28, 28, 8, true)]     // LeNet's first convolution and pooling: overlapping 512-bit vectors
    [InlineData(8, 14, 14, 16, true)]    // LeNet's second: seven windows of a 512-bit vector's eight
    [InlineData(1, 8, 8, 12, false)]     // the Ising network's, in 256-bit vectors; a block of eight and one of four
    [InlineData(2, 6, 6, 5, true)]       // three windows of a 256-bit vector's four
    [InlineData(2, 4, 4, 3, true)]       // 128-bit rows: pooled by the pooling pass after the convolution
    public void Forward_WithPooling_GivesThePoolingPassBits(int c, int h, int w, int f, bool relu)
    {
        const int n = 3, k = 3;
        var (x, weights, bias) = Operands<float>(n, c, h, w, f, k, withBias: true, seed: 12);
        var expectedY = new float[n * f * h * w];
        SameConvolution.Forward<float>(x, weights, bias, expectedY, n, c, h, w, f, k);
        var expectedPooled = new float[n * f * (h / 2) * (w / 2)];
        Pooling.Max2x2<float>(expectedY, expectedPooled, n * f, h, w, relu);

        foreach (var fewRegisters in new[] { false, true })
        {
            var y = new float[expectedY.Length];
            var pooled = new float[expectedPooled.Length + 1];
            Array.Fill(pooled, float.NaN);
            SameConvolution.Forward<float>(x, weights, bias, y, n, c, h, w, f, k, pooled.AsSpan(0, expectedPooled.Length), relu, fewRegisters);

            Assert.Equal(Bits(expectedY), Bits(y));
            Assert.True(float.IsNaN(pooled[^1]));
            Assert.Equal(Bits(expectedPooled), Bits(pooled[..^1]));
        }
    }

    [Fact]
    public void Forward_WithPooling_InDouble_AndOddSizesRefused()
    {
        const int c = 2, h = 6, w = 10, f = 3, k = 3;
        var (x, weights, bias) = Operands<double>(1, c, h, w, f, k, withBias: true, seed: 13);
        var y = new double[f * h * w];
        var pooled = new double[f * (h / 2) * (w / 2)];
        SameConvolution.Forward<double>(x, weights, bias, y, 1, c, h, w, f, k, pooled, relu: true);
        var expected = new double[pooled.Length];
        Pooling.Max2x2<double>(y, expected, f, h, w, relu: true);
        Assert.Equal(expected, pooled);

        var odd = Assert.Throws<ArgumentException>(() =>
            SameConvolution.Forward<float>(new float[15], new float[9], default, new float[15], 1, 1, 3, 5, 1, 3, new float[2]));
        Assert.Contains("even sizes", odd.Message);
    }

    [Theory]
    [InlineData(8, 14, 14, 16, 3)]   // LeNet's second convolution: blocks of four channels, a 512-bit vector a row
    [InlineData(7, 5, 6, 3, 5)]      // a block of four channels and one of three; 256-bit rows stored in part
    [InlineData(1, 8, 8, 8, 3)]      // one channel, whole 256-bit rows
    [InlineData(2, 3, 20, 5, 3)]     // 512-bit rows and an overlapping vector
    [InlineData(2, 3, 3, 4, 3)]      // 128-bit rows stored in part
    [InlineData(3, 4, 2, 2, 3)]      // rows too narrow for vectors
    [InlineData(2, 2, 2, 3, 7)]      // a kernel wider than the plane
    public void InputGradient_MatchesColumnGradientsAddedBack_BitForBit(int c, int h, int w, int f, int k)
    {
        const int n = 3;
        var (_, weights, _) = Operands<float>(0, c, h, w, f, k, withBias: false, seed: 9);
        var rng = new Rng(4);
        var gy = Enumerable.Range(0, n * f * h * w).Select(_ => (float)rng.NextGaussian()).ToArray();
        var expected = new float[n * c * h * w];
        var columnGradients = new float[c * k * k * h * w];
        for (var s = 0; s < n; s++)
        {
            Gemm.MultiplyTransposedA<float>(weights, gy.AsSpan(s * f * h * w), columnGradients, c * k * k, h * w, f);
            Patches.AddColumns<float>(columnGradients, expected.AsSpan(s * c * h * w), c, h, w, k, 1, k / 2, h, w);
        }

        var gx = new float[n * c * h * w + 1];
        Array.Fill(gx, float.NaN);                              // overwritten, not added to; nothing past it
        SameConvolution.InputGradient<float>(gy, weights, gx.AsSpan(0, n * c * h * w), n, c, h, w, f, k);

        Assert.True(float.IsNaN(gx[^1]));
        Assert.Equal(Bits(expected), Bits(gx[..^1]));
    }

    [Theory]
    [InlineData(8, 14, 14, 16, 3, 8)]    // LeNet's second convolution: 512-bit vectors with two lanes past each row
    [InlineData(1, 28, 28, 8, 3, 8)]     // LeNet's first: a whole vector and a partial one a row
    [InlineData(3, 5, 6, 7, 5, 11)]      // a block of filters and of taps filled out
    [InlineData(2, 3, 3, 5, 3, 2)]       // 128-bit vectors with a lane past each row
    [InlineData(2, 4, 2, 3, 3, 3)]       // one value at a time
    [InlineData(2, 3, 16, 4, 1, 1)]      // 1 × 1 kernels
    [InlineData(1, 2, 2, 2, 7, 2)]       // a kernel wider than the plane
    public void WeightGradient_MatchesPlainSums(int c, int h, int w, int f, int k, int n)
    {
        var rng = new Rng(6);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] x = Random(n * c * h * w), gy = Random(n * f * h * w);
        var dw = Enumerable.Repeat(float.NaN, f * c * k * k).ToArray();   // overwritten, not added to
        var db = Enumerable.Repeat(float.NaN, f).ToArray();
        SameConvolution.WeightGradient<float>(x, gy, dw, db, n, c, h, w, f, k);

        // The blocks for 16 vector registers (two filters, not four) sum each weight in the same order: the same bits.
        var narrowDw = Enumerable.Repeat(float.NaN, f * c * k * k).ToArray();
        var narrowDb = Enumerable.Repeat(float.NaN, f).ToArray();
        SameConvolution.WeightGradient<float>(x, gy, narrowDw, narrowDb, n, c, h, w, f, k, fewRegisters: true);
        Assert.Equal(Bits(dw), Bits(narrowDw));
        Assert.Equal(Bits(db), Bits(narrowDb));

        var p = k / 2;
        for (var filter = 0; filter < f; filter++)
        {
            double bias = 0, biasScale = 0;
            for (var s = 0; s < n; s++)
            for (var q = 0; q < h * w; q++)
            {
                bias += gy[(s * f + filter) * h * w + q];
                biasScale += Math.Abs(gy[(s * f + filter) * h * w + q]);
            }

            Assert.InRange(db[filter], bias - 3e-5 * biasScale, bias + 3e-5 * biasScale);
            for (var ch = 0; ch < c; ch++)
            for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                double sum = 0, scale = 0;
                for (var s = 0; s < n; s++)
                for (var oy = 0; oy < h; oy++)
                for (var ox = 0; ox < w; ox++)
                {
                    int iy = oy + i - p, ix = ox + j - p;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    var product = (double)gy[((s * f + filter) * h + oy) * w + ox] * x[((s * c + ch) * h + iy) * w + ix];
                    sum += product;
                    scale += Math.Abs(product);
                }

                Assert.InRange(dw[((filter * c + ch) * k + i) * k + j], sum - 3e-5 * scale - 1e-30, sum + 3e-5 * scale + 1e-30);
            }
        }
    }

    [Fact]
    public void WeightGradient_WithoutBias_AndWithoutSamples()
    {
        var dw = new float[2 * 9];
        Array.Fill(dw, float.NaN);
        SameConvolution.WeightGradient<float>([], [], dw, default, 0, 1, 3, 3, 2, 3);
        Assert.All(dw, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Forward_InDouble_MatchesColumnsAndProduct()
    {
        const int c = 2, h = 9, w = 9, f = 8, k = 3;
        var (x, weights, bias) = Operands<double>(1, c, h, w, f, k, withBias: true, seed: 8);
        var columns = new double[c * k * k * h * w];
        Patches.Columns<double>(x, columns, c, h, w, k, 1, 1, h, w);
        var expected = new double[f * h * w];
        Gemm.Multiply<double>(weights, columns, expected, f, h * w, c * k * k, rowBias: bias);

        var y = new double[f * h * w];
        SameConvolution.Forward<double>(x, weights, bias, y, 1, c, h, w, f, k);

        Assert.Equal(expected, y);
    }

    [Fact]
    public void BadSizes_AreRefused_SayingWhatWasExpected()
    {
        var even = Assert.Throws<ArgumentException>(() =>
            SameConvolution.Forward<float>(new float[16], new float[32], default, new float[32], 1, 1, 4, 4, 2, 4));
        Assert.Contains("K = 4", even.Message);

        var shortOutput = Assert.Throws<ArgumentException>(() =>
            SameConvolution.Forward<float>(new float[16], new float[18], default, new float[31], 1, 1, 4, 4, 2, 3));
        Assert.Contains("y 32", shortOutput.Message);
        Assert.Contains("31", shortOutput.Message);

        var shortGradient = Assert.Throws<ArgumentException>(() =>
            SameConvolution.InputGradient<float>(new float[32], new float[18], new float[15], 1, 1, 4, 4, 2, 3));
        Assert.Contains("gx 16", shortGradient.Message);

        var shortWeightGradient = Assert.Throws<ArgumentException>(() =>
            SameConvolution.WeightGradient<float>(new float[16], new float[32], new float[17], default, 1, 1, 4, 4, 2, 3));
        Assert.Contains("dw 18", shortWeightGradient.Message);

        var shortBias = Assert.Throws<ArgumentException>(() =>
            SameConvolution.Forward<float>(new float[16], new float[18], new float[1], new float[32], 1, 1, 4, 4, 2, 3));
        Assert.Contains("bias 2 or none", shortBias.Message);
    }

    private static (T[] X, T[] Weights, T[] Bias) Operands<T>(int n, int c, int h, int w, int f, int k, bool withBias, int seed)
        where T : System.Numerics.INumberBase<T>
    {
        var rng = new Rng((ulong)seed);
        T[] Random(int count) => Enumerable.Range(0, count).Select(_ => T.CreateChecked(rng.NextGaussian())).ToArray();
        return (Random(n * c * h * w), Random(f * c * k * k), withBias ? Random(f) : []);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
