namespace NnGen.Tests.Data;

public sealed class LabeledDatasetTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>n samples whose input is the sample's number and whose label is that number mod 3.</summary>
    private static LabeledDataset<double> Numbered(int n)
    {
        var inputs = new double[n];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            inputs[i] = i;
            labels[i] = i % 3;
        }

        return new LabeledDataset<double>(Dataset<double>.FromLabels(inputs, 1, labels, 3), labels, Names, ["x"]);
    }

    [Fact]
    public void Split_MatchesDatasetSplit_AndKeepsEveryLabelWithItsSample()
    {
        var data = Numbered(40);
        var (train, test) = data.Split(0.25, seed: 7);
        var (plainTrain, plainTest) = data.Dataset.Split(0.25, seed: 7);

        Assert.Equal(30, train.Count);
        Assert.Equal(10, test.Count);
        Assert.Equal(plainTrain.Inputs.ToArray(), train.Dataset.Inputs.ToArray());
        Assert.Equal(plainTest.Inputs.ToArray(), test.Dataset.Inputs.ToArray());
        foreach (var part in new[] { train, test })
        {
            Assert.Equal(Names, part.ClassNames);
            Assert.Equal(["x"], part.FeatureNames);
            for (var i = 0; i < part.Count; i++) Assert.Equal((int)part.Dataset.Input(i)[0] % 3, part.Labels[i]);
        }
    }

    [Fact]
    public void CountsThatDisagree_SayBoth()
    {
        var dataset = Dataset<double>.FromLabels([1, 2], 1, [0, 1], 3);
        var error = Assert.Throws<ArgumentException>(() => new LabeledDataset<double>(dataset, [0], Names, []));
        Assert.Contains("2 samples, but 1 labels", error.Message);
        error = Assert.Throws<ArgumentException>(() => new LabeledDataset<double>(dataset, [0, 1], ["a", "b"], []));
        Assert.Contains("3 classes, but 2 names", error.Message);
        error = Assert.Throws<ArgumentException>(() => new LabeledDataset<double>(dataset, [0, 1], Names, ["x", "y"]));
        Assert.Contains("1 values, but 2 names", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledDataset<double>(dataset, [0, 3], Names, []));
    }
}
