using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Generated;

/// <summary>The generated backward pass agrees with central finite differences, for parameters and inputs.</summary>
public class GradientTests
{
    public static TheoryData<string> DoubleNetworks => new()
    {
        nameof(IdentityMse), nameof(SigmoidMse), nameof(TanhMse), nameof(ReluMse), nameof(LeakyReluMse), nameof(StepMse),
        nameof(SoftmaxMse), nameof(SoftmaxCrossEntropy), nameof(SigmoidBinaryCrossEntropy), nameof(WideCrossEntropy),
        nameof(ConvValid), nameof(ConvSame), nameof(ConvFull), nameof(ConvValidStride2), nameof(ConvSameStride2), nameof(ConvFullStride2),
        nameof(ConvMaxPool), nameof(ConvAvgPool), nameof(ConvBatchNorm), nameof(ResidualBlock), nameof(NestedResidual),
        nameof(ConvReluMaxPool), nameof(ConvReluMaxPool3), nameof(ConvReluMaxPoolOverlapping),
    };

    private static INetwork<double> Create(string name, int seed) => name switch
    {
        nameof(IdentityMse) => new IdentityMse(seed),
        nameof(SigmoidMse) => new SigmoidMse(seed),
        nameof(TanhMse) => new TanhMse(seed),
        nameof(ReluMse) => new ReluMse(seed),
        nameof(LeakyReluMse) => new LeakyReluMse(seed),
        nameof(StepMse) => new StepMse(seed),
        nameof(SoftmaxMse) => new SoftmaxMse(seed),
        nameof(SoftmaxCrossEntropy) => new SoftmaxCrossEntropy(seed),
        nameof(SigmoidBinaryCrossEntropy) => new SigmoidBinaryCrossEntropy(seed),
        nameof(WideCrossEntropy) => new WideCrossEntropy(seed),
        nameof(ConvValid) => new ConvValid(seed),
        nameof(ConvSame) => new ConvSame(seed),
        nameof(ConvFull) => new ConvFull(seed),
        nameof(ConvValidStride2) => new ConvValidStride2(seed),
        nameof(ConvSameStride2) => new ConvSameStride2(seed),
        nameof(ConvFullStride2) => new ConvFullStride2(seed),
        nameof(ConvMaxPool) => new ConvMaxPool(seed),
        nameof(ConvAvgPool) => new ConvAvgPool(seed),
        nameof(ConvBatchNorm) => new ConvBatchNorm(seed),
        nameof(ResidualBlock) => new ResidualBlock(seed),
        nameof(NestedResidual) => new NestedResidual(seed),
        nameof(ConvReluMaxPool) => new ConvReluMaxPool(seed),
        nameof(ConvReluMaxPool3) => new ConvReluMaxPool3(seed),
        nameof(ConvReluMaxPoolOverlapping) => new ConvReluMaxPoolOverlapping(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such test network"),
    };

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Gradients_MatchCentralFiniteDifferences(string name)
    {
        var network = Create(name, seed: 7);
        var (inputs, targets) = GradientCheck.Batch(network, samples: 3, seed: 11);

        var (parameters, inputGradients) = GradientCheck.MaxRelativeError(network, inputs, targets);

        Assert.True(parameters < 1e-6, $"{name}: parameter gradients off by {parameters:E2}");
        Assert.True(inputGradients < 1e-6, $"{name}: input gradients off by {inputGradients:E2}");
    }

    [Fact]
    public void StepNetwork_HasNoGradientThroughTheStep()
    {
        var network = new StepMse(seed: 3);
        var (inputs, targets) = GradientCheck.Batch(network, samples: 4, seed: 5);
        var inputGradients = new double[inputs.Length];

        network.TrainStep(inputs, targets, inputGradients);

        Assert.All(network.Gradients[..StepMse.ParameterCount].ToArray().Take(3 * 4 + 4), g => Assert.Equal(0.0, g));
        Assert.All(inputGradients, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void TrainStep_ReturnsTheSameLossAsEvaluate()
    {
        var network = new SoftmaxCrossEntropy(seed: 2);
        var (inputs, targets) = GradientCheck.Batch(network, samples: 5, seed: 9);

        var trained = network.TrainStep(inputs, targets);
        var evaluated = network.Evaluate(inputs, targets, new double[targets.Length]);

        Assert.Equal(evaluated, trained, 1e-14);
    }

    [Fact]
    public void CrossEntropy_StaysFiniteForHugeLogits()
    {
        var network = new SoftmaxCrossEntropy(seed: 1);
        network.Parameters.Fill(1e4);
        var (inputs, targets) = GradientCheck.Batch(network, samples: 2, seed: 4);

        var loss = network.TrainStep(inputs, targets);

        Assert.True(double.IsFinite(loss));
        Assert.All(network.Gradients.ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void BinaryCrossEntropy_StaysFiniteForHugeLogits()
    {
        var network = new SigmoidBinaryCrossEntropy(seed: 1);
        network.Parameters.Fill(-1e4);
        var (inputs, targets) = GradientCheck.Batch(network, samples: 2, seed: 4);

        Assert.True(double.IsFinite(network.TrainStep(inputs, targets)));
    }
}
