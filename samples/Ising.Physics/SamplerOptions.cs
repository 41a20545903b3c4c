namespace Ising;

/// <summary>
/// What <see cref="Sampler.Sample"/> generates: <paramref name="ConfigurationsPerTemperature"/> configurations of an
/// <paramref name="L"/> × <paramref name="L"/> lattice at each of <paramref name="Temperatures"/>, from
/// <paramref name="Chains"/> independent Markov chains per temperature.
/// </summary>
/// <remarks>
/// <para>A "sweep" is one <see cref="MetropolisWolff.Sweep"/>: a Metropolis sweep plus a fixed number of Wolff clusters
/// that flip about N spins in all; each chain measures its mean cluster size in the second half of its thermalization
/// and fixes the number of clusters from it (one cluster per sweep if there is no thermalization).</para>
/// <para>Measured with this sweep (L = 8, 16, 32, T from 1.5 to 4): integrated autocorrelation times of |m| and u of
/// 0.5–1.2 sweeps, the largest at T_c and L = 32 (Metropolis alone: 45 sweeps for |m| there); chains reach equilibrium
/// within about 10 sweeps from either start. Recommended for L = 8, 16 and 32: <paramref name="ThermalizationSweeps"/>
/// = 200 and <paramref name="SweepsBetweenSamples"/> = 3, which keeps successive configurations of a chain nearly
/// independent; 26 temperatures × 200 configurations from 4 chains each then take about 0.3 s at L = 8, 0.7 s at
/// L = 16 and 2.6 s at L = 32 on one core.</para>
/// </remarks>
/// <param name="L">The lattice side, at least 2.</param>
/// <param name="Temperatures">The temperatures T = 1/β (k_B = J = 1), each finite and &gt; 0.</param>
/// <param name="ConfigurationsPerTemperature">Configurations kept per temperature, at least 1, shared out as evenly as
/// possible among the chains.</param>
/// <param name="Chains">Independent chains per temperature, from 1 to <paramref name="ConfigurationsPerTemperature"/>.</param>
/// <param name="ThermalizationSweeps">Sweeps each chain makes before its first configuration is kept, at least 0.</param>
/// <param name="SweepsBetweenSamples">Sweeps before each kept configuration, including the first, at least 1.</param>
/// <param name="Seed">Seeds every chain (<see cref="Sampler.ChainSeed"/>); the same options give the same samples.</param>
public sealed record SamplerOptions(
    int L,
    IReadOnlyList<double> Temperatures,
    int ConfigurationsPerTemperature,
    int Chains,
    int ThermalizationSweeps,
    int SweepsBetweenSamples,
    ulong Seed)
{
    /// <summary>
    /// The most chains run at once (<see cref="ParallelOptions.MaxDegreeOfParallelism"/>); −1, the default, uses every
    /// core. It changes only the speed: the samples are the same, bit for bit, for any value.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws unless every option is in range; the message names the option and its value.</summary>
    internal void Validate()
    {
        if (L < Lattice.MinimumSize || L > 46340)
            throw new ArgumentException($"SamplerOptions.L must lie in [{Lattice.MinimumSize}, 46340], but is {L}.", "options");
        if (Temperatures is null || Temperatures.Count == 0)
            throw new ArgumentException("SamplerOptions.Temperatures must hold at least one temperature.", "options");
        for (var t = 0; t < Temperatures.Count; t++)
        {
            if (!(Temperatures[t] > 0) || double.IsPositiveInfinity(Temperatures[t]))
                throw new ArgumentException($"SamplerOptions.Temperatures[{t}] is {Temperatures[t]}; each temperature must be finite and greater than 0.", "options");
        }

        if (ConfigurationsPerTemperature < 1)
            throw new ArgumentException($"SamplerOptions.ConfigurationsPerTemperature must be at least 1, but is {ConfigurationsPerTemperature}.", "options");
        if (Chains < 1 || Chains > ConfigurationsPerTemperature)
            throw new ArgumentException($"SamplerOptions.Chains must lie in [1, ConfigurationsPerTemperature = {ConfigurationsPerTemperature}], so that every chain keeps a configuration, but is {Chains}.", "options");
        if (ThermalizationSweeps < 0)
            throw new ArgumentException($"SamplerOptions.ThermalizationSweeps must be at least 0, but is {ThermalizationSweeps}.", "options");
        if (SweepsBetweenSamples < 1)
            throw new ArgumentException($"SamplerOptions.SweepsBetweenSamples must be at least 1, but is {SweepsBetweenSamples}.", "options");
        if (MaxDegreeOfParallelism is 0 or < -1)
            throw new ArgumentException($"SamplerOptions.MaxDegreeOfParallelism must be -1 (every core) or at least 1, but is {MaxDegreeOfParallelism}.", "options");
        var values = (long)Temperatures.Count * ConfigurationsPerTemperature * L * L;
        if (values > Array.MaxLength)
            throw new ArgumentException($"{Temperatures.Count} temperatures × {ConfigurationsPerTemperature} configurations × {L}² spins = {values} values, more than one array holds ({Array.MaxLength}).", "options");
    }
}
