namespace NnGen.Tests.Kernels;

/// <summary>BatchNorm's vectorized per-run loops against plain double loops, for lengths with and without a scalar tail.</summary>
public class NormalizationTests
{
    [Theory]
    [InlineData(784)]
    [InlineData(196)]
    [InlineData(37)]
    [InlineData(3)]
    public void EachLoop_MatchesAPlainDoubleLoop(int length)
    {
        var rng = new Rng(9);
        var x = new float[length];
        var gy = new float[length];
        for (var i = 0; i < length; i++) (x[i], gy[i]) = ((float)(2 + rng.NextGaussian()), (float)rng.NextGaussian());
        const float center = 2.1f, k = 0.7f, a = 0.05f, b = -0.3f;

        var squares = 0.0;
        double sum = 0, weighted = 0;
        for (var i = 0; i < length; i++)
        {
            squares += (x[i] - (double)center) * (x[i] - (double)center);
            sum += gy[i];
            weighted += gy[i] * (x[i] - center);
        }
        Assert.Equal(squares, Normalization.SquaredDeviations<float>(x, center), squares * 1e-12);
        var (gotSum, gotWeighted) = Normalization.GradientSums<float>(x, gy, center);
        Assert.Equal(sum, gotSum, 1e-12 * length);
        Assert.Equal(weighted, gotWeighted, 1e-12 * length);

        var gx = new float[length];
        Normalization.Backward<float>(x, gy, gx, center, k, a, b);
        for (var i = 0; i < length; i++)
            Assert.Equal(k * (gy[i] - a - (x[i] - (double)center) * b), gx[i], 1e-5);

        var xd = x.Select(v => (double)v).ToArray();
        Assert.Equal(squares, Normalization.SquaredDeviations<double>(xd, center), squares * 1e-12);
    }

    [Fact]
    public void SquaredDeviations_OfHugeFloats_StayFinite()
    {
        // A diverging network's activations reach 1e30: their squares overflow float, not double.
        float[] x = [1e30f, -1e30f, 3e30f, 0, 1e30f, -1e30f, 3e30f, 0, 1e30f, -1e30f, 3e30f, 0, 1e30f, -1e30f, 3e30f, 0, 2e30f];
        Assert.True(double.IsFinite(Normalization.SquaredDeviations<float>(x, 0)));
    }

    [Fact]
    public void ShortSpans_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Normalization.GradientSums<float>(new float[8], new float[7], 0f));
        Assert.Throws<ArgumentException>(() => Normalization.Backward<float>(new float[8], new float[8], new float[7], 0f, 1f, 0f, 0f));
    }
}
