using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

/// <summary>The Fit tests lean on the reference network, so its gradients are checked against finite differences.</summary>
public sealed class ReferenceLinearNetworkTests
{
    [Theory]
    [InlineData(LossKind.MeanSquaredError)]
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void TrainStepGradients_MatchCentralFiniteDifferencesOfTheMeanLoss(LossKind loss)
    {
        var network = new ReferenceLinearNetwork<double>(3, 2, loss, seed: 5);
        var rng = new Rng(9);
        var inputs = new double[4 * 3];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = rng.NextGaussian();
        double[] targets = loss == LossKind.MeanSquaredError ? [0.3, -1.2, 0.8, 0.1, -0.5, 2.0, 1.1, 0.0] : [1, 0, 0, 1, 1, 0, 0, 1];
        var outputs = new double[8];

        network.TrainStep(inputs, targets);
        var analytic = network.Gradients.ToArray();
        const double h = 1e-6;
        for (var k = 0; k < network.ParameterCount; k++)
        {
            var saved = network.Parameters[k];
            network.Parameters[k] = saved + h;
            var up = network.Evaluate(inputs, targets, outputs);
            network.Parameters[k] = saved - h;
            var down = network.Evaluate(inputs, targets, outputs);
            network.Parameters[k] = saved;
            Assert.Equal((up - down) / (2 * h), analytic[k], 1e-8);
        }
    }
}
