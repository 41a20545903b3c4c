namespace NnGen.Tests.Runtime;

public sealed class DatasetTests
{
    /// <summary>n samples whose single input is the sample's number, so every sample can be traced through a split.</summary>
    private static Dataset<double> Numbered(int n)
    {
        var inputs = new double[n];
        var targets = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            inputs[i] = i;
            targets[2 * i] = i;
            targets[2 * i + 1] = -i;
        }

        return new Dataset<double>(inputs, targets, 1, 2);
    }

    [Fact]
    public void Constructor_ComputesCountAndExposesSamples()
    {
        var data = new Dataset<float>([1, 2, 3, 4, 5, 6], [10, 20, 30], inputLength: 2, targetLength: 1);
        Assert.Equal(3, data.Count);
        Assert.Equal([3f, 4f], data.Input(1).ToArray());
        Assert.Equal([30f], data.Target(2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(3).ToArray());
    }

    [Fact]
    public void InputsNotWholeSamples_ThrowsWithExpectedAndActual()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[7], new double[3], 2, 1));
        Assert.Contains("multiple of 2", error.Message);
        Assert.Contains("got 7", error.Message);
    }

    [Fact]
    public void TargetsOfWrongLength_ThrowsWithExpectedAndActual()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[99 * 4], new double[300], 4, 3));
        Assert.Contains("expected 99 × 3 = 297", error.Message);
        Assert.Contains("got 300", error.Message);
    }

    [Fact]
    public void FromLabels_OneHotEncodesTheTargets()
    {
        var data = Dataset<double>.FromLabels([0.1, 0.2, 0.3], 1, [2, 0, 1], 3);
        Assert.Equal([0.0, 0.0, 1.0], data.Target(0).ToArray());
        Assert.Equal(3, data.TargetLength);
        Assert.Throws<ArgumentException>(() => Dataset<double>.FromLabels([0.1, 0.2], 1, [2, 0, 1], 3));
    }

    [Fact]
    public void Split_IsDisjointAndComplete_WithTheRequestedSizes_AndKeepsTargetsWithInputs()
    {
        var (train, test) = Numbered(50).Split(0.2, seed: 3);
        Assert.Equal(40, train.Count);
        Assert.Equal(10, test.Count);

        var seen = train.Inputs.ToArray().Concat(test.Inputs.ToArray()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), seen);
        foreach (var part in new[] { train, test })
        {
            for (var i = 0; i < part.Count; i++) Assert.Equal([part.Input(i)[0], -part.Input(i)[0]], part.Target(i).ToArray());
        }
    }

    [Fact]
    public void Split_SameSeedGivesSameSplit_OtherSeedAnother_AndItShuffles()
    {
        var data = Numbered(50);
        var first = data.Split(0.3, seed: 42).Test.Inputs.ToArray();
        var again = data.Split(0.3, seed: 42).Test.Inputs.ToArray();
        var other = data.Split(0.3, seed: 43).Test.Inputs.ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(Enumerable.Range(0, 15).Select(i => (double)i), first);
    }

    [Fact]
    public void Split_ThatWouldLeaveASideEmpty_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(10).Split(0.01, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(10).Split(1.0, seed: 1));
    }
}
