using NnGen.Tests.Networks;

namespace NnGen.Tests.Generated;

public class ConvolutionTests
{
    /// <summary>
    /// The lecture's worked example gives [[26, 6, −6], [0, −4, 8], [24, −14, −4]] for a 5×5 input and a 3×3 filter.
    /// Our copy of the notes keeps the result but not the two matrices, so this input and filter were chosen to give
    /// that result; the top-left entry by hand:
    /// 9·1 + 0·(−1) + 2·0 + 2·0 + 9·2 + 8·(−1) + 8·1 + 0·0 + 1·(−1) = 26.
    /// </summary>
    [Fact]
    public void Forward_ReproducesTheLecturesHandComputedExample()
    {
        double[] input =
        [
            9, 0, 2, 3, 0,
            2, 9, 8, 1, 1,
            8, 0, 1, 7, 7,
            8, 5, 0, 5, 6,
            6, 1, 0, 9, 2,
        ];
        double[] filter =
        [
            1, -1, 0,
            0, 2, -1,
            1, 0, -1,
        ];
        var network = new LectureConvolution();
        filter.CopyTo(network.Parameters);
        var output = new double[LectureConvolution.OutputLength];

        network.Predict(input, output);

        Assert.Equal([26, 6, -6, 0, -4, 8, 24, -14, -4], output);
    }

    public static TheoryData<string, int, int, int, int, bool> Convolutions => new()
    {
        // network, filters, stride, padding, input channels, tanh after the convolution
        { nameof(ConvValid), 3, 1, 0, 2, true },
        { nameof(ConvSame), 3, 1, 1, 2, true },
        { nameof(ConvFull), 2, 1, 2, 2, true },
        { nameof(ConvValidStride2), 3, 2, 0, 2, true },
        { nameof(ConvSameStride2), 3, 2, 1, 2, true },
        { nameof(ConvFullStride2), 2, 2, 2, 1, false },
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Conv2D_MatchesANaiveCrossCorrelation(string name, int filters, int stride, int pad, int channels, bool tanh)
    {
        INetwork<double> network = name switch
        {
            nameof(ConvValid) => new ConvValid(2),
            nameof(ConvSame) => new ConvSame(2),
            nameof(ConvFull) => new ConvFull(2),
            nameof(ConvValidStride2) => new ConvValidStride2(2),
            nameof(ConvSameStride2) => new ConvSameStride2(2),
            _ => new ConvFullStride2(2),
        };
        var tensors = network.ParameterTensors;
        var size = (int)Math.Round(Math.Sqrt(network.InputLength / channels));
        var rng = new Rng(3);
        var input = Enumerable.Range(0, network.InputLength).Select(_ => rng.NextGaussian()).ToArray();
        var convolved = NaiveConvolution(input, channels, size, size, network.Parameters.Slice(tensors[0].Offset, tensors[0].Length).ToArray(),
            filters, kernel: 3, stride, pad);
        var hasBias = tensors.Count == 4; // conv weight, conv bias, dense weight, dense bias
        var pixels = convolved.Length / filters;
        for (var i = 0; i < convolved.Length; i++)
        {
            if (hasBias) convolved[i] += network.Parameters[tensors[1].Offset + i / pixels];
            if (tanh) convolved[i] = Math.Tanh(convolved[i]);
        }
        var (weight, bias) = (tensors[^2], tensors[^1]);
        Assert.Equal(convolved.Length, weight.Shape[1]);

        var output = new double[network.OutputLength];
        network.Predict(input, output);

        for (var o = 0; o < output.Length; o++)
        {
            var expected = network.Parameters[bias.Offset + o];
            for (var i = 0; i < convolved.Length; i++) expected += network.Parameters[weight.Offset + o * convolved.Length + i] * convolved[i];
            Assert.Equal(expected, output[o], 1e-12);
        }
    }

    /// <summary>y[f, oy, ox] = Σ W[f, c, i, j] x[c, oy·s + i − p, ox·s + j − p], zero outside: PyTorch's Conv2d, no bias.</summary>
    private static double[] NaiveConvolution(double[] x, int channels, int height, int width, double[] w, int filters, int kernel, int stride, int pad)
    {
        var outHeight = (height + 2 * pad - kernel) / stride + 1;
        var outWidth = (width + 2 * pad - kernel) / stride + 1;
        var y = new double[filters * outHeight * outWidth];
        for (var f = 0; f < filters; f++)
        for (var oy = 0; oy < outHeight; oy++)
        for (var ox = 0; ox < outWidth; ox++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            for (var i = 0; i < kernel; i++)
            for (var j = 0; j < kernel; j++)
            {
                int iy = oy * stride + i - pad, ix = ox * stride + j - pad;
                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                    sum += w[((f * channels + c) * kernel + i) * kernel + j] * x[(c * height + iy) * width + ix];
            }
            y[(f * outHeight + oy) * outWidth + ox] = sum;
        }
        return y;
    }
}
