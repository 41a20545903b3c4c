using Ising;

namespace NnGen.Tests.Ising;

/// <summary>A Monte Carlo mean and its standard error.</summary>
internal readonly record struct Estimate(double Mean, double Error)
{
    public override string ToString() => $"{Mean:F5} ± {Error:F5}";
}

/// <summary>
/// Error bars from independent Markov chains: each chain's mean is one independent draw, whatever the autocorrelation
/// inside the chain, so the standard error of the overall mean is sd(chain means)/√C.
/// </summary>
internal static class ChainStatistics
{
    /// <summary>The mean over chains of equal length and its standard error.</summary>
    public static Estimate FromChains(IReadOnlyList<double[]> chains)
    {
        Assert.True(chains.Count >= 4, "Error bars need at least 4 chains.");
        Assert.All(chains, c => Assert.Equal(chains[0].Length, c.Length));
        var means = chains.Select(c => c.Average()).ToArray();
        var mean = means.Average();
        var variance = means.Sum(m => (m - mean) * (m - mean)) / (means.Length - 1);
        return new Estimate(mean, Math.Sqrt(variance / means.Length));
    }

    /// <summary>An observable of each configuration, grouped by the chain it came from.</summary>
    public static Estimate Of(IsingSamples samples, Func<ReadOnlySpan<float>, double> observable)
    {
        var byChain = new Dictionary<int, List<double>>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (!byChain.TryGetValue(samples.Chains[i], out var values)) byChain[samples.Chains[i]] = values = [];
            values.Add(observable(samples.Configuration(i)));
        }

        return FromChains([.. byChain.Values.Select(v => v.ToArray())]);
    }

    /// <summary>Runs <paramref name="chains"/> chains of <paramref name="update"/> and records an observable after each update.</summary>
    public static Estimate Run(
        int chains, int l, ulong seed, int thermalization, int measurements,
        Action<Lattice, Rng> update, Func<Lattice, double> observable)
    {
        var series = new double[chains][];
        Parallel.For(0, chains, c =>
        {
            var rng = new Rng(seed + (ulong)c * 1_000_003);
            var lattice = Lattice.Random(l, rng);
            for (var i = 0; i < thermalization; i++) update(lattice, rng);
            series[c] = new double[measurements];
            for (var i = 0; i < measurements; i++)
            {
                update(lattice, rng);
                series[c][i] = observable(lattice);
            }
        });
        return FromChains(series);
    }
}
