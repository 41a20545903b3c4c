using NnGen.Tests.Networks;

namespace NnGen.Tests.Generated;

public class LayerDescriptionTests
{
    [Fact]
    public void Layers_DescribeKindsShapesAndArguments()
    {
        var layers = new ConvBatchNormDouble().Layers;

        Assert.Equal([LayerKind.Conv2D, LayerKind.BatchNorm, LayerKind.Activation, LayerKind.MaxPool2D, LayerKind.Flatten, LayerKind.Dense, LayerKind.Activation],
            layers.Select(l => l.Kind));
        Assert.Equal(Enumerable.Range(0, layers.Count), layers.Select(l => l.Index));
        Assert.Equal((3, 1, 1, true), (layers[0].Kernel, layers[0].Stride, layers[0].Pad, layers[0].Bias));
        Assert.Equal([3, 6, 6], layers[0].OutputShape);
        Assert.Equal((0.1, 1e-5), (layers[1].Momentum, layers[1].Epsilon));
        Assert.Equal(Act.ReLU, layers[2].Activation);
        Assert.Equal((2, 2), (layers[3].Kernel, layers[3].Stride));
        Assert.Equal([27], layers[4].OutputShape);
        Assert.Equal(Act.Softmax, layers[6].Activation);
    }

    [Fact]
    public void ResidualLayers_NameTheirPartners()
    {
        var layers = new NestedResidual().Layers;
        var pairs = layers.Where(l => l.Kind is LayerKind.Residual or LayerKind.EndResidual).Select(l => (l.Index, l.Partner)).ToList();

        Assert.Equal([(0, 6), (3, 5), (5, 3), (6, 0)], pairs);
    }

    [Fact]
    public void DropoutRng_ExistsOnlyWithDropout()
    {
        Assert.NotNull(new WithDropout().DropoutRng);
        Assert.Null(new TanhMse().DropoutRng);
    }
}
