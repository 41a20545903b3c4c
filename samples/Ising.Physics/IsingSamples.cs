using NnGen;

namespace Ising;

/// <summary>
/// Ising configurations with the temperature and the Markov chain each came from: the output of
/// <see cref="Sampler.Sample"/>, and the input of a network that learns the phase from the spins.
/// </summary>
/// <remarks>
/// <para>The arrays are held, not copied: <see cref="Configurations"/> can be handed to a <see cref="Dataset{T}"/>
/// as it is. Do not write to them.</para>
/// <para>On disk (<see cref="Save"/>, <see cref="Load"/>) a set is three NumPy files in one directory, so it opens in
/// Python as well: <c>configurations.npy</c> (int8, shape (n, L, L), values ±1), <c>temperatures.npy</c> (float64,
/// shape (n,)) and <c>chains.npy</c> (int32, shape (n,)).</para>
/// </remarks>
public sealed class IsingSamples
{
    /// <summary>The file of the spins, int8 (n, L, L).</summary>
    public const string ConfigurationsFile = "configurations.npy";

    /// <summary>The file of the temperatures, float64 (n,).</summary>
    public const string TemperaturesFile = "temperatures.npy";

    /// <summary>The file of the chain ids, int32 (n,).</summary>
    public const string ChainsFile = "chains.npy";

    /// <summary>Wraps the arrays of n configurations (not copied).</summary>
    /// <param name="l">The lattice side L, at least 2.</param>
    /// <param name="configurations">n·L² spins, each +1 or −1, configuration after configuration, each row-major.</param>
    /// <param name="temperatures">n temperatures, one per configuration.</param>
    /// <param name="chains">n chain ids, one per configuration; configurations from one Markov chain share an id.</param>
    /// <exception cref="ArgumentException">The lengths do not agree, or a spin is not ±1; the message says which.</exception>
    public IsingSamples(int l, float[] configurations, double[] temperatures, int[] chains)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(temperatures);
        ArgumentNullException.ThrowIfNull(chains);
        Lattice.CheckSize(l);
        var n = temperatures.Length;
        if (configurations.Length != (long)n * l * l)
        {
            throw new ArgumentException(
                $"{n} temperatures need {n} configurations of {l} × {l} = {(long)n * l * l} spins, but there are {configurations.Length}.", nameof(configurations));
        }

        if (chains.Length != n)
        {
            throw new ArgumentException($"{n} temperatures need {n} chain ids, but there are {chains.Length}.", nameof(chains));
        }

        for (var i = 0; i < configurations.Length; i++)
        {
            if (configurations[i] is not (1f or -1f))
            {
                throw new ArgumentException(
                    $"Configuration {i / (l * l)} has the value {configurations[i]} at spin {i % (l * l)}; spins are +1 or -1.", nameof(configurations));
            }
        }

        L = l;
        Configurations = configurations;
        Temperatures = temperatures;
        Chains = chains;
    }

    /// <summary>The lattice side L.</summary>
    public int L { get; }

    /// <summary>The number of configurations n.</summary>
    public int Count => Temperatures.Length;

    /// <summary>Every spin as ±1, configuration after configuration (n × L × L, row-major): a network's input.</summary>
    public float[] Configurations { get; }

    /// <summary>The temperature of each configuration.</summary>
    public double[] Temperatures { get; }

    /// <summary>The Markov chain of each configuration: an id unique over the whole set.</summary>
    public int[] Chains { get; }

    /// <summary>The temperatures present, each once, in order of first appearance.</summary>
    public IReadOnlyList<double> DistinctTemperatures => [.. Temperatures.Distinct()];

    /// <summary>The spins of configuration <paramref name="index"/>, row-major.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    public ReadOnlySpan<float> Configuration(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Configurations.AsSpan(index * L * L, L * L);
    }

    /// <summary>⟨|m|⟩ over the configurations at temperature <paramref name="temperature"/>, m the magnetization per spin.</summary>
    /// <param name="temperature">A temperature of the set, matched exactly.</param>
    /// <exception cref="ArgumentException">No configuration has this temperature; the message lists those present.</exception>
    public double MeanAbsMagnetization(double temperature) =>
        Mean(temperature, spins => Math.Abs(Observables.Magnetization(spins)));

    /// <summary>⟨u⟩ over the configurations at temperature <paramref name="temperature"/>, u the energy per spin (J = 1).</summary>
    /// <param name="temperature">A temperature of the set, matched exactly.</param>
    /// <exception cref="ArgumentException">No configuration has this temperature; the message lists those present.</exception>
    public double MeanEnergyPerSpin(double temperature) =>
        Mean(temperature, spins => Observables.EnergyPerSpin(spins, L));

    /// <summary>
    /// Writes <see cref="ConfigurationsFile"/>, <see cref="TemperaturesFile"/> and <see cref="ChainsFile"/> into
    /// <paramref name="directory"/>, creating it if needed. Each file is replaced atomically; a crash between two files
    /// can leave files of two different sets, which <see cref="Load"/> detects when their counts differ.
    /// </summary>
    /// <param name="directory">Where the three files go.</param>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var spins = new sbyte[Configurations.Length];
        for (var i = 0; i < spins.Length; i++) spins[i] = (sbyte)Configurations[i];
        Npy.Write(Path.Combine(directory, ConfigurationsFile), spins, Count, L, L);
        Npy.Write(Path.Combine(directory, TemperaturesFile), Temperatures, Count);
        Npy.Write(Path.Combine(directory, ChainsFile), Chains, Count);
    }

    /// <summary>Reads a set written by <see cref="Save"/> (or by NumPy in the same layout), checking that the three files agree.</summary>
    /// <param name="directory">The directory holding the three files.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file has the wrong type or shape, the counts differ, or a spin is not ±1; the message names the file.</exception>
    public static IsingSamples Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var configurationsPath = Path.Combine(directory, ConfigurationsFile);
        var temperaturesPath = Path.Combine(directory, TemperaturesFile);
        var chainsPath = Path.Combine(directory, ChainsFile);
        var configurations = Npy.Read(configurationsPath);
        var temperatures = Npy.Read(temperaturesPath);
        var chains = Npy.Read(chainsPath);

        Expect(configurations, NpyDataType.Int8, 3, configurationsPath, "(n, L, L) int8 spins");
        Expect(temperatures, NpyDataType.Float64, 1, temperaturesPath, "(n,) float64 temperatures");
        Expect(chains, NpyDataType.Int32, 1, chainsPath, "(n,) int32 chain ids");

        var n = configurations.Shape[0];
        var l = configurations.Shape[1];
        if (configurations.Shape[2] != l || l < Lattice.MinimumSize)
        {
            throw new InvalidDataException(
                $"'{configurationsPath}' has shape ({string.Join(", ", configurations.Shape)}); expected (n, L, L): square lattices with L ≥ {Lattice.MinimumSize}.");
        }

        if (temperatures.Shape[0] != n || chains.Shape[0] != n)
        {
            throw new InvalidDataException(
                $"The files in '{directory}' do not belong together: {ConfigurationsFile} holds {n} configurations, {TemperaturesFile} {temperatures.Shape[0]} temperatures and {ChainsFile} {chains.Shape[0]} chain ids; each must hold one per configuration.");
        }

        var raw = configurations.RawBytes;
        var spins = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var s = (sbyte)raw[i];
            if (s is not (1 or -1))
            {
                throw new InvalidDataException(
                    $"'{configurationsPath}': configuration {i / (l * l)} has the value {s} at spin {i % (l * l)}; spins are +1 or -1.");
            }

            spins[i] = s;
        }

        return new IsingSamples(l, spins, temperatures.ToDouble(), chains.ToInt32());
    }

    private static void Expect(NpyArray array, NpyDataType type, int dimensions, string path, string what)
    {
        if (array.DataType != type || array.Shape.Count != dimensions)
        {
            throw new InvalidDataException(
                $"'{path}' holds {array.DataType} with shape ({string.Join(", ", array.Shape)}); expected {what}.");
        }
    }

    private double Mean(double temperature, Func<ReadOnlySpan<float>, double> observable)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Temperatures[i] != temperature) continue;
            sum += observable(Configuration(i));
            count++;
        }

        if (count == 0)
        {
            throw new ArgumentException(
                $"No configuration has the temperature {temperature}; the set has {string.Join(", ", DistinctTemperatures)}.", nameof(temperature));
        }

        return sum / count;
    }
}
