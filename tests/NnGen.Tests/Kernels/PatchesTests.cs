namespace NnGen.Tests.Kernels;

/// <summary>im2col and col2im against element-by-element loops, for strides, paddings and kernels of several sizes.</summary>
public class PatchesTests
{
    [Theory]
    [InlineData(2, 14, 14, 3, 1, 1)]   // LeNet's second convolution: rows of 14, a vector and an overlapping one
    [InlineData(1, 28, 28, 3, 1, 1)]
    [InlineData(3, 9, 7, 5, 1, 2)]
    [InlineData(2, 8, 8, 3, 2, 1)]
    [InlineData(1, 7, 9, 2, 2, 0)]
    [InlineData(2, 5, 5, 1, 1, 0)]
    [InlineData(1, 4, 4, 3, 1, 3)]     // padding wider than the kernel's reach: some rows all zero
    [InlineData(1, 2, 2, 7, 1, 3)]     // "same" padding, shifts wider than the plane
    [InlineData(2, 5, 3, 5, 1, 2)]
    public void Columns_AndAddColumns_MatchPlainLoops(int c, int h, int w, int k, int s, int p)
    {
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        var rng = new Rng(3);
        var x = new float[c * h * w];
        for (var i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var columns = new float[c * k * k * oh * ow];
        Array.Fill(columns, float.NaN);                       // every value must be written
        Patches.Columns<float>(x, columns, c, h, w, k, s, p, oh, ow);

        var gradients = new float[columns.Length];
        for (var i = 0; i < gradients.Length; i++) gradients[i] = (float)rng.NextGaussian();
        var gx = new float[x.Length];
        Array.Fill(gx, float.NaN);
        Patches.AddColumns<float>(gradients, gx, c, h, w, k, s, p, oh, ow);

        var expectedGx = new float[x.Length];
        for (var ch = 0; ch < c; ch++)
        for (var i = 0; i < k; i++)
        for (var j = 0; j < k; j++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            var at = (((ch * k + i) * k + j) * oh + oy) * ow + ox;
            int iy = oy * s + i - p, ix = ox * s + j - p;
            var inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            Assert.Equal(inside ? x[(ch * h + iy) * w + ix] : 0f, columns[at]);
            if (inside) expectedGx[(ch * h + iy) * w + ix] += gradients[at];
        }
        Assert.Equal(expectedGx, gx);
    }

    [Fact]
    public void ShortSpans_AreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Patches.Columns<float>(new float[16], new float[10], 1, 4, 4, 3, 1, 1, 4, 4));
        Assert.Contains("144", ex.Message);
    }
}
