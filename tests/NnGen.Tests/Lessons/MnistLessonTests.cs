using Mnist;
using MnistCnn;
using NnGen.Tests.Data;

namespace NnGen.Tests.Lessons;

/// <summary>
/// Reduced versions of the MNIST samples that still can fail: fewer epochs, sometimes fewer training images, always
/// the full 10 000-image test set. The README quotes the full runs.
/// </summary>
[Collection(MnistEnvironmentCollection.Name)]
public class MnistLessonTests
{
    [Fact]
    public void LectureSigmoidNetwork_OneEpoch_Reaches88Percent()
    {
        var result = MnistLesson.Sigmoid(epochs: 1);

        Assert.True(result.TestAccuracy >= 0.88, $"test accuracy {result.TestAccuracy:P2}");
    }

    [Fact]
    public void ReluNetworkWithAdam_OneEpoch_Reaches95Percent()
    {
        var result = MnistLesson.Relu(epochs: 1);

        Assert.True(result.TestAccuracy >= 0.95, $"test accuracy {result.TestAccuracy:P2}");
    }

    [Fact]
    public void LeNet_OneEpochOnAllImages_Reaches97Percent()
    {
        var result = MnistCnnLesson.LeNet(epochs: 1);

        Assert.True(result.TestAccuracy >= 0.97, $"test accuracy {result.TestAccuracy:P2}");
        Assert.Equal(10_000, result.Confusion.Total);
    }

    [Fact]
    public void ResidualNetworkWithBatchNorm_OneEpoch_Reaches96Percent()
    {
        var result = MnistCnnLesson.Residual(epochs: 1);

        Assert.True(result.TestAccuracy >= 0.96, $"test accuracy {result.TestAccuracy:P2}");
    }
}
