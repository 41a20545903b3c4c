using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

/// <summary>The full generated source of two networks, to notice any change to what users read and run.</summary>
public class SnapshotTests
{
    [Fact]
    public void Xor_EmitsUnrolledFloatNetwork() => Snapshot.Match("Xor", GeneratorHarness.Run(Networks.Xor).Source);

    [Fact]
    public void MnistMlp_EmitsLoopedDoubleNetworkWithDropout() =>
        Snapshot.Match("MnistMlp", GeneratorHarness.Run(Networks.MnistMlp).Source);

    [Fact]
    public void ResidualCnn_EmitsConvolutionPoolingBatchNormAndSkipConnection() =>
        Snapshot.Match("ResidualCnn", GeneratorHarness.Run(Networks.ResidualCnn).Source);

    [Fact]
    public void Output_HasTheHintNameOfNamespaceAndClass()
    {
        var result = GeneratorHarness.Run(Networks.MnistMlp);
        Assert.Equal("Demo.Vision.MnistMlp.g.cs", Assert.Single(result.Sources).Key);
    }
}
