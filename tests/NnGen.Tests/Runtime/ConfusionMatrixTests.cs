using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Counts_AreIndexedByActualThenPredicted()
    {
        var matrix = new ConfusionMatrix([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 2], 3);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(0, matrix[1, 0]);
        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(6, matrix.Total);
        Assert.Equal(4.0 / 6, matrix.Accuracy, 1e-15);
        Assert.Equal(2.0 / 3, matrix.Recall(1), 1e-15);
        Assert.Equal(2.0 / 3, matrix.Precision(1), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(3, 0));
    }

    [Fact]
    public void ToString_IsARightAlignedTable()
    {
        var matrix = new ConfusionMatrix([0, 0, 1, 2], [0, 0, 1, 0], 3, ["setosa", "versicolor", "virginica"]);
        for (var i = 0; i < 120; i++) matrix.Add(1, 1);

        var lines = matrix.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "actual \\ predicted      setosa  versicolor   virginica",
                "            setosa           2           0           0",
                "        versicolor           0         121           0",
                "         virginica           1           0           0",
            ],
            lines);
    }

    [Fact]
    public void Compute_ClassifiesEverySampleWithTheNetwork()
    {
        // A 2-input, 2-class linear network set by hand: class 1 when x₁ > x₀.
        var network = new ReferenceLinearNetwork<double>(2, 2, LossKind.CrossEntropy);
        double[] weights = [1, 0, 0, 1];
        weights.CopyTo(network.Weights);
        network.Biases.Clear();
        var data = Dataset<double>.FromLabels([2, 1, 0, 3, 5, 4, 1, 2], 2, [0, 1, 1, 0], 2);

        var matrix = ConfusionMatrix.Compute(network, data);
        Assert.Equal(1, matrix[0, 0]); // (2, 1) → 0, actual 0
        Assert.Equal(1, matrix[1, 1]); // (0, 3) → 1, actual 1
        Assert.Equal(1, matrix[1, 0]); // (5, 4) → 0, actual 1
        Assert.Equal(1, matrix[0, 1]); // (1, 2) → 1, actual 0
    }
}
