using NnGen.Tests.Networks;

namespace NnGen.Tests.Generated;

/// <summary>Tiny networks predict in registers: the same bits as the batch path, and trained weights are used at once.</summary>
public class RegisterPredictTests
{
    [Fact]
    public void Predict_EqualsPredictBatch_BitForBit()
    {
        Check(new TinyTanh(seed: 3), TinyTanh.InputLength, TinyTanh.OutputLength);
        Check(new TinyRelu(seed: 4), TinyRelu.InputLength, TinyRelu.OutputLength);
        Check(new TinyNarrow(seed: 5), TinyNarrow.InputLength, TinyNarrow.OutputLength);
        Check(new TinySigmoid(seed: 6), TinySigmoid.InputLength, TinySigmoid.OutputLength);
        Check(new TinyIris(seed: 7), TinyIris.InputLength, TinyIris.OutputLength);
        Check(new TinySoftmax8(seed: 8), TinySoftmax8.InputLength, TinySoftmax8.OutputLength);
    }

    [Fact]
    public void Predict_SeesWeightsChangedAfterConstruction()
    {
        var network = new TinyTanh(seed: 1);
        var before = new float[1];
        network.Predict([0.5f], before);
        network.Parameters[^1] += 1;    // the output bias
        var after = new float[1];
        network.Predict([0.5f], after);
        Assert.Equal(before[0] + 1, after[0], 1e-6);
    }

    private static void Check(INetwork<float> network, int inputLength, int outputLength)
    {
        var rng = new Rng(9);
        var parameters = network.Parameters;   // the biases too: they start at zero, and a bias added out of order adds nothing then
        for (var i = 0; i < parameters.Length; i++) parameters[i] = (float)rng.NextGaussian();
        const int count = 500;
        var inputs = new float[count * inputLength];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = (float)(3 * rng.NextGaussian());
        var batch = new float[count * outputLength];
        network.PredictBatch(inputs, batch);
        var one = new float[outputLength];
        for (var s = 0; s < count; s++)
        {
            network.Predict(inputs.AsSpan(s * inputLength, inputLength), one);
            Assert.Equal(batch.AsSpan(s * outputLength, outputLength).ToArray(), one);
        }
    }
}
