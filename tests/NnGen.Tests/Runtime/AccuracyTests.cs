namespace NnGen.Tests.Runtime;

public sealed class AccuracyTests
{
    [Theory]
    [InlineData(LossKind.CrossEntropy, new double[] { 0.1, 0.9, 0.5, 0.5 }, 2, true)]          // cross-entropy: argmax, soft targets too
    [InlineData(LossKind.MeanSquaredError, new double[] { 0, 1, 1, 0 }, 2, true)]             // one-hot targets
    [InlineData(LossKind.MeanSquaredError, new double[] { 0.2, 1.3, 1, 0 }, 2, false)]        // regression
    [InlineData(LossKind.MeanSquaredError, new double[] { 1, 1, 0, 0 }, 2, false)]            // a row with two ones
    [InlineData(LossKind.BinaryCrossEntropy, new double[] { 0.3, 1 }, 1, true)]               // BCE, one output
    [InlineData(LossKind.MeanSquaredError, new double[] { 0, 1, 1 }, 1, true)]                // 0/1 targets (logic gates)
    [InlineData(LossKind.MeanSquaredError, new double[] { 0, 1, 0.5 }, 1, false)]             // regression with one output
    public void Applies_FollowsLossAndTargets(LossKind loss, double[] targets, int targetLength, bool expected) =>
        Assert.Equal(expected, Accuracy.Applies<double>(loss, targets, targetLength));

    [Fact]
    public void CountCorrect_UsesThresholdForOneOutputAndArgmaxOtherwise()
    {
        Assert.Equal(2, Accuracy.CountCorrect<double>([0.7, 0.4, 0.5], [1, 1, 0], 1)); // 0.5 is class 0
        Assert.Equal(1, Accuracy.CountCorrect<double>([0.2, 0.8, 0.6, 0.4], [0, 1, 0, 1], 2));
    }
}
