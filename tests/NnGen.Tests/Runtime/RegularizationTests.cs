namespace NnGen.Tests.Runtime;

public sealed class RegularizationTests
{
    // A weight tensor (2×2) at 0, a bias (2) at 4, a second weight tensor (1×2) at 6: (w w w w b b w w).
    private static readonly ParameterTensor[] Tensors =
    [
        new("0.weight", 0, [2, 2], ParameterRole.Weight),
        new("0.bias", 4, [2], ParameterRole.Bias),
        new("2.weight", 6, [1, 2], ParameterRole.Weight),
    ];

    private static readonly double[] Parameters = [0.5, -2.0, 0.0, 3.0, 7.0, -9.0, -1.5, 0.25];
    private static readonly double[] Gradients = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

    [Fact]
    public void L2_AddsLambdaTimesWeightToWeightGradientsOnly_AndReturnsHalfLambdaSumOfSquares()
    {
        var gradients = (double[])Gradients.Clone();
        var penalty = new L2(0.1).Apply<double>(Tensors, Parameters, gradients);

        // ½·0.1·(0.25 + 4 + 0 + 9 + 2.25 + 0.0625); the biases 7 and −9 are not counted.
        Assert.Equal(0.05 * 15.5625, penalty, 1e-15);
        double[] expected = [0.1 + 0.05, 0.2 - 0.2, 0.3 + 0.0, 0.4 + 0.3, 0.5, 0.6, 0.7 - 0.15, 0.8 + 0.025];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradients[i], 1e-15);
    }

    [Fact]
    public void L1_AddsLambdaTimesSignToWeightGradientsOnly_ZeroAtZero_AndReturnsLambdaSumOfMagnitudes()
    {
        var gradients = (double[])Gradients.Clone();
        var penalty = new L1(0.1).Apply<double>(Tensors, Parameters, gradients);

        // 0.1·(0.5 + 2 + 0 + 3 + 1.5 + 0.25)
        Assert.Equal(0.1 * 7.25, penalty, 1e-15);
        double[] expected = [0.1 + 0.1, 0.2 - 0.1, 0.3, 0.4 + 0.1, 0.5, 0.6, 0.7 - 0.1, 0.8 + 0.1];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradients[i], 1e-15);
    }

    [Fact]
    public void Regularizer_WorksInFloat()
    {
        var gradients = Array.ConvertAll(Gradients, v => (float)v);
        var penalty = new L2(0.1).Apply<float>(Tensors, Array.ConvertAll(Parameters, v => (float)v), gradients);
        Assert.Equal(0.05f * 15.5625f, penalty, 1e-6f);
        Assert.Equal(0.5f, gradients[4]);
    }

    [Fact]
    public void TensorOutsideTheBuffer_Throws()
    {
        ParameterTensor[] tensors = [new("0.weight", 6, [2, 2], ParameterRole.Weight)];
        var error = Assert.Throws<ArgumentException>(() => new L2(0.1).Apply<double>(tensors, Parameters, new double[8]));
        Assert.Contains("0.weight", error.Message);
    }

    [Fact]
    public void NegativeLambda_IsRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => new L1(-1));
}
