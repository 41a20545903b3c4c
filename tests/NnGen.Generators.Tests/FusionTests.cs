using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

/// <summary>Which layers run inside a neighbour's pass: the code says so, and only where it may.</summary>
public class FusionTests
{
    [Fact]
    public void SameConvolution_ThenReLUAndMaxPool_PoolsInTheConvolution()
    {
        var source = Generate("""
            [Input(1, 28, 28)]
            [Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
            [Flatten, Dense(10), Activation(Act.Softmax)]
            [Loss(LossKind.CrossEntropy)]
            """);

        Assert.Contains("Conv2D0Forward(n, x0, x1, x3);", source);
        Assert.Contains("// layer 2, MaxPool2D 2×2, ran in the convolution before it, into x3", source);
        Assert.Contains("F, 3, pooled.Slice(first * 1568, count * 1568), relu: true);", source);
        Assert.DoesNotContain("MaxPool2D2ForwardAfterReLU", source);
        Assert.Contains("MaxPool2D2BackwardAfterReLU", source);   // the backward pass reads the convolution's output
    }

    [Fact]
    public void SameConvolution_ThenMaxPool_PoolsWithoutReLU()
    {
        var source = Generate("""
            [Input(2, 8, 8)]
            [Conv2D(4, kernel: 3, Padding = Padding.Same), MaxPool2D(2)]
            [Flatten, Dense(2)]
            """);

        Assert.Contains("Conv2D0Forward(n, x0, x1, x2);", source);
        Assert.Contains("pooled.Slice(first * 64, count * 64));", source);
        Assert.DoesNotContain("MaxPool2D1Forward", source);
    }

    [Theory]
    [InlineData(12, "[Conv2D(4, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)]", "MaxPool2D3ForwardAfterReLU")]
    [InlineData(12, "[Conv2D(4, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(3)]", "MaxPool2D2ForwardAfterReLU")]
    [InlineData(11, "[Conv2D(4, kernel: 3, Stride = 2, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]", "MaxPool2D2ForwardAfterReLU")]
    [InlineData(12, "[Conv2D(4, kernel: 3, Padding = Padding.Same), AvgPool2D(2)]", "AvgPool2D1Forward")]
    public void PoolingElsewhere_KeepsItsOwnForwardPass(int size, string layers, string poolForward)
    {
        var source = Generate($"""
            [Input(1, {size}, {size})]
            {layers}
            [Flatten, Dense(2)]
            """);

        Assert.Contains($"private static void {poolForward}(", source);
        Assert.DoesNotContain("pooled", source);
    }

    private static string Generate(string layers)
    {
        var result = GeneratorHarness.Run($"""
            using NnGen;
            {layers}
            public partial class Net;
            """);
        Assert.Empty(result.Exceptions);
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("; ", result.GeneratorDiagnostics));
        Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        return result.Source;
    }
}
