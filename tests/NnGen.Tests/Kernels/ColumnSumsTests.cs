namespace NnGen.Tests.Kernels;

/// <summary>Column sums against adding whole rows one after another, bit for bit, for the widths around each vector block.</summary>
public class ColumnSumsTests
{
    [Theory]
    [InlineData(64, 10)]
    [InlineData(64, 128)]
    [InlineData(7, 1)]
    [InlineData(5, 31)]
    [InlineData(3, 32)]
    [InlineData(9, 33)]
    [InlineData(1, 130)]
    [InlineData(0, 12)]
    public void Float_EqualsAddingTheRowsInOrder(int count, int length) => Check<float>(count, length);

    [Theory]
    [InlineData(64, 10)]
    [InlineData(6, 17)]
    [InlineData(2, 3)]
    public void Double_EqualsAddingTheRowsInOrder(int count, int length) => Check<double>(count, length);

    [Fact]
    public void ShortSpans_AreRejectedWithTheSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnSums.Of<float>(new float[29], new float[10], 3, 10));
        Assert.Contains("3 rows of 10 values need 30", error.Message);
        Assert.Throws<ArgumentException>(() => ColumnSums.Of<float>(new float[30], new float[9], 3, 10));
    }

    private static void Check<T>(int count, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Values of mixed sizes and signs, so that another order of additions would round differently; the last is −0,
        // which a sum from +0 turns into +0, as the loop does.
        var rng = new Rng((ulong)(count * 1000 + length));
        var rows = new T[count * length];
        for (var i = 0; i < rows.Length; i++) rows[i] = T.CreateChecked(rng.NextGaussian() * Math.Pow(10, i % 7 - 3));
        if (rows.Length > 0) rows[^1] = T.NegativeZero;
        var expected = new T[length];
        for (var s = 0; s < count; s++)
            for (var j = 0; j < length; j++) expected[j] += rows[s * length + j];
        var sums = Enumerable.Repeat(T.NaN, length + 1).ToArray();
        ColumnSums.Of<T>(rows, sums, count, length);
        for (var j = 0; j < length; j++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateChecked(expected[j])), BitConverter.DoubleToInt64Bits(double.CreateChecked(sums[j])));
        Assert.True(T.IsNaN(sums[length]), "nothing past the sums is written");
    }
}
