using NnGen.Tests.Networks;

namespace NnGen.Tests.Generated;

/// <summary>
/// Inference runs a ReLU inside the max pooling after it and inside a Dense product's epilogue; training runs every
/// layer on its own. Without Dropout or BatchNorm both give the same outputs, bit for bit.
/// </summary>
public class FusedInferenceTests
{
    [Fact]
    public void FusedInference_EqualsTheTrainingForwardPass()
    {
        var network = new FusedInference(seed: 2);
        var rng = new Rng(5);
        const int count = 40;
        var inputs = new float[count * FusedInference.InputLength];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextGaussian();
        var targets = new float[count * FusedInference.OutputLength];

        var predicted = new float[targets.Length];
        network.PredictBatch(inputs, predicted);
        network.TrainStep(inputs, targets);

        Assert.Equal(network.TrainingOutputs.ToArray(), predicted);
        Assert.Contains(predicted, v => v != 0);
    }
}
