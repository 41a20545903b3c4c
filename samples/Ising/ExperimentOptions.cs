namespace Ising;

/// <summary>
/// The classroom experiment's settings. The defaults are the design of the README's main job: L = 16,
/// T = 1.0 … 3.5 in steps of 0.1, 200 configurations per temperature from 4 independent chains (2 for training, 1 for
/// validation, 1 for testing), networks trained only on T ≤ 2.0 (ordered) and T ≥ 2.6 (disordered).
/// </summary>
public sealed record ExperimentOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [16];

    /// <summary>The temperature grid, 1.0 … 3.5 in steps of 0.1 (26 values; the temperature networks have one class each).</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = Enumerable.Range(0, 26).Select(i => Math.Round(1.0 + 0.1 * i, 1)).ToArray();

    public int ConfigurationsPerTemperature { get; init; } = 200;

    /// <summary>Independent chains per temperature; the last is the test set, the one before it the validation set.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Configurations at or below this temperature are labelled ordered.</summary>
    public double OrderedBelow { get; init; } = 2.0;

    /// <summary>Configurations at or above this temperature are labelled disordered.</summary>
    public double DisorderedAbove { get; init; } = 2.6;

    /// <summary>How many networks, each from its own seed, estimate T*; their spread is its error bar.</summary>
    public int Seeds { get; init; } = 5;

    public int Epochs { get; init; } = 15;

    public ulong Seed { get; init; } = 2017;

    /// <summary>Metropolis + Wolff sweeps before the first sample of a chain, and between samples.</summary>
    public int ThermalizationSweeps { get; init; } = 200;

    public int SweepsBetweenSamples { get; init; } = 5;
}
