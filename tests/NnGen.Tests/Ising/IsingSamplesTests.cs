using Ising;

namespace NnGen.Tests.Ising;

public sealed class IsingSamplesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-ising-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static IsingSamples Sampled() =>
        Sampler.Sample(new SamplerOptions(6, [1.5, 2.5, 3.5], ConfigurationsPerTemperature: 5, Chains: 2, ThermalizationSweeps: 10, SweepsBetweenSamples: 1, Seed: 8));

    [Fact]
    public void SaveThenLoad_GivesTheSameSamples()
    {
        var samples = Sampled();
        samples.Save(PathOf("set"));
        var loaded = IsingSamples.Load(PathOf("set"));
        Assert.Equal(samples.L, loaded.L);
        Assert.Equal(samples.Count, loaded.Count);
        Assert.Equal(samples.Configurations, loaded.Configurations);
        Assert.Equal(samples.Temperatures, loaded.Temperatures);
        Assert.Equal(samples.Chains, loaded.Chains);
    }

    [Fact]
    public void Save_WritesThreeNumPyFiles_InTheDocumentedLayout()
    {
        var samples = Sampled();
        samples.Save(_directory);
        var configurations = Npy.Read(PathOf("configurations.npy"));
        var temperatures = Npy.Read(PathOf("temperatures.npy"));
        var chains = Npy.Read(PathOf("chains.npy"));
        Assert.Equal(NpyDataType.Int8, configurations.DataType);
        Assert.Equal([15, 6, 6], configurations.Shape);
        Assert.Equal(samples.Configurations, configurations.ToSingle());
        Assert.Equal(NpyDataType.Float64, temperatures.DataType);
        Assert.Equal([15], temperatures.Shape);
        Assert.Equal(NpyDataType.Int32, chains.DataType);
        Assert.Equal([15], chains.Shape);
        Assert.Equal(3, Directory.GetFiles(_directory).Length);
    }

    /// <summary>Saves a good set, then overwrites one file with <paramref name="replace"/>.</summary>
    private InvalidDataException LoadFails(Action<string> replace)
    {
        Sampled().Save(_directory);
        replace(_directory);
        return Assert.Throws<InvalidDataException>(() => IsingSamples.Load(_directory));
    }

    [Fact]
    public void Load_RefusesTemperaturesOfAnotherCount()
    {
        var error = LoadFails(d => Npy.Write(Path.Combine(d, "temperatures.npy"), new double[16]));
        Assert.Contains("do not belong together", error.Message);
        Assert.Contains("configurations.npy holds 15 configurations, temperatures.npy 16 temperatures and chains.npy 15 chain ids", error.Message);
    }

    [Fact]
    public void Load_RefusesChainsOfAnotherCount()
    {
        var error = LoadFails(d => Npy.Write(Path.Combine(d, "chains.npy"), new int[14]));
        Assert.Contains("chains.npy 14 chain ids", error.Message);
    }

    [Fact]
    public void Load_RefusesTheWrongTypes()
    {
        var floats = LoadFails(d => Npy.Write(Path.Combine(d, "configurations.npy"), Enumerable.Repeat(1f, 15 * 36).ToArray(), 15, 6, 6));
        Assert.Contains("holds Float32 with shape (15, 6, 6); expected (n, L, L) int8 spins", floats.Message);
        var singles = LoadFails(d => Npy.Write(Path.Combine(d, "temperatures.npy"), new float[15]));
        Assert.Contains("expected (n,) float64 temperatures", singles.Message);
        var longs = LoadFails(d => Npy.Write(Path.Combine(d, "chains.npy"), new double[15]));
        Assert.Contains("expected (n,) int32 chain ids", longs.Message);
    }

    [Fact]
    public void Load_RefusesNonSquareLattices_AndSpinsOtherThanPlusMinusOne()
    {
        var shape = LoadFails(d => Npy.Write(Path.Combine(d, "configurations.npy"), Enumerable.Repeat((sbyte)1, 15 * 30).ToArray(), 15, 5, 6));
        Assert.Contains("has shape (15, 5, 6); expected (n, L, L)", shape.Message);

        var spins = Enumerable.Repeat((sbyte)1, 15 * 36).ToArray();
        spins[2 * 36 + 7] = 0;
        var value = LoadFails(d => Npy.Write(Path.Combine(d, "configurations.npy"), spins, 15, 6, 6));
        Assert.Contains("configuration 2 has the value 0 at spin 7", value.Message);
    }

    [Fact]
    public void Load_WithAMissingFile_SaysWhichFile()
    {
        Sampled().Save(_directory);
        File.Delete(PathOf("chains.npy"));
        var error = Assert.Throws<FileNotFoundException>(() => IsingSamples.Load(_directory));
        Assert.Contains("chains.npy", error.Message);
    }

    [Fact]
    public void Measurements_AverageOverTheConfigurationsAtOneTemperature()
    {
        // At T = 1: all up (m = 1, u = −2) and all down (m = −1, u = −2). At T = 5: a checkerboard (m = 0, u = 2).
        float[] up = [1, 1, 1, 1], down = [-1, -1, -1, -1], checkerboard = [1, -1, -1, 1];
        var samples = new IsingSamples(2, [.. up, .. checkerboard, .. down], [1.0, 5.0, 1.0], [0, 1, 0]);
        Assert.Equal(1.0, samples.MeanAbsMagnetization(1.0));
        Assert.Equal(-2.0, samples.MeanEnergyPerSpin(1.0));
        Assert.Equal(0.0, samples.MeanAbsMagnetization(5.0));
        Assert.Equal(2.0, samples.MeanEnergyPerSpin(5.0));
        Assert.Equal([1.0, 5.0], samples.DistinctTemperatures);
        var error = Assert.Throws<ArgumentException>(() => samples.MeanAbsMagnetization(2.0));
        Assert.Contains("No configuration has the temperature 2; the set has 1, 5", error.Message);
    }

    [Fact]
    public void Constructor_RefusesArraysThatDoNotAgree()
    {
        var spins = Assert.Throws<ArgumentException>(() => new IsingSamples(2, new float[7], [1.0, 2.0], [0, 1]));
        Assert.Contains("2 temperatures need 2 configurations of 2 × 2 = 8 spins, but there are 7", spins.Message);
        var chains = Assert.Throws<ArgumentException>(() => new IsingSamples(2, Enumerable.Repeat(1f, 8).ToArray(), [1.0, 2.0], [0]));
        Assert.Contains("2 temperatures need 2 chain ids, but there are 1", chains.Message);
        var values = Assert.Throws<ArgumentException>(() => new IsingSamples(2, [1, 1, 1, 1, 1, 0.5f, 1, 1], [1.0, 2.0], [0, 1]));
        Assert.Contains("Configuration 1 has the value 0.5 at spin 1", values.Message);
    }
}
