using NnGen;

namespace Ising;

/// <summary>
/// Generates equilibrium configurations of the 2D Ising model at a list of temperatures: the data set of Tanaka &amp;
/// Tomiya, "Detection of phase transition via convolutional neural networks", J. Phys. Soc. Jpn. 86, 063001 (2017).
/// </summary>
/// <remarks>
/// <para>Each (temperature, chain) pair is an independent Markov chain with its own <see cref="Rng"/>, seeded by
/// <see cref="ChainSeed"/> from the options' seed, the temperature's index and the chain's index. A chain starts</para>
/// <list type="bullet">
/// <item>below T_c, from an ordered lattice (all +1 or all −1, the sign drawn from the chain's generator): it is close
/// to equilibrium already, and a random start would first coarsen through domains and metastable stripes;</item>
/// <item>at and above T_c, from a random lattice (hot start), which is close to the disordered equilibrium state.</item>
/// </list>
/// <para>It then makes <see cref="SamplerOptions.ThermalizationSweeps"/> sweeps (<see cref="MetropolisWolff.Sweep"/>:
/// a Metropolis sweep and Wolff clusters), measuring the mean Wolff cluster size ⟨|C|⟩ in the second half, and fixes the
/// clusters per sweep at ⌈N/⟨|C|⟩⌉ so that they flip about N spins per sweep. It then keeps one configuration after every
/// <see cref="SamplerOptions.SweepsBetweenSamples"/> further sweeps. The count is fixed, not "until N spins are
/// flipped", because that stopping rule biases the samples (see <see cref="MetropolisWolff"/>). The Wolff
/// clusters flip the sign of the magnetization freely below T_c, so both signs are sampled whatever the start.</para>
/// <para>Chains run in parallel. Each writes only its own slice of the result and draws only from its own generator,
/// so the samples are bit-identical for any number of threads.</para>
/// </remarks>
public static class Sampler
{
    /// <summary>Runs every chain and collects the kept configurations.</summary>
    /// <param name="options">What to sample.</param>
    /// <param name="progress">Told after each finished chain; reports come one at a time and in order of
    /// <see cref="SamplingProgress.ChainsDone"/>, so the receiver need not be thread-safe.</param>
    /// <param name="cancellationToken">Stops the chains within a sweep.</param>
    /// <returns>The configurations ordered by temperature (as listed), then chain, then time.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IsingSamples Sample(SamplerOptions options, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var temperatures = options.Temperatures.ToArray(); // a snapshot: the caller's list may change meanwhile
        var l = options.L;
        var perTemperature = options.ConfigurationsPerTemperature;
        var chainsPerTemperature = options.Chains;
        var total = temperatures.Length * chainsPerTemperature;
        var count = temperatures.Length * perTemperature;

        var configurations = new float[count * l * l];
        var sampleTemperatures = new double[count];
        var chainIds = new int[count];

        var gate = new object();
        var done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };

        Parallel.For(0, total, parallel, id =>
        {
            var t = id / chainsPerTemperature;
            var chain = id % chainsPerTemperature;

            // Chain c keeps ⌊K/C⌋ configurations, one more if c < K mod C; its slice starts after those of chains < c.
            var share = perTemperature / chainsPerTemperature;
            var extra = perTemperature % chainsPerTemperature;
            var first = t * perTemperature + chain * share + Math.Min(chain, extra);
            var kept = share + (chain < extra ? 1 : 0);

            RunChain(options, temperatures[t], ChainSeed(options.Seed, t, chain), configurations.AsSpan(first * l * l, kept * l * l), cancellationToken);
            sampleTemperatures.AsSpan(first, kept).Fill(temperatures[t]);
            chainIds.AsSpan(first, kept).Fill(id);

            lock (gate)
            {
                done++;
                progress?.Report(new SamplingProgress(done, total));
            }
        });

        return new IsingSamples(l, configurations, sampleTemperatures, chainIds);
    }

    /// <summary>
    /// The seed of the chain for temperature index <paramref name="temperatureIndex"/> and chain index
    /// <paramref name="chain"/>: the options' seed, then each index, mixed in by SplitMix64's finalizer (a bijection of
    /// 64-bit numbers), so different chains get unrelated generators.
    /// </summary>
    /// <param name="seed">The options' seed.</param>
    /// <param name="temperatureIndex">The temperature's position in <see cref="SamplerOptions.Temperatures"/>.</param>
    /// <param name="chain">The chain's index at that temperature.</param>
    public static ulong ChainSeed(ulong seed, int temperatureIndex, int chain)
    {
        var h = Mix(seed + 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (uint)temperatureIndex);
        return Mix(h ^ ((ulong)(uint)chain << 32));
    }

    /// <summary>One chain: start, thermalize, then keep one configuration every SweepsBetweenSamples sweeps.</summary>
    private static void RunChain(SamplerOptions options, double temperature, ulong seed, Span<float> destination, CancellationToken cancellationToken)
    {
        var rng = new Rng(seed);
        var l = options.L;
        var beta = 1 / temperature;
        var lattice = temperature < Exact.CriticalTemperature
            ? Lattice.Ordered(l, (sbyte)((rng.NextUInt64() >> 63) == 0 ? -1 : 1))
            : Lattice.Random(l, rng);

        // Thermalize, and meanwhile measure the mean cluster size ⟨|C|⟩ to fix the clusters per sweep (≈ N/⟨|C|⟩). The
        // count adapts only here; while configurations are kept it is fixed, as exact sampling requires
        // (MetropolisWolff's remarks). The first half of the thermalization is forgotten: it starts off equilibrium.
        var n = l * l;
        var clusters = 1;
        long flipped = 0, drawn = 0;
        var therm = options.ThermalizationSweeps;
        for (var sweep = 0; sweep < therm; sweep++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sweep == therm / 2 && sweep > 0) flipped = drawn = 0;
            flipped += MetropolisWolff.Sweep(lattice, beta, rng, clusters);
            drawn += clusters;
            clusters = MetropolisWolff.ClustersPerSweep(n, (double)flipped / drawn);
        }

        for (var offset = 0; offset < destination.Length; offset += n)
        {
            for (var sweep = 0; sweep < options.SweepsBetweenSamples; sweep++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MetropolisWolff.Sweep(lattice, beta, rng, clusters);
            }

            lattice.CopyTo(destination.Slice(offset, n));
        }
    }

    /// <summary>SplitMix64's output function (Steele, Lea &amp; Flood 2014), a bijection that scrambles every bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
