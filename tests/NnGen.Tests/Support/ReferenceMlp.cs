namespace NnGen.Tests.Support;

/// <summary>
/// A plain reference forward pass for dense networks, written from the layer definitions with obvious loops and
/// reading weights through <see cref="INetwork{T}.ParameterTensors"/>, to check the generated Predict independently.
/// </summary>
internal static class ReferenceMlp
{
    /// <summary>Runs one sample; <paramref name="activations"/> lists each Dense layer's activation (null: none).</summary>
    public static double[] Forward(INetwork<double> network, double[] input, params Func<double[], double[]>?[] activations)
    {
        var x = input;
        var tensors = network.ParameterTensors;
        for (var layer = 0; layer < tensors.Count / 2; layer++)
        {
            var weight = tensors[2 * layer];
            var bias = tensors[2 * layer + 1];
            int units = weight.Shape[0], inputs = weight.Shape[1];
            var y = new double[units];
            for (var o = 0; o < units; o++)
            {
                var sum = network.Parameters[bias.Offset + o];
                for (var i = 0; i < inputs; i++) sum += network.Parameters[weight.Offset + o * inputs + i] * x[i];
                y[o] = sum;
            }
            x = activations[layer]?.Invoke(y) ?? y;
        }
        return x;
    }

    public static double[] Tanh(double[] x) => x.Select(Math.Tanh).ToArray();

    public static double[] Relu(double[] x) => x.Select(v => Math.Max(v, 0)).ToArray();

    public static double[] Sigmoid(double[] x) => x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();

    public static double[] Softmax(double[] x)
    {
        var max = x.Max();
        var e = x.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
