using Ising;

namespace NnGen.Tests.Ising;

public class ExperimentTests
{
    /// <summary>
    /// The classroom experiment, reduced to what CI affords: L = 8, 60 configurations per temperature from 3 chains,
    /// 3 networks. Small lattices shift T* upwards, so the bound is 5 % here (the README quotes the full run).
    /// </summary>
    [Fact]
    public void ReducedExperiment_FindsTheCriticalTemperatureWithin5Percent()
    {
        var options = new ExperimentOptions { Sizes = [8], ConfigurationsPerTemperature = 60, Chains = 3, Seeds = 3, Epochs = 10 };
        var output = Directory.CreateTempSubdirectory("nngen-ising-").FullName;
        try
        {
            var result = IsingExperiment.Run(options, output, TextWriter.Null);

            var phase = Assert.Single(result.Phases);
            Assert.True(phase.RelativeDeviation <= 0.05,
                $"T*(8) = {phase.TStar:F3} ± {phase.TStarError:F3}, {phase.RelativeDeviation:P1} from T_c = {Exact.CriticalTemperature:F4}");
            Assert.All(phase.ValidationAccuracy, accuracy => Assert.True(accuracy > 0.95, $"validation accuracy {accuracy:P1}"));
            Assert.True(phase.MeanPOrdered[0] > 0.9 && phase.MeanPOrdered[^1] < 0.1, "P(ordered) must run from ordered to disordered");

            var temperature = Assert.Single(result.TemperatureClassifiers);
            Assert.True(temperature.TestAccuracy > 2.0 / 26, $"the temperature classifier must beat chance: {temperature.TestAccuracy:P1}");
            AssertPng(Path.Combine(output, "p-ordered.png"));
            AssertPng(Path.Combine(output, "weight-order-parameter.png"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Crossing_InterpolatesLinearlyBetweenTheNeighbours()
    {
        Assert.Equal(2.25, Crossing.Downward([2.0, 2.5, 3.0], [0.9, 0.1, 0.0], 0.5)!.Value, 12);
        Assert.Null(Crossing.Downward([1.0, 2.0], [0.9, 0.8], 0.5));
        Assert.Equal(1.5, Crossing.Any([1.0, 2.0], [-1.0, 1.0], 0.0)!.Value, 12);
    }

    /// <summary>A PNG's signature and its IHDR chunk: width and height as written.</summary>
    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(Plots.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(Plots.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
