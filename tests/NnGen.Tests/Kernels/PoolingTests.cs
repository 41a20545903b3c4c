namespace NnGen.Tests.Kernels;

/// <summary>The vectorized 2 × 2 max-pooling backward pass against a plain search for each window's first maximum.</summary>
public class PoolingTests
{
    [Theory]
    [InlineData(3, 28, 28)]   // 14 windows a row: two vectors of eight, the second overlapping (four with AVX2 only)
    [InlineData(2, 14, 14)]   // 7 windows a row: vectors of four
    [InlineData(2, 4, 16)]    // 8 windows a row: one vector of eight
    [InlineData(2, 6, 40)]    // 20 windows a row: three vectors of eight, the last overlapping
    [InlineData(1, 2, 2)]     // one window
    public void MaxBackward2x2_SendsEachGradientToTheFirstMaximum(int planes, int height, int width)
    {
        Check<float>(planes, height, width);
        Check<double>(planes, height, width);
    }

    [Theory]
    [InlineData(3, 28, 28)]
    [InlineData(2, 14, 14)]
    [InlineData(2, 4, 16)]
    [InlineData(2, 6, 40)]
    public void Max2x2_EqualsMathMaxOverEachWindow(int planes, int height, int width)
    {
        var rng = new Rng(6);
        var x = new float[planes * height * width];
        for (var i = 0; i < x.Length; i++)
        {
            var u = rng.NextDouble();
            x[i] = u < 0.2 ? 0f : u < 0.3 ? -0f : u < 0.32 ? float.NaN : (float)rng.NextGaussian();
        }
        foreach (var relu in new[] { false, true })
        {
            var y = new float[x.Length / 4];
            Pooling.Max2x2<float>(x, y, planes, height, width, relu);
            int oh = height / 2, ow = width / 2;
            for (var p = 0; p < planes; p++)
            for (var oy = 0; oy < oh; oy++)
            for (var ox = 0; ox < ow; ox++)
            {
                var at = (p * height + 2 * oy) * width + 2 * ox;
                var max = Math.Max(Math.Max(Math.Max(x[at], x[at + 1]), x[at + width]), x[at + width + 1]);
                if (relu) max = Math.Max(max, 0f);
                var got = y[(p * oh + oy) * ow + ox];
                Assert.True(BitConverter.SingleToInt32Bits(max) == BitConverter.SingleToInt32Bits(got) || (float.IsNaN(max) && float.IsNaN(got)),
                    $"plane {p}, window ({oy}, {ox}), relu {relu}: expected {max:R}, got {got:R}");
            }
        }
    }

    [Theory]
    [InlineData(3, 4, 4)]
    [InlineData(2, 28, 28)]
    [InlineData(5, 6, 14)]
    [InlineData(1, 2, 2)]
    public void MaxBackward2x2_WithReLU_EqualsThePoolingOfTheReLUThenTheReLUsBackward(int planes, int height, int width)
    {
        // Negative, zero and positive values from a few levels, so that windows tie and some have no positive value.
        var rng = new Rng(8);
        var x = new float[planes * height * width];
        for (var i = 0; i < x.Length; i++) x[i] = rng.NextDouble() < 0.2 ? 0f : (float)Math.Floor(rng.NextDouble() * 5 - 2.5);
        var gy = new float[x.Length / 4];
        for (var i = 0; i < gy.Length; i++) gy[i] = (float)rng.NextGaussian();

        var fused = new float[x.Length];
        Pooling.MaxBackward2x2<float>(x, gy, fused, planes, height, width, relu: true);

        var activated = x.Select(v => Math.Max(v, 0f)).ToArray();
        var pooled = new float[x.Length];
        Pooling.MaxBackward2x2<float>(activated, gy, pooled, planes, height, width);
        var expected = new float[x.Length];
        Activations.ReLUBackward<float>(x, pooled, expected);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(fused, v => v != 0);
    }

    [Fact]
    public void MaxBackward2x2_RefusesShortSpans()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pooling.MaxBackward2x2<float>(new float[16], new float[4], new float[15], 1, 4, 4));
        Assert.Contains("4 × 4", ex.Message);
        Assert.Contains("need 16 values in x and gx and 4 in gy; they hold 16, 15 and 4", ex.Message);
    }

    [Fact]
    public void Max2x2_RefusesShortSpansAndOddSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pooling.Max2x2<float>(new float[16], new float[3], 1, 4, 4));
        Assert.Contains("need 16 values in x and 4 in y; they hold 16 and 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Pooling.Max2x2<float>(new float[15], new float[4], 1, 3, 5));
        Assert.Contains("3 × 5 (even sizes)", ex.Message);
    }

    private static void Check<T>(int planes, int height, int width) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Values from a few levels, a third of them zero (as after a ReLU), so that windows often tie; −0 ties +0.
        var rng = new Rng(5);
        var x = new T[planes * height * width];
        for (var i = 0; i < x.Length; i++)
        {
            var u = rng.NextDouble();
            x[i] = u < 0.3 ? T.Zero : u < 0.35 ? T.NegativeZero : T.CreateTruncating(Math.Floor(u * 4));
        }
        var gy = new T[planes * height * width / 4];
        for (var i = 0; i < gy.Length; i++) gy[i] = T.CreateTruncating(rng.NextGaussian());
        var gx = new T[x.Length];
        Array.Fill(gx, T.CreateTruncating(99));      // every value must be written

        Pooling.MaxBackward2x2<T>(x, gy, gx, planes, height, width);

        var expected = new T[x.Length];
        int oh = height / 2, ow = width / 2;
        for (var p = 0; p < planes; p++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            var at = -1;
            for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
            {
                var position = (p * height + 2 * oy + i) * width + 2 * ox + j;
                if (at < 0 || x[position] > x[at]) at = position;
            }
            expected[at] = gy[(p * oh + oy) * ow + ox];
        }
        Assert.Equal(expected, gx);
    }
}
