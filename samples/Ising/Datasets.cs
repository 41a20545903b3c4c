using NnGen;

namespace Ising;

/// <summary>Turns Monte Carlo configurations into labelled datasets for the networks.</summary>
public static class Datasets
{
    /// <summary>
    /// One-hot targets from <paramref name="label"/>; with <paramref name="withFlips"/> every configuration also
    /// appears with all spins reversed (s → −s), the Ising model's symmetry, so the network learns both ordered states.
    /// </summary>
    public static Dataset<float> Build(IsingSamples samples, IReadOnlyList<int> indices, int classes, Func<int, int> label, bool withFlips)
    {
        var sites = samples.L * samples.L;
        var copies = withFlips ? 2 : 1;
        var inputs = new float[indices.Count * copies * sites];
        var targets = new float[indices.Count * copies * classes];
        for (var k = 0; k < indices.Count; k++)
        {
            var configuration = samples.Configuration(indices[k]);
            for (var copy = 0; copy < copies; copy++)
            {
                var row = k * copies + copy;
                var destination = inputs.AsSpan(row * sites, sites);
                configuration.CopyTo(destination);
                if (copy == 1) System.Numerics.Tensors.TensorPrimitives.Negate(destination, destination);
                targets[row * classes + label(indices[k])] = 1;
            }
        }
        return new Dataset<float>(inputs, targets, sites, classes);
    }

    /// <summary>The index of <paramref name="temperature"/> in the grid (to 1e-9).</summary>
    public static int TemperatureIndex(IReadOnlyList<double> temperatures, double temperature)
    {
        for (var t = 0; t < temperatures.Count; t++)
            if (Math.Abs(temperatures[t] - temperature) < 1e-9) return t;
        throw new ArgumentException($"T = {temperature} is not on the grid {temperatures[0]} … {temperatures[^1]}.", nameof(temperature));
    }
}
