using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Generated;

/// <summary>Predict against a plain reference, its contract (no allocation, clear errors), and what the class exposes.</summary>
[Collection(WorkersCollection.Name)]
public class InferenceTests
{
    [Fact]
    public void Predict_MatchesThePlainReference()
    {
        var tanh = new TanhMse(seed: 5);
        var softmax = new SoftmaxCrossEntropy(seed: 5);
        var wide = new WideCrossEntropy(seed: 5);
        var rng = new Rng(1);
        foreach (var (network, activations) in new (INetwork<double>, Func<double[], double[]>?[])[]
                 {
                     (tanh, [ReferenceMlp.Tanh, null]),
                     (softmax, [ReferenceMlp.Tanh, ReferenceMlp.Softmax]),
                     (wide, [ReferenceMlp.Tanh, ReferenceMlp.Softmax]),
                 })
        {
            var input = Enumerable.Range(0, network.InputLength).Select(_ => rng.NextGaussian()).ToArray();
            var output = new double[network.OutputLength];
            network.Predict(input, output);
            var expected = ReferenceMlp.Forward(network, input, activations);
            for (var i = 0; i < output.Length; i++) Assert.Equal(expected[i], output[i], 1e-12);
        }
    }

    [Fact]
    public void Predict_AllocatesNothing()
    {
        var network = new WideCrossEntropyFloat(seed: 1);
        var input = new float[WideCrossEntropyFloat.InputLength];
        var output = new float[WideCrossEntropyFloat.OutputLength];
        network.Predict(input, output);

        var allocated = Allocations.Least(() =>
        {
            for (var i = 0; i < 1000; i++) network.Predict(input, output);
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void LargeNetwork_PredictsFromItsThreadScratch_WithoutAllocating_AndAgreesAcrossThreads()
    {
        var network = new LargeHidden(seed: 3);
        var inputs = Enumerable.Range(0, 8 * 16).Select(i => MathF.Sin(i)).ToArray();
        var expected = new float[2 * 16];
        network.PredictBatch(inputs, expected);

        var output = new float[2];
        network.Predict(inputs.AsSpan(0, 8), output);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (var i = 0; i < 100; i++) network.Predict(inputs.AsSpan(0, 8), output);
        }));

        Parallel.For(0, 16, sample =>
        {
            var y = new float[2];
            for (var repeat = 0; repeat < 20; repeat++)
            {
                network.Predict(inputs.AsSpan(sample * 8, 8), y);
                Assert.Equal(expected.AsSpan(sample * 2, 2).ToArray(), y);
            }
        });
    }

    [Fact]
    public void Predict_WithWrongInputLength_NamesBothLengths()
    {
        var network = new TanhMse();
        var error = Assert.Throws<ArgumentException>(() => network.Predict(new double[4], new double[2]));
        Assert.Contains("TanhMse.Predict", error.Message);
        Assert.Contains("3 values", error.Message);
        Assert.Contains("holds 4", error.Message);
    }

    [Fact]
    public void TrainStep_WithMismatchedTargets_SaysWhatItNeeds()
    {
        var network = new TanhMse();
        var error = Assert.Throws<ArgumentException>(() => network.TrainStep(new double[6], new double[3]));
        Assert.Contains("2 input samples", error.Message);
        Assert.Contains("4 values", error.Message);
    }

    [Fact]
    public void Constants_AndTensors_DescribeTheNetwork()
    {
        Assert.Equal(70, WideCrossEntropy.InputLength);
        Assert.Equal(5, WideCrossEntropy.OutputLength);
        Assert.Equal(70 * 40 + 40 + 40 * 5 + 5, WideCrossEntropy.ParameterCount);
        var tensors = new WideCrossEntropy().ParameterTensors;
        Assert.Equal(["1.weight", "1.bias", "3.weight", "3.bias"], tensors.Select(t => t.Name));
        Assert.Equal([40, 70], tensors[0].Shape);
        Assert.Equal(WideCrossEntropy.ParameterCount, tensors.Sum(t => t.Length));
        Assert.Contains("Dense 70→40", WideCrossEntropy.Summary);
        Assert.Contains("(2, 5, 7)", WideCrossEntropy.Summary);
    }

    [Fact]
    public void SameSeed_GivesIdenticalWeights_OtherSeedsDiffer()
    {
        Assert.Equal(new WideCrossEntropy(3).Parameters.ToArray(), new WideCrossEntropy(3).Parameters.ToArray());
        Assert.NotEqual(new WideCrossEntropy(3).Parameters.ToArray(), new WideCrossEntropy(4).Parameters.ToArray());
    }

    [Fact]
    public void Initialization_HasTheHeAndGlorotSpread()
    {
        var network = new WithDropout(seed: 8);
        var he = network.Parameters[..(6 * 50)].ToArray();
        var heStd = Math.Sqrt(he.Select(w => w * w).Average());
        Assert.InRange(heStd, 0.8 * Math.Sqrt(2.0 / 6), 1.2 * Math.Sqrt(2.0 / 6));

        var glorotLimit = Math.Sqrt(6.0 / (50 + 2));
        var glorot = network.Parameters.Slice(6 * 50 + 50, 2 * 50).ToArray();
        Assert.All(glorot, w => Assert.InRange(w, -glorotLimit, glorotLimit));
        Assert.All(network.Parameters.Slice(6 * 50, 50).ToArray(), b => Assert.Equal(0.0, b));
    }

    [Fact]
    public void Dropout_DropsInTrainingOnly()
    {
        var network = new WithDropout(seed: 2);
        var inputs = Enumerable.Repeat(1.0, 6 * 200).ToArray();
        var targets = new double[2 * 200];

        var predictions = new double[targets.Length];
        network.PredictBatch(inputs, predictions);
        Assert.Equal(predictions[..2], predictions[2..4]);

        var first = network.TrainStep(inputs, targets);
        var second = network.TrainStep(inputs, targets);
        Assert.NotEqual(first, second);
        var evaluated = network.Evaluate(inputs, targets, new double[targets.Length]);
        Assert.Equal(evaluated, network.Evaluate(inputs, targets, new double[targets.Length]));
    }
}
