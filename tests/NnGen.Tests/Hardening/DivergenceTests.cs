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
    /// Fit checks a dataset the first time it trains on it, not on every call (the check reads every value). A value the
    /// caller turns into NaN afterwards stops Fit at the step whose loss it makes NaN, with the last good weights; a new
    /// Dataset over the same arrays, or EnsureFinite itself, still names it.
    /// </summary>
    [Fact]
    public void FitChecksADatasetOnce_AndANaNWrittenLaterShowsAsANaNLoss()
    {
        var sectors = SyntheticData.Sectors<float>(64, 3, seed: 2);
        float[] inputs = sectors.Inputs.ToArray(), targets = sectors.Targets.ToArray();
        var data = new Dataset<float>(inputs, targets, sectors.InputLength, sectors.TargetLength);
        var network = new SectorClassifier(seed: 1);
        var options = new FitOptions { Epochs = 1, BatchSize = 16, Optimizer = new Sgd(0.1), Shuffle = false };
        network.Fit(data, options);

        inputs[40 * data.InputLength] = float.NaN;   // sample 40: the third batch of 16
        var before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidOperationException>(() => network.Fit(data, options));

        Assert.Contains("the loss", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 3/4", error.Message, StringComparison.Ordinal);
        Assert.All(network.Parameters.ToArray(), w => Assert.True(float.IsFinite(w)));
        Assert.NotEqual(before, network.Parameters.ToArray());   // the first two steps of the second Fit stand
        var fresh = new Dataset<float>(inputs, targets, data.InputLength, data.TargetLength);
        Assert.Contains("input value 0 of sample 40 is NaN",
            Assert.Throws<ArgumentException>(() => network.Fit(fresh, options)).Message, StringComparison.Ordinal);
        Assert.Contains("sample 40", Assert.Throws<ArgumentException>(() => data.EnsureFinite()).Message, StringComparison.Ordinal);
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
