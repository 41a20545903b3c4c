namespace NnGen.Tests.Runtime;

public sealed class OneHotTests
{
    [Fact]
    public void Encode_PutsAOneAtEachLabel()
    {
        var encoded = OneHot.Encode<float>([2, 0, 1], 3);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f], encoded);
    }

    [Fact]
    public void Encode_LabelOutOfRange_ThrowsNamingLabelIndexAndRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>([0, 1, 3, 2], 3));
        Assert.Contains("Label 3 at index 2", error.Message);
        Assert.Contains("[0, 3)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>([-1], 3));
    }

    [Fact]
    public void Decode_ReturnsTheIndexOfEachRowsLargestValue()
    {
        Assert.Equal([1, 0, 2], OneHot.Decode<double>([0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0, 0, 1], 3));
        Assert.Equal([2, 0, 1], OneHot.Decode<double>(OneHot.Encode<double>([2, 0, 1], 3), 3));
    }
}
