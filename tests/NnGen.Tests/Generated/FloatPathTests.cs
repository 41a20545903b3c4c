using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Generated;

/// <summary>The float code path computes what the double one does, within float's precision.</summary>
public class FloatPathTests
{
    public static TheoryData<string> Pairs => new()
    {
        nameof(SigmoidMse), nameof(SoftmaxCrossEntropy), nameof(SigmoidBinaryCrossEntropy), nameof(WideCrossEntropy),
    };

    private static (INetwork<double>, INetwork<float>) Create(string name) => name switch
    {
        nameof(SigmoidMse) => (new SigmoidMse(4), new SigmoidMseFloat(4)),
        nameof(SoftmaxCrossEntropy) => (new SoftmaxCrossEntropy(4), new SoftmaxCrossEntropyFloat(4)),
        nameof(SigmoidBinaryCrossEntropy) => (new SigmoidBinaryCrossEntropy(4), new SigmoidBinaryCrossEntropyFloat(4)),
        nameof(WideCrossEntropy) => (new WideCrossEntropy(4), new WideCrossEntropyFloat(4)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such pair"),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void FloatNetwork_AgreesWithDoubleWithin1e4(string name)
    {
        var (precise, single) = Create(name);
        for (var i = 0; i < precise.ParameterCount; i++) Assert.Equal((float)precise.Parameters[i], single.Parameters[i]);
        var (inputs, targets) = GradientCheck.Batch(precise, samples: 4, seed: 21);
        var singleInputs = inputs.Select(v => (float)v).ToArray();
        var singleTargets = targets.Select(v => (float)v).ToArray();
        var preciseInputGradients = new double[inputs.Length];
        var singleInputGradients = new float[inputs.Length];

        var preciseLoss = precise.TrainStep(inputs, targets, preciseInputGradients);
        var singleLoss = single.TrainStep(singleInputs, singleTargets, singleInputGradients);

        AssertClose(preciseLoss, singleLoss);
        for (var i = 0; i < precise.ParameterCount; i++) AssertClose(precise.Gradients[i], single.Gradients[i]);
        for (var i = 0; i < inputs.Length; i++) AssertClose(preciseInputGradients[i], singleInputGradients[i]);

        var preciseOutputs = new double[targets.Length];
        var singleOutputs = new float[targets.Length];
        precise.PredictBatch(inputs, preciseOutputs);
        single.PredictBatch(singleInputs, singleOutputs);
        for (var i = 0; i < preciseOutputs.Length; i++) AssertClose(preciseOutputs[i], singleOutputs[i]);
    }

    private static void AssertClose(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"float {actual} vs double {expected}");
}
