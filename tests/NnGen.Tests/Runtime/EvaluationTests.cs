using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

public sealed class EvaluationTests
{
    [Fact]
    public void EvaluateDataset_IsTheMeanLossOverAllSamples_InAnyBatchSize()
    {
        var data = SyntheticData.Linear<double>(23, new double[,] { { 1.0, 2.0 } }, [0.5], seed: 1);
        var network = new ReferenceLinearNetwork<double>(2, 1, seed: 3);
        var outputs = new double[23];
        var whole = network.Evaluate(data.Inputs, data.Targets, outputs);

        Assert.Equal(whole, network.EvaluateDataset(data, batchSize: 5).Loss, 1e-14);
        Assert.Equal(whole, network.EvaluateDataset(data).Loss, 1e-14);
        Assert.Null(network.EvaluateDataset(data).Accuracy);
    }

    [Fact]
    public void PredictClasses_ThresholdsOneOutputAndTakesArgmaxOfSeveral()
    {
        // One output: sigmoid(x₀) > 0.5 exactly when x₀ > 0.
        var binary = new ReferenceLinearNetwork<double>(1, 1, LossKind.BinaryCrossEntropy);
        binary.Parameters[0] = 1;
        binary.Parameters[1] = 0;
        Assert.Equal([1, 0, 0], binary.PredictClasses([2.0, -1.0, 0.0], batchSize: 2));

        // Three outputs: the identity picks the largest input.
        var network = new ReferenceLinearNetwork<double>(3, 3, LossKind.CrossEntropy);
        double[] identity = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];
        identity.CopyTo(network.Parameters);
        Assert.Equal([2, 0, 1], network.PredictClasses([0.1, 0.2, 0.9, 5.0, 1.0, 2.0, 0.0, 3.0, -1.0]));
        Assert.Throws<ArgumentException>(() => network.PredictClasses([1.0, 2.0]));
    }
}
