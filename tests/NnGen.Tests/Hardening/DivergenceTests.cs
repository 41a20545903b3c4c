using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Hardening;

/// <summary>What Fit does with data and steps that would make the loss or the weights NaN.</summary>
public sealed class DivergenceTests
{
    /// <summary>A NaN in the data is named before the first step, not reported as a diverged epoch with a learning rate "probably too high".</summary>
    [Fact]
    public void FitOnDataWithNaN_ThrowsBeforeTheFirstStep_NamingTheSample()
    {
        var inputs = new float[32 * 72];
        inputs[5 * 72 + 7] = float.NaN;
        var data = Dataset<float>.FromLabels(inputs, 72, [.. Enumerable.Range(0, 32).Select(i => i % 3)], 3);
        var network = new ConvBatchNormFloat(seed: 1);
        var before = network.Parameters.ToArray();
        var sgd = new Sgd(0.1);

        var error = Assert.Throws<ArgumentException>(() => network.Fit(data, new FitOptions { Epochs = 1, BatchSize = 8, Optimizer = sgd }));

        Assert.Equal("train", error.ParamName);
        Assert.Contains("input value 7 of sample 5 is NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sgd.Steps);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    /// <summary>
    /// A diverging step updates BatchNorm's running statistics in its forward pass before the loss shows NaN. Fit puts
    /// the last good weights back; the running statistics must come back too, or every later prediction is NaN.
    /// </summary>
    [Fact]
    public void DivergedFit_LeavesRunningStatisticsFinite_SoTheNetworkStillPredicts()
    {
        var rng = new Rng(1);
        var inputs = new float[32 * 72];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextGaussian();
        var data = Dataset<float>.FromLabels(inputs, 72, [.. Enumerable.Range(0, 32).Select(i => i % 3)], 3);
        var network = new ConvBatchNormFloat(seed: 1);

        var error = Assert.Throws<InvalidOperationException>(() =>
            network.Fit(data, new FitOptions { Epochs = 50, BatchSize = 8, Optimizer = new Sgd(1e36), Seed = 1 }));

        Assert.Contains("diverged", error.Message, StringComparison.Ordinal);
        Assert.All(network.Parameters.ToArray(), w => Assert.True(float.IsFinite(w)));
        Assert.All(network.Buffers.ToArray(), b => Assert.True(float.IsFinite(b), "a running statistic is not finite"));
        var output = new float[3];
        network.Predict(inputs.AsSpan(0, 72), output);
        Assert.All(output, y => Assert.True(float.IsFinite(y)));
    }

    /// <summary>
    /// The last step of a run can have a finite loss and still leave NaN weights (its update is never followed by a
    /// forward pass): Fit checks the weights after every epoch, names the step and puts back the weights before it.
    /// </summary>
    [Fact]
    public void ALastStepThatPoisonsTheWeights_IsCaught_AndUndone()
    {
        var data = SyntheticData.Sectors<float>(64, 3, seed: 2);
        var network = new SectorClassifier(seed: 1);
        var poison = new PoisonOnStep(4);   // 64 samples, batch 16: the fourth step is the epoch's last

        var error = Assert.Throws<InvalidOperationException>(() =>
            network.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Optimizer = poison, Shuffle = false }));

        Assert.Contains("the weights after the epoch's last step became NaN or infinite at epoch 1/1, step 4/4", error.Message, StringComparison.Ordinal);
        Assert.All(network.Parameters.ToArray(), w => Assert.True(float.IsFinite(w)));
    }

    /// <summary>Plain SGD that writes a NaN into the weights on one chosen step.</summary>
    private sealed class PoisonOnStep(int step) : Optimizer(0.01, 0)
    {
        protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i] -= T.CreateTruncating(LearningRate) * gradients[i];
            if (Steps == step) parameters[0] = T.NaN;
        }
    }
}
